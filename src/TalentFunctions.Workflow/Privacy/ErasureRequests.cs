using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Workflow.Lifecycle;

namespace TalentFunctions.Workflow.Privacy;

/// <summary>
/// What the erasure routes call: record the request (the erasure row) and make sure the application's eraser runs. A
/// repeated request finds the row and the eraser (running or completed) and changes nothing; one that failed for good
/// starts again, and its steps skip what is done.
/// </summary>
public sealed class ErasureRequests(ErasureRecords records, IDurableClientSource clients, ErasureOptions options, TimeProvider time)
{
    public async Task<ErasureRecord> RequestAsync(ApplicationState state, string requestedBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        var record = await records.RequestAsync(state, requestedBy, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await EnsureRunningAsync(record, cancellationToken).ConfigureAwait(false);
        return record;
    }

    /// <summary>Starts the eraser of a recorded erasure unless it runs or has completed.</summary>
    public async Task EnsureRunningAsync(ErasureRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var instanceId = ErasureProcess.InstanceId(record.ApplicationId);
        var instance = await clients.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
        if (instance is not null && instance.RuntimeStatus is not (OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated))
        {
            return;
        }
        var input = new ErasureInput(record.ApplicationId, record.RequestedBy, options.SettleCheckInterval.TotalSeconds, options.SettleChecks,
            ForRetention: record.RequestedBy == RetentionSweeps.Actor);
        await clients.Client.ScheduleNewOrchestrationInstanceAsync(new TaskName(ErasureProcess.Name), input, new StartOrchestrationOptions(instanceId), cancellationToken)
            .ConfigureAwait(false);
    }
}
