using System.Text.Json;
using TalentFunctions.Domain;
using TalentFunctions.Domain.Applications;

namespace TalentFunctions.Workflow.Outbox;

/// <summary>
/// Turns what a command decided into outbox rows: the domain's own effects (emails, timers, work),
/// plus the runtime's bookkeeping (the staff index when the listing changes, mentor load when
/// open reviews change). Pure: same input, same rows, same effect ids.
/// </summary>
public static class EffectPlanner
{
    public static IReadOnlyList<OutboxItem> Plan(ApplicationState? before, ApplicationState after, IReadOnlyList<Effect> effects)
    {
        var items = new List<OutboxItem>(effects.Count + 2);
        var sequence = after.Version * 1000;
        foreach (var effect in effects)
        {
            items.Add(effect switch
            {
                SendEmail email => new OutboxItem(email.EffectId, OutboxTypes.Email, JsonSerializer.Serialize(email, DomainJson.Options), ++sequence),
                ScheduleTimer t => new OutboxItem(t.EffectId, OutboxTypes.ScheduleTimer,
                    PayloadJson.Write(new ScheduleTimerPayload(t.TimerId, t.DueAt, t.Kind.ToString())), ++sequence),
                CancelTimer t => new OutboxItem(t.EffectId, OutboxTypes.CancelTimer,
                    PayloadJson.Write(new CancelTimerPayload(t.TimerId, t.DueAt)), ++sequence),
                EnqueueWork w => new OutboxItem(w.EffectId, OutboxTypes.EnqueueWork, PayloadJson.Write(new WorkPayload(w.Kind.ToString())), ++sequence),
                _ => throw new InvalidOperationException($"No outbox mapping for effect {effect.GetType().Name}."),
            });
        }

        var load = MentorLoadDelta(before, after);
        if (load is not null)
        {
            items.Add(new OutboxItem($"{after.Id}-{after.Version}-load", OutboxTypes.MentorLoad, PayloadJson.Write(load), ++sequence));
        }

        if (before is null || before.Stage != after.Stage || before.WeightedScore != after.WeightedScore
            || before.NeedsAttention.Count != after.NeedsAttention.Count || before.Project.Title != after.Project.Title
            || before.Applicant.Name != after.Applicant.Name)
        {
            items.Add(new OutboxItem($"{after.Id}-{after.Version}-index", OutboxTypes.Index,
                PayloadJson.Write(new IndexPayload(SummaryFactory.From(after))), ++sequence));
        }
        return items;
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
