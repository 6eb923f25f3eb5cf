using TalentFunctions.Domain.Programs;

namespace TalentFunctions.Web.Settings;

/// <summary>
/// <c>Programs:Timings:*</c> (not set in Azure): shorter waits for every program — reviews due, offers valid,
/// reminders, the retention sweep — so a demo or a soak run sees timers fire in seconds. Empty settings keep the programs' own.
/// </summary>
public sealed class ProgramTimingSettings
{
    public const string Section = "Programs:Timings";

    public TimeSpan? ReviewWindow { get; set; }
    public TimeSpan? OfferValidity { get; set; }
    public TimeSpan? ReminderLead { get; set; }
    public TimeSpan? DraftFirstReminderLead { get; set; }
    public TimeSpan? DraftLastReminderLead { get; set; }
    public TimeSpan? RetentionDelay { get; set; }
    public TimeSpan? RetentionNotice { get; set; }

    public ProgramCatalog ApplyTo(ProgramCatalog catalog)
    {
        if (ReviewWindow is null && OfferValidity is null && ReminderLead is null && DraftFirstReminderLead is null && DraftLastReminderLead is null
            && RetentionDelay is null && RetentionNotice is null)
        {
            return catalog;
        }
        return ProgramCatalog.From(catalog.All.Select(p => p with
        {
            Timings = p.Timings with
            {
                ReviewWindow = ReviewWindow ?? p.Timings.ReviewWindow,
                OfferValidity = OfferValidity ?? p.Timings.OfferValidity,
                ReminderLead = ReminderLead ?? p.Timings.ReminderLead,
                DraftFirstReminderLead = DraftFirstReminderLead ?? p.Timings.DraftFirstReminderLead,
                DraftLastReminderLead = DraftLastReminderLead ?? p.Timings.DraftLastReminderLead,
                RetentionDelay = RetentionDelay ?? p.Timings.RetentionDelay,
                RetentionNotice = RetentionNotice ?? p.Timings.RetentionNotice,
            },
        }));
    }
}
