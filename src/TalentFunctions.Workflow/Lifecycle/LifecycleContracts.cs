using TalentFunctions.Domain.Applications;

namespace TalentFunctions.Workflow.Lifecycle;

/// <summary>
/// The input of an application's orchestration. The retry settings travel with the instance (not read from
/// options while replaying), so changing them never makes a running instance's history disagree with its code.
/// </summary>
public sealed record LifecycleInput(string ApplicationId, int MaxAttempts, double FirstRetrySeconds, string? TraceParent = null);

/// <summary>
/// Raised to an application's orchestration after a command changed its record (or to retry a step staff
/// fixed). It carries no data the orchestration trusts: it re-reads the record. <see cref="TraceParent"/> is the
/// W3C trace context of the request that caused it.
/// </summary>
public sealed record ChangeSignal(long Version, string? TraceParent = null);

/// <summary>
/// What the orchestration needs to know of an application record: its stage and version, what its last commands
/// left to do (emails and work, in order) and its pending timers (soonest first, with the time left by the
/// business clock when read).
/// </summary>
public sealed record LifecycleView(
    Stage Stage,
    long Version,
    bool Missing,
    IReadOnlyList<LifecycleStep> Steps,
    IReadOnlyList<LifecycleTimer> Timers)
{
    /// <summary>Nothing can change the stage any more: the orchestration ends.</summary>
    public bool IsFinal => Missing || StageRules.IsFinal(Stage);
}

/// <summary>
/// An email or a work item the record holds as a pending effect: <see cref="Activity"/> performs it;
/// <see cref="ToStaff"/> marks an email to staff (whose failure must not email staff again).
/// </summary>
public sealed record LifecycleStep(string ApplicationId, string EffectId, string Activity, string Json, bool ToStaff = false, string? TraceParent = null);

/// <summary>A timer the application waits for; <see cref="DueInSeconds"/> may be zero or less (overdue).</summary>
public sealed record LifecycleTimer(string TimerId, TimerKind Kind, double DueInSeconds);

/// <summary>Input of the timer activity.</summary>
public sealed record TimerStep(string ApplicationId, string TimerId);

/// <summary>Input of the catch-up activity: the trace of the change being caught up with.</summary>
public sealed record CatchUpRequest(string ApplicationId, string? TraceParent);

/// <summary>Input of the needs-attention activity.</summary>
public sealed record AttentionStep(string ApplicationId, string CommandId, string Reason, bool NotifyStaff);

/// <summary>
/// What a step did to the record: <see cref="Changed"/> means new pending effects may exist. <see cref="Wake"/> names
/// another application whose record the step changed (a waitlist promotion): the orchestration raises
/// <see cref="ApplicationLifecycle.ChangedEvent"/> to it, since an activity has no Durable client to do that itself.
/// Optional and null for every other step, so outcomes recorded in existing histories read the same.
/// </summary>
public sealed record StepOutcome(bool Changed, ApplicationToWake? Wake = null);

/// <summary>An application a step changed, and its record's version after the change.</summary>
public sealed record ApplicationToWake(string ApplicationId, long Version);

/// <summary>
/// The orchestration's custom status: the record version it has caught up with, and whether it is
/// <c>waiting</c> (for a change or a timer) or <c>blocked</c> (a step failed; waiting for staff to retry), and in
/// which phase (draft, screening, review-round, offer-round, staff-decision).
/// </summary>
public sealed record LifecycleStatus(long Version, string State, string Phase)
{
    public const string Waiting = "waiting";
    public const string Blocked = "blocked";
}
