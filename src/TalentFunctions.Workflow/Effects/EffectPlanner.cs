using System.Text.Json;
using TalentFunctions.Domain;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Workflow.Translation;

namespace TalentFunctions.Workflow.Effects;

/// <summary>
/// Turns what a command decided into pending effect rows: the domain's emails and work, plus the read models'
/// bookkeeping (the staff index when the listing or a review changes, mentor load when open reviews change, the cohort
/// seat when an offer ends or a pending offer is replaced), and the machine translation a newly assigned mentor needs (one per language the project is
/// not written in). The domain's
/// timer effects are not stored: the orchestration reads the pending timers from the application's state.
/// Pure: same input, same rows, same effect ids.
/// </summary>
public static class EffectPlanner
{
    /// <param name="program">The application's program, whose mentors' languages decide the translations (none without it).</param>
    public static IReadOnlyList<PendingEffect> Plan(ApplicationState? before, ApplicationState after, IReadOnlyList<Effect> effects, ProgramDefinition? program = null)
    {
        var items = new List<PendingEffect>(effects.Count + 2);
        var sequence = after.Version * 1000;
        foreach (var effect in effects)
        {
            if (effect switch
            {
                SendEmail email => new PendingEffect(email.EffectId, PendingEffectTypes.Email, JsonSerializer.Serialize(email, DomainJson.Options), ++sequence),
                EnqueueWork w => new PendingEffect(w.EffectId, PendingEffectTypes.Work, PayloadJson.Write(new WorkPayload(w.Kind.ToString())), ++sequence),
                ScheduleTimer or CancelTimer => null,
                _ => throw new InvalidOperationException($"No pending-effect mapping for effect {effect.GetType().Name}."),
            } is { } item)
            {
                items.Add(item);
            }
        }

        var load = MentorLoadDelta(before, after);
        if (load is not null)
        {
            items.Add(new PendingEffect($"{after.Id}-{after.Version}-load", PendingEffectTypes.MentorLoad, PayloadJson.Write(load), ++sequence));
        }

        if (before is not null && before.HoldsSeat() && !after.HoldsSeat())
        {
            var release = $"{after.Id}-{after.Version}-seat";
            items.Add(new PendingEffect(release, PendingEffectTypes.SeatRelease,
                PayloadJson.Write(new SeatReleasePayload(after.ProgramId, after.Cycle)), ++sequence));
            // The waitlist moves: one promotion per freed seat (its id names the release), performed after the release
            // (the catch-up releases seats before it returns the work).
            items.Add(new PendingEffect(release + "-waitlist", PendingEffectTypes.Work,
                PayloadJson.Write(new WorkPayload(nameof(WorkKind.WaitlistPromotion))), ++sequence));
        }

        foreach (var language in TranslationsNeeded(before, after, program))
        {
            items.Add(new PendingEffect($"{after.Id}-{after.Version}-translate-{language}", PendingEffectTypes.Translate,
                PayloadJson.Write(new TranslatePayload(language)), ++sequence));
        }

        if (before is null || before.Stage != after.Stage || before.WeightedScore != after.WeightedScore
            || before.NeedsAttention.Count != after.NeedsAttention.Count || before.Project.Title != after.Project.Title
            || before.Applicant.Name != after.Applicant.Name
            // the listing's filter columns (ListingFilter) and the pending decision the console releases
            || before.Track != after.Track || before.Applicant.School != after.Applicant.School
            || before.Project.Language != after.Project.Language || before.PendingDecision != after.PendingDecision
            || before.CompletedAssignments().Count() != after.CompletedAssignments().Count())
        {
            items.Add(new PendingEffect($"{after.Id}-{after.Version}-index", PendingEffectTypes.Index,
                PayloadJson.Write(new IndexPayload(SummaryFactory.From(after))), ++sequence));
        }
        return items;
    }

    /// <summary>
    /// The languages of the mentors assigned by this change (an assignment open now that was not before) that differ
    /// from the project's language, each once. Whether that language was translated before is the activity's to find out.
    /// </summary>
    private static IEnumerable<string> TranslationsNeeded(ApplicationState? before, ApplicationState after, ProgramDefinition? program)
    {
        if (program is null)
        {
            return [];
        }
        var known = OpenAssignments(before);
        return after.Assignments
            .Where(a => a.Status == AssignmentStatus.Open && !known.ContainsKey(a.AssignmentId))
            .Select(a => TranslationLanguages.ForMentor(program.FindMentor(a.MentorId)))
            .Where(language => !TranslationLanguages.Same(after.Project.Language, language))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
    }

    private static MentorLoadPayload? MentorLoadDelta(ApplicationState? before, ApplicationState after)
    {
        var wasOpen = OpenAssignments(before);
        var isOpen = OpenAssignments(after);
        var opened = isOpen.Where(a => !wasOpen.ContainsKey(a.Key)).Select(a => a.Value).ToList();
        var closed = wasOpen.Where(a => !isOpen.ContainsKey(a.Key)).Select(a => a.Value).ToList();
        return opened.Count == 0 && closed.Count == 0 ? null : new MentorLoadPayload(after.ProgramId, opened, closed);
    }

    private static Dictionary<string, MentorLoadChange> OpenAssignments(ApplicationState? state) =>
        state is null
            ? []
            : state.Assignments
                .Where(a => a.Status == AssignmentStatus.Open)
                .ToDictionary(a => a.AssignmentId, a => new MentorLoadChange(a.MentorId, a.AssignmentId, a.DueAt));
}
