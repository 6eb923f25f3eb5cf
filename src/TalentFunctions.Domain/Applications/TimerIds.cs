namespace TalentFunctions.Domain.Applications;

/// <summary>Deterministic timer ids (unique within one application).</summary>
public static class TimerIds
{
    public const string DraftReminder72h = "draft-72h";
    public const string DraftReminder24h = "draft-24h";
    public const string DraftDeadline = "draft-deadline";

    public static string ReviewReminder(string assignmentId) => $"review-remind-{assignmentId}";
    public static string ReviewDue(string assignmentId) => $"review-due-{assignmentId}";
    public static string OfferReminder(string offerId) => $"offer-remind-{offerId}";
    public static string OfferExpiry(string offerId) => $"offer-expiry-{offerId}";

    /// <summary>The release of the decision recorded at <paramref name="version"/> (a new id per recording: a timer fires once).</summary>
    public static string DecisionRelease(long version) => $"decision-release-v{version.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>A reminder <paramref name="lead"/> before <paramref name="dueAt"/>, if that is still after <paramref name="now"/>.</summary>
    internal static IReadOnlyList<PendingTimer> ReminderAndDue(
        TimeSpan lead,
        DateTimeOffset now,
        DateTimeOffset dueAt,
        string reminderId,
        TimerKind reminderKind,
        string dueId,
        TimerKind dueKind,
        string subject)
    {
        var timers = new List<PendingTimer>(2);
        var remindAt = dueAt - lead;
        if (remindAt > now)
        {
            timers.Add(new PendingTimer(reminderId, remindAt, reminderKind, subject));
        }

        timers.Add(new PendingTimer(dueId, dueAt, dueKind, subject));
        return timers;
    }
}
