using System.Text.Json;
using TalentFunctions.Domain;
using TalentFunctions.Domain.Applications;

namespace TalentFunctions.Workflow.Effects;

/// <summary>
/// Turns what a command decided into pending effect rows: the domain's emails and work, plus the read models'
/// bookkeeping (the staff index when the listing changes, mentor load when open reviews change). The domain's
/// timer effects are not stored: the orchestration reads the pending timers from the application's state.
/// Pure: same input, same rows, same effect ids.
/// </summary>
public static class EffectPlanner
{
    public static IReadOnlyList<PendingEffect> Plan(ApplicationState? before, ApplicationState after, IReadOnlyList<Effect> effects)
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

        if (before is not null && HoldsSeat(before.Stage) && !HoldsSeat(after.Stage))
        {
            var release = $"{after.Id}-{after.Version}-seat";
            items.Add(new PendingEffect(release, PendingEffectTypes.SeatRelease,
                PayloadJson.Write(new SeatReleasePayload(after.ProgramId, after.Cycle)), ++sequence));
            // The waitlist moves: one promotion per freed seat (its id names the release), performed after the release
            // (the catch-up releases seats before it returns the work).
            items.Add(new PendingEffect(release + "-waitlist", PendingEffectTypes.Work,
                PayloadJson.Write(new WorkPayload(nameof(WorkKind.WaitlistPromotion))), ++sequence));
        }

        if (before is null || before.Stage != after.Stage || before.WeightedScore != after.WeightedScore
            || before.NeedsAttention.Count != after.NeedsAttention.Count || before.Project.Title != after.Project.Title
            || before.Applicant.Name != after.Applicant.Name)
        {
            items.Add(new PendingEffect($"{after.Id}-{after.Version}-index", PendingEffectTypes.Index,
                PayloadJson.Write(new IndexPayload(SummaryFactory.From(after))), ++sequence));
        }
        return items;
    }

    /// <summary>Offers outstanding and acceptances hold a cohort seat (the seat ledger is written when the offer is made).</summary>
    public static bool HoldsSeat(Stage stage) => stage is Stage.Offered or Stage.Accepted;

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
