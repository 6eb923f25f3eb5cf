using Microsoft.DurableTask;

namespace TalentFunctions.Workflow.Lifecycle;

/// <summary>
/// The orchestration's moves, kept apart from <see cref="ApplicationLifecycle"/> so that reads as the process:
/// catch up with the record (perform its pending emails and work, each an activity with retries), and wait for the
/// next change or timer. Deterministic: every decision is taken on activity results and the orchestration's clock.
/// <para>
/// A step that still fails after its retries does not fail the instance: the application is flagged NeedsAttention
/// with the reason and the orchestration is <c>blocked</c> — it fires no timers and waits for a change (staff retry
/// with <c>POST /api/staff/applications/{id}/retry</c>, resolve the flag, or anyone changes the application), then
/// tries the step again. The step stays pending in the record meanwhile, so nothing is lost.
/// </para>
/// </summary>
internal sealed class LifecycleSteps(TaskOrchestrationContext context, LifecycleInput input)
{
    private readonly TaskOptions retries = TaskOptions.FromRetryPolicy(new RetryPolicy(
        Math.Max(1, input.MaxAttempts),
        TimeSpan.FromSeconds(Math.Max(0.1, input.FirstRetrySeconds)),
        backoffCoefficient: 2,
        maxRetryInterval: TimeSpan.FromMinutes(5)));

    private readonly HashSet<string> fired = new(StringComparer.Ordinal);
    private Task<ChangeSignal>? change;
    private PendingTimer? timer;
    private bool blocked;
    private string phase = "start";
    private string? traceParent = input.TraceParent;
    private long version;

    private string Id => input.ApplicationId;

    /// <summary>A step failed after its retries and waits for staff (or any change) to be tried again.</summary>
    public bool Blocked => blocked;

    /// <summary>Reads the record and performs what it holds pending, until nothing is left (or a step is blocked).</summary>
    public async Task<LifecycleView> CatchUpAsync()
    {
        while (true)
        {
            var view = await ReadAsync();
            version = view.Version;
            // Work first (screening, assignment: they move the application on), then the emails, in the order the
            // record holds them — one activity for the emails, one per work item.
            var changed = false;
            foreach (var batch in Batches([.. view.Steps.Where(s => s.Activity != nameof(SendEmailsActivity)), .. view.Steps.Where(s => s.Activity == nameof(SendEmailsActivity))]))
            {
                var traced = batch.Select(step => step with { TraceParent = traceParent }).ToList();
                var outcome = traced[0].Activity == nameof(SendEmailsActivity)
                    ? await CallStepAsync(nameof(SendEmailsActivity), traced, "sending emails", notifyStaff: !traced.All(e => e.ToStaff))
                    : await CallStepAsync(traced[0].Activity, traced[0], traced[0].Activity, notifyStaff: true);
                if (outcome is null)
                {
                    return view with { Steps = [] };
                }
                changed |= outcome.Changed;
                WakeOther(outcome);
            }

            if (!changed)
            {
                return view with { Steps = [] };
            }
        }
    }

    /// <summary>
    /// Raises the change to the application a step changed besides this one (a waitlist promotion). Replay stays
    /// deterministic for every history recorded before this existed (ADR 0008): only <see cref="PromoteWaitlistActivity"/>
    /// returns a <see cref="StepOutcome.Wake"/>, it is only called for effects planned by this version, and its recorded
    /// outcome replays the same SendEvent; outcomes recorded before read without one, so no new action appears in them.
    /// </summary>
    private void WakeOther(StepOutcome outcome)
    {
        if (outcome.Wake is { } wake)
        {
            context.SendEvent(wake.ApplicationId, ApplicationLifecycle.ChangedEvent, new ChangeSignal(wake.Version, traceParent));
        }
    }

