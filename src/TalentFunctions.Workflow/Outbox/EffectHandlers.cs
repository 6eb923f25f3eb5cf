using System.Text.Json;
using TalentFunctions.Workflow.Index;
using TalentFunctions.Workflow.Mentors;
using TalentFunctions.Workflow.Timers;
using TalentFunctions.Workflow.Work;

namespace TalentFunctions.Workflow.Outbox;

internal static class PayloadJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static T Read<T>(OutboxItem item) =>
        JsonSerializer.Deserialize<T>(item.Json, Options)
        ?? throw new InvalidDataException($"Outbox item {item.EffectId} ({item.Type}) has no payload.");

    public static string Write<T>(T payload) => JsonSerializer.Serialize(payload, Options);
}

public sealed class ScheduleTimerHandler(TimerStore timers) : IEffectHandler
{
    public string Type => OutboxTypes.ScheduleTimer;

    public async Task<EffectOutcome> ExecuteAsync(string applicationId, OutboxItem item, CancellationToken cancellationToken)
    {
        var p = PayloadJson.Read<ScheduleTimerPayload>(item);
        await timers.ScheduleAsync(applicationId, p.TimerId, p.DueAt, p.Kind, cancellationToken).ConfigureAwait(false);
        return EffectOutcome.Done;
    }
}

public sealed class CancelTimerHandler(TimerStore timers) : IEffectHandler
{
    public string Type => OutboxTypes.CancelTimer;

    public async Task<EffectOutcome> ExecuteAsync(string applicationId, OutboxItem item, CancellationToken cancellationToken)
    {
        var p = PayloadJson.Read<CancelTimerPayload>(item);
        await timers.CancelAsync(applicationId, p.TimerId, p.DueAt, cancellationToken).ConfigureAwait(false);
        return EffectOutcome.Done;
    }
}

public sealed class EnqueueWorkHandler(OrchestrationStorage storage) : IEffectHandler
{
    public string Type => OutboxTypes.EnqueueWork;

    public async Task<EffectOutcome> ExecuteAsync(string applicationId, OutboxItem item, CancellationToken cancellationToken)
    {
        var p = PayloadJson.Read<WorkPayload>(item);
        var message = new WorkItemMessage(applicationId, p.Kind, item.EffectId);
        await storage.WorkItems.SendMessageAsync(message.ToJson(), cancellationToken: cancellationToken).ConfigureAwait(false);
        return EffectOutcome.Done;
    }
}

public sealed class IndexHandler(ApplicationIndex index) : IEffectHandler
{
    public string Type => OutboxTypes.Index;

    public async Task<EffectOutcome> ExecuteAsync(string applicationId, OutboxItem item, CancellationToken cancellationToken)
    {
        await index.ApplyAsync(PayloadJson.Read<IndexPayload>(item).Summary, cancellationToken).ConfigureAwait(false);
        return EffectOutcome.Done;
    }
}

public sealed class MentorLoadHandler(MentorLoadStore loads) : IEffectHandler
{
    public string Type => OutboxTypes.MentorLoad;

    public async Task<EffectOutcome> ExecuteAsync(string applicationId, OutboxItem item, CancellationToken cancellationToken)
    {
        await loads.ApplyAsync(applicationId, PayloadJson.Read<MentorLoadPayload>(item), cancellationToken).ConfigureAwait(false);
        return EffectOutcome.Done;
    }
}
