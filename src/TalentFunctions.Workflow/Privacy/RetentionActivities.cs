using TalentFunctions.Domain.Programs;
using TalentFunctions.Notifications;
using TalentFunctions.Workflow.Email;
using Microsoft.DurableTask;

namespace TalentFunctions.Workflow.Privacy;

/// <summary>
/// What the process needs of a plan, as durations from now on the app's clock (the process waits them on durable
/// timers); never the ids, so a large cycle's list stays out of the history. <see cref="SweepAt"/> is null while the
/// cycle is open, and the process looks again after <see cref="LookAgainIn"/>.
/// </summary>
public sealed record RetentionPlanView(DateTimeOffset? SweepAt, TimeSpan UntilNotice, TimeSpan UntilSweep, TimeSpan LookAgainIn);

/// <summary>Looks at the cycle (<see cref="RetentionSweeps.PlanAsync"/>) and says how long to wait for what comes next.</summary>
public sealed class PlanRetentionActivity(RetentionSweeps sweeps, ProgramCatalog programs, TimeProvider time) : TaskActivity<RetentionStep, RetentionPlanView>
{
    public override async Task<RetentionPlanView> RunAsync(TaskActivityContext context, RetentionStep step)
    {
        var now = time.GetUtcNow();
        var plan = await sweeps.PlanAsync(step.ProgramId, step.Cycle, now).ConfigureAwait(false);
        var program = programs.Get(step.ProgramId);
        var notice = program?.Timings.RetentionNotice ?? ProgramTimings.Default.RetentionNotice;
        // Before the deadline nothing can close it; after, an open cycle is looked at every notice period.
        var lookAgainIn = program?.Cycle == step.Cycle && now < program.Deadline ? program.Deadline - now : notice;
        return new RetentionPlanView(plan.SweepAt, Positive(plan.NoticeAt - now), Positive(plan.SweepAt - now), lookAgainIn);
    }

    private static TimeSpan Positive(TimeSpan? span) => span is { } s && s > TimeSpan.Zero ? s : TimeSpan.Zero;
}

/// <summary>The next round of a due sweep (<see cref="RetentionSweeps.NextBatchAsync"/>).</summary>
public sealed class NextRetentionBatchActivity(RetentionSweeps sweeps, TimeProvider time) : TaskActivity<RetentionStep, RetentionBatch>
{
    public override Task<RetentionBatch> RunAsync(TaskActivityContext context, RetentionStep step) =>
        sweeps.NextBatchAsync(step.ProgramId, step.Cycle, step.SweepAt ?? DateTimeOffset.MinValue, step.After, time.GetUtcNow(), RetentionProcess.RoundSize);
}

/// <summary>Starts the erasers of a round (<see cref="ErasureRequests.EnsureRunningAsync"/>); their erasure rows are recorded.</summary>
public sealed class StartRetentionErasuresActivity(ErasureRequests requests, ErasureRecords records) : TaskActivity<IReadOnlyList<string>, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, IReadOnlyList<string> applicationIds) => StartAsync(requests, records, applicationIds);

    /// <summary>The step itself, for a host that runs it as a function of its own.</summary>
    public static async Task<int> StartAsync(ErasureRequests requests, ErasureRecords records, IReadOnlyList<string> applicationIds)
    {
        ArgumentNullException.ThrowIfNull(applicationIds);
        var started = 0;
        foreach (var id in applicationIds)
        {
            if (await records.GetAsync(id).ConfigureAwait(false) is { ErasedAt: null } record)
            {
                await requests.EnsureRunningAsync(record).ConfigureAwait(false);
                started++;
            }
        }
        return started;
    }
}

/// <summary>How many of a round's applications are not erased yet.</summary>
public sealed class CountUnfinishedErasuresActivity(ErasureRecords records) : TaskActivity<IReadOnlyList<string>, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, IReadOnlyList<string> applicationIds)
    {
        var unfinished = 0;
        foreach (var id in applicationIds)
        {
            if (await records.GetAsync(id).ConfigureAwait(false) is not { ErasedAt: not null })
            {
                unfinished++;
            }
        }
        return unfinished;
    }
}

/// <summary>
/// Tells the program's staff, a notice period ahead, what the sweep will reduce and when; one email per sweep date
/// (message id <c>retention-notice-{program}-{cycle}-{sweepAt}</c>).
/// </summary>
public sealed class SendRetentionNoticeActivity(RetentionSweeps sweeps, ProgramCatalog programs, EmailComposer composer, IEmailSender sender, TimeProvider time)
    : TaskActivity<RetentionStep, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, RetentionStep step)
    {
        var now = time.GetUtcNow();
        var plan = await sweeps.PlanAsync(step.ProgramId, step.Cycle, now).ConfigureAwait(false);
        if (programs.Get(step.ProgramId) is not { } program || plan.SweepAt is not { } sweepAt)
        {
            return false;
        }
        var message = composer.ComposeForProgramStaff($"retention-notice-{step.ProgramId}-{step.Cycle}-{sweepAt.UtcTicks}", program,
            (basics, consoleUrl) => new StaffRetentionUpcomingEmail(basics, step.Cycle, sweepAt, plan.ToReduce, plan.Accepted, consoleUrl));
        await sender.SendAsync(message).ConfigureAwait(false);
        await sweeps.MarkNoticeSentAsync(step.ProgramId, step.Cycle, now).ConfigureAwait(false);
        return true;
    }
}

/// <summary>Tells the program's staff what the sweep did, and marks the cycle swept; one email per cycle.</summary>
public sealed class SendRetentionDoneActivity(RetentionSweeps sweeps, ProgramCatalog programs, EmailComposer composer, IEmailSender sender, TimeProvider time)
    : TaskActivity<RetentionStep, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, RetentionStep step)
    {
        var now = time.GetUtcNow();
        var plan = await sweeps.PlanAsync(step.ProgramId, step.Cycle, now).ConfigureAwait(false);
        await sweeps.MarkSweptAsync(step.ProgramId, step.Cycle, now).ConfigureAwait(false);
        if (programs.Get(step.ProgramId) is not { } program)
        {
            return false;
        }
        var message = composer.ComposeForProgramStaff($"retention-done-{step.ProgramId}-{step.Cycle}", program,
            (basics, consoleUrl) => new StaffRetentionDoneEmail(basics, step.Cycle, now, step.Reduced, plan.Accepted, consoleUrl));
        await sender.SendAsync(message).ConfigureAwait(false);
        return true;
    }
}