    /// <summary>Waits for a change or the view's soonest timer (none while blocked), then catches up.</summary>
    public async Task<LifecycleView> NextAsync(LifecycleView view, string phase)
    {
        this.phase = phase;
        // A timer fires once per instance: the domain removes a fired timer from the record, so one that came back
        // would be a bug, and must not spin.
        var next = blocked ? null : view.Timers.FirstOrDefault(t => !fired.Contains(t.TimerId));
        if (next is null)
        {
            CancelTimer();
            await WaitForChangeAsync();
            return await CatchUpAsync();
        }

        if (next.DueInSeconds <= 0)
        {
            // Already due by the record (a process was down when it fell due, or the business clock moved on).
            CancelTimer();
            return await FireAsync(view, next);
        }

        // Keep the durable timer already waiting for this one, unless the record now says it is due sooner.
        var fireAt = context.CurrentUtcDateTime.AddSeconds(next.DueInSeconds);
        if (timer is null || timer.TimerId != next.TimerId || fireAt < timer.FireAt.AddSeconds(-1))
        {
            CancelTimer();
            var cancellation = new CancellationTokenSource();
            timer = new PendingTimer(next.TimerId, fireAt, context.CreateTimer(fireAt, cancellation.Token), cancellation);
        }

        SetStatus();
        change ??= context.WaitForExternalEvent<ChangeSignal>(ApplicationLifecycle.ChangedEvent);
        var winner = await Task.WhenAny(change, timer!.Task);
        if (winner == timer.Task && context.CurrentUtcDateTime < timer.FireAt)
        {
            // Early: the Azure Storage backend delays a timer's queue message by whole seconds, so a durable timer can
            // fire up to a second before its time (measured: bench -- timers). A deadline closing a draft early would
            // refuse an applicant submitting in its last second. A timer a second later cannot be early.
            timer = timer with { Task = context.CreateTimer(timer.FireAt.AddSeconds(1), timer.Cancellation.Token) };
            winner = await Task.WhenAny(change, timer.Task);
        }
        if (winner == change)
        {
            traceParent = (await change).TraceParent;
            change = null;
            blocked = false;
            return await CatchUpAsync();
        }

        // A timer is nobody's request: what it causes starts a trace of its own.
        traceParent = null;
        timer = null;
        return await FireAsync(view, next);
    }

    private async Task<LifecycleView> FireAsync(LifecycleView view, LifecycleTimer due)
    {
        var outcome = await CallStepAsync(nameof(FireTimerActivity), new TimerStep(Id, due.TimerId), $"timer {due.Kind}", notifyStaff: true);
        if (outcome is null)
        {
            return view;
        }
        fired.Add(due.TimerId);
        return await CatchUpAsync();
    }

    /// <summary>Reads the record; if even that keeps failing (storage down), waits blocked for a change and tries again.</summary>
    private async Task<LifecycleView> ReadAsync()
    {
        // Each round waits for a change (a staff retry), so the history grows only as fast as people act; the local
        // engine has no continue-as-new anyway.
#pragma warning disable DURABLE0011
        while (true)
#pragma warning restore DURABLE0011
        {
            try
            {
                return await context.CallActivityAsync<LifecycleView>(nameof(CatchUpActivity), new CatchUpRequest(Id, traceParent), retries);
            }
            catch (TaskFailedException)
            {
                blocked = true;
                await WaitForChangeAsync();
            }
        }
    }

    private async Task WaitForChangeAsync()
    {
        SetStatus();
        change ??= context.WaitForExternalEvent<ChangeSignal>(ApplicationLifecycle.ChangedEvent);
        traceParent = (await change).TraceParent;
        change = null;
        blocked = false;
    }

    private void SetStatus() =>
        context.SetCustomStatus(new LifecycleStatus(version, blocked ? LifecycleStatus.Blocked : LifecycleStatus.Waiting, phase));

    /// <summary>Calls a step's activity with retries; on final failure flags the application and blocks (returns null).</summary>
    private async Task<StepOutcome?> CallStepAsync(string activity, object stepInput, string what, bool notifyStaff)
    {
        try
        {
            return await context.CallActivityAsync<StepOutcome>(activity, stepInput, retries);
        }
        catch (TaskFailedException ex)
        {
            blocked = true;
            var reason = $"The automated step '{what}' failed {Math.Max(1, input.MaxAttempts)} times ({ex.FailureDetails.ErrorType}); " +
                "it runs again when staff retry the application.";
            try
            {
                await context.CallActivityAsync<StepOutcome>(
                    nameof(FlagNeedsAttentionActivity),
                    new AttentionStep(Id, $"attention:{context.NewGuid():N}", reason, notifyStaff),
                    retries);
            }
            catch (TaskFailedException)
            {
                // Storage itself is failing: the instance stays blocked (its status says so) until a change arrives.
            }
            return null;
        }
    }

    /// <summary>
    /// Before the orchestration returns: cancels the timer it holds, since an instance with a timer still running
    /// does not complete until that timer fires (measured on the local engine), and records the final status.
    /// </summary>
    public void Finish(LifecycleView view)
    {
        CancelTimer();
        version = view.Version;
        phase = "ended";
        SetStatus();
    }

    private static List<List<LifecycleStep>> Batches(IReadOnlyList<LifecycleStep> steps)
    {
        var batches = new List<List<LifecycleStep>>();
        foreach (var step in steps)
        {
            if (step.Activity == nameof(SendEmailsActivity) && batches.Count > 0 && batches[^1][0].Activity == nameof(SendEmailsActivity))
            {
                batches[^1].Add(step);
            }
            else
            {
                batches.Add([step]);
            }
        }
        return batches;
    }

    private void CancelTimer()
    {
        // Cancel() rather than CancelAsync(): the orchestration's own thread must not await the cancellation.
        timer?.Cancellation.Cancel();
        timer = null;
    }

    private sealed record PendingTimer(string TimerId, DateTime FireAt, Task Task, CancellationTokenSource Cancellation);
}
