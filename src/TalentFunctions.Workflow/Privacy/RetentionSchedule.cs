using System.Collections.Concurrent;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using TalentFunctions.Workflow.Lifecycle;

namespace TalentFunctions.Workflow.Privacy;

/// <summary>
/// Makes sure a cycle's <see cref="RetentionProcess"/> runs: called when an application is created, so every cycle with
/// applications has one. Each process asks the engine once per cycle (remembered afterwards), so creating applications
/// costs nothing more; a process that failed for good is started again, one that finished (the cycle was swept) is not.
/// </summary>
public sealed class RetentionSchedule(IDurableClientSource clients, ErasureOptions options)
{
    private readonly ConcurrentDictionary<string, bool> ensured = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim gate = new(1, 1);

    public async Task EnsureAsync(string programId, string cycle, CancellationToken cancellationToken = default)
    {
        var instanceId = RetentionProcess.InstanceId(programId, cycle);
        if (ensured.ContainsKey(instanceId))
        {
            return;
        }
        // One look at a time in this process, so two first applications do not both start it.
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (ensured.ContainsKey(instanceId))
            {
                return;
            }
            var instance = await clients.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
            if (instance is null || instance.RuntimeStatus is OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated)
            {
                await clients.Client.ScheduleNewOrchestrationInstanceAsync(new TaskName(RetentionProcess.Name), new RetentionInput(programId, cycle, options.SettleCheckInterval.TotalSeconds),
                    new StartOrchestrationOptions(instanceId), cancellationToken).ConfigureAwait(false);
            }
            ensured[instanceId] = true;
        }
        finally
        {
            gate.Release();
        }
    }
}
