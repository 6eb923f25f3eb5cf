using Microsoft.DurableTask;

namespace TalentFunctions.Workflow.Privacy;

/// <summary>What a cycle's retention sweep starts with: the cycle, and how often it looks whether a round of erasures is done.</summary>
public sealed record RetentionInput(string ProgramId, string Cycle, double CheckSeconds = 2);

/// <summary>
/// The step input of the sweep's activities: the cycle, the sweep date it is for, the last application id of the
/// previous round (ids go in order), and how many applications it reduced.
/// </summary>
public sealed record RetentionStep(string ProgramId, string Cycle, DateTimeOffset? SweepAt = null, string? After = null, int Reduced = 0);

/// <summary>
/// Reduces a cycle's not-accepted applications to anonymised statistics after the cycle closes (ADR 0017), as a durable
/// process with instance id <c>retention-{programId}-{cycle}</c>, started with the cycle's first application.
/// <para>
/// Wait until the cycle has closed (looking again every notice period while it is open), tell staff what the sweep
/// will do, wait for the sweep date, then reduce the applications in rounds — each one by its own eraser
/// (<see cref="ErasureProcess"/>, without the withdrawal and the applicant email) — and tell staff what was done.
/// Every wait ends in a fresh look at the cycle: an application reopened meanwhile moves the sweep later.
/// </para>
/// <para>
/// One execution from start to end: the local engine supports neither continue-as-new nor sub-orchestrations
/// (DESIGN.md), so the process loops, waits in timers of at most three days, and starts erasers through the client.
/// Its history grows by a few events per look and per round of <see cref="RoundSize"/> applications, and both loops
/// are bounded (ADR 0017 gives the sizes).
/// </para>
/// </summary>
public sealed class RetentionProcess : TaskOrchestrator<RetentionInput, string>
{
    public const string Name = nameof(RetentionProcess);

    /// <summary>How many applications a round erases at once.</summary>
    public const int RoundSize = 50;

    /// <summary>How many times the process looks at a cycle before it stops (one look per notice period while open: decades).</summary>
    private const int MaxLooks = 1000;

    /// <summary>How many rounds a sweep runs at most (<see cref="RoundSize"/> × this: more applications than a cycle holds).</summary>
    private const int MaxRounds = 4000;

    /// <summary>The longest single durable timer the process sets; longer waits are a chain of them.</summary>
    private static readonly TimeSpan LongestTimer = TimeSpan.FromDays(3);

    /// <summary>How many times a round looks whether its erasers are done before it moves on (one blocked eraser must not stop the sweep).</summary>
    private const int RoundChecks = 150;

    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromSeconds(1), backoffCoefficient: 2));

    public static string InstanceId(string programId, string cycle) => $"retention-{programId}-{cycle}";

    public override async Task<string> RunAsync(TaskOrchestrationContext context, RetentionInput input)
    {
        var step = new RetentionStep(input.ProgramId, input.Cycle);
        DateTimeOffset? noticeWaitedFor = null, noticeSentFor = null;
        for (var look = 0; look < MaxLooks; look++)
        {
            // The activity reads the cycle on the app's clock and answers in durations the timers wait on. A wait that
            // ran its course is not repeated for the same sweep date.
            var plan = await context.CallActivityAsync<RetentionPlanView>(nameof(PlanRetentionActivity), step, Retry);
            if (plan.SweepAt is not { } sweepAt)
            {
                await WaitAsync(context, plan.LookAgainIn);
                continue;
            }
            if (noticeWaitedFor != sweepAt && plan.UntilNotice > TimeSpan.Zero)
            {
                await WaitAsync(context, plan.UntilNotice);
                noticeWaitedFor = sweepAt;
                continue;
            }
            if (noticeSentFor != sweepAt)
            {
                await context.CallActivityAsync<bool>(nameof(SendRetentionNoticeActivity), step, Retry);
                noticeSentFor = sweepAt;
            }
            await WaitAsync(context, plan.UntilSweep);
            if (await SweepAsync(context, input, step with { SweepAt = sweepAt }) is { } reduced)
            {
                await context.CallActivityAsync<bool>(nameof(SendRetentionDoneActivity), step with { SweepAt = sweepAt, Reduced = reduced }, Retry);
                return "Swept";
            }
            noticeWaitedFor = null; // the cycle reopened, or its sweep moved later: back to waiting
        }
        return "Stopped looking";
    }

    /// <summary>
    /// The rounds of a due sweep, in application id order: how many applications were reduced, or null when the cycle
    /// reopened or its sweep moved later.
    /// </summary>
    private static async Task<int?> SweepAsync(TaskOrchestrationContext context, RetentionInput input, RetentionStep step)
    {
        for (var round = 0; round < MaxRounds; round++)
        {
            var batch = await context.CallActivityAsync<RetentionBatch>(nameof(NextRetentionBatchActivity), step, Retry);
            if (!batch.Due)
            {
                return null;
            }
            if (batch.ApplicationIds.Count == 0)
            {
                return step.Reduced;
            }
            await context.CallActivityAsync<int>(RetentionActivityNames.StartErasures, batch.ApplicationIds, Retry);
            for (var check = 0; check < RoundChecks; check++)
            {
                if (await context.CallActivityAsync<int>(nameof(CountUnfinishedErasuresActivity), batch.ApplicationIds, Retry) == 0)
                {
                    break;
                }
                await context.CreateTimer(TimeSpan.FromSeconds(input.CheckSeconds), CancellationToken.None);
            }
            step = step with { After = batch.ApplicationIds[^1], Reduced = step.Reduced + batch.ApplicationIds.Count };
        }
        return step.Reduced;
    }

    /// <summary>Waits <paramref name="duration"/> on durable timers of at most <see cref="LongestTimer"/> each.</summary>
    private static async Task WaitAsync(TaskOrchestrationContext context, TimeSpan duration)
    {
        var until = context.CurrentUtcDateTime + duration;
        while (context.CurrentUtcDateTime < until)
        {
            var next = context.CurrentUtcDateTime + LongestTimer;
            await context.CreateTimer(next < until ? next : until, CancellationToken.None);
        }
    }
}

/// <summary>The name of the sweep's activity that needs the Durable client (a host whose client arrives per invocation runs it as a function).</summary>
public static class RetentionActivityNames
{
    public const string StartErasures = nameof(StartRetentionErasuresActivity);
}
