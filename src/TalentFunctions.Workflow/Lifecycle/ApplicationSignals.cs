using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace TalentFunctions.Workflow.Lifecycle;

/// <summary>How HTTP handlers tell an application's orchestration that its record changed.</summary>
public interface IApplicationSignals
{
    /// <summary>Starts the orchestration of a new application (instance id = application id).</summary>
    Task StartAsync(string applicationId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Raises <see cref="ApplicationLifecycle.ChangedEvent"/>. With <paramref name="ensureRunning"/> (the application
    /// had already ended, so its instance may have completed) an instance that is no longer running is started
    /// again: it catches up with what the change left pending and completes.
    /// </summary>
    Task ChangedAsync(string applicationId, long version, bool ensureRunning = false, CancellationToken cancellationToken = default);
}

/// <summary>
/// The Durable client of the current call. The standalone host has one client for the process (registered in DI); the
/// Functions host gets one per invocation through the <c>[DurableClient]</c> binding, and hands it over for that call.
/// </summary>
public interface IDurableClientSource
{
    DurableTaskClient Client { get; }
}

/// <summary>The one client of a host that registers <see cref="DurableTaskClient"/> as a service (the local engine).</summary>
public sealed class ServiceDurableClientSource(IServiceProvider services) : IDurableClientSource
{
    public DurableTaskClient Client => services.GetRequiredService<DurableTaskClient>();
}

/// <summary><see cref="IApplicationSignals"/> through the Durable client of the current call.</summary>
public sealed class DurableApplicationSignals(IDurableClientSource clients, OrchestrationOptions options) : IApplicationSignals
{
    private DurableTaskClient Client => clients.Client;

    public async Task StartAsync(string applicationId, CancellationToken cancellationToken = default)
    {
        var input = new LifecycleInput(applicationId, options.StepMaxAttempts, options.StepFirstRetryInterval.TotalSeconds, Telemetry.CurrentTraceParent);
        await Client.ScheduleNewOrchestrationInstanceAsync(
            new TaskName(options.LifecycleOrchestrator), input, new StartOrchestrationOptions(applicationId), cancellationToken).ConfigureAwait(false);
    }

    public async Task ChangedAsync(string applicationId, long version, bool ensureRunning = false, CancellationToken cancellationToken = default)
    {
        await Client.RaiseEventAsync(applicationId, ApplicationLifecycle.ChangedEvent, new ChangeSignal(version, Telemetry.CurrentTraceParent), cancellationToken)
            .ConfigureAwait(false);
        if (!ensureRunning)
        {
            return;
        }

        var instance = await Client.GetInstanceAsync(applicationId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
        // Only an instance that ended (or never started) is started again: scheduling over a running or pending one
        // would leave the new execution pending behind the old.
        if (instance is null || instance.RuntimeStatus is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated)
        {
            await StartAsync(applicationId, cancellationToken).ConfigureAwait(false);
        }
    }
}
