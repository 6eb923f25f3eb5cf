namespace TalentFunctions.Workflow.Outbox;

/// <summary>
/// One pending effect, stored as row <c>o{EffectId}</c> in the application's partition until done.
/// <see cref="Type"/> picks the handler; <see cref="Json"/> is that handler's payload;
/// <see cref="Sequence"/> keeps the order in which the command produced them.
/// </summary>
public sealed record OutboxItem(string EffectId, string Type, string Json, long Sequence);

/// <summary>The effect kinds the dispatcher knows.</summary>
public static class OutboxTypes
{
    public const string Email = "email";
    public const string ScheduleTimer = "timer.schedule";
    public const string CancelTimer = "timer.cancel";
    public const string EnqueueWork = "work";
    public const string Index = "index";
    public const string MentorLoad = "mentor-load";
}
