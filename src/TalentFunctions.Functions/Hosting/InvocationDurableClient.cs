using TalentFunctions.Workflow.Lifecycle;

namespace TalentFunctions.Functions.Hosting;

/// <summary>
/// The Durable client of the function running now: the extension gives one per invocation through <c>[DurableClient]</c>
/// and registers none as a service, so <see cref="RouteInvoker"/> hands it over for the call.
/// </summary>
public sealed class InvocationDurableClient : IDurableClientSource
{
    private static readonly AsyncLocal<DurableTaskClient?> Current = new();

    public DurableTaskClient Client => Current.Value
        ?? throw new InvalidOperationException("This function has no [DurableClient] parameter, but its handler starts, signals or reads an orchestration.");

    /// <summary>Makes <paramref name="client"/> the current call's client until the result is disposed.</summary>
    public static IDisposable Use(DurableTaskClient client)
    {
        var previous = Current.Value;
        Current.Value = client;
        return new Restore(previous);
    }

    private sealed class Restore(DurableTaskClient? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
