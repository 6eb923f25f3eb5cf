using Microsoft.Extensions.Logging;

namespace TalentFunctions.LocalEngine;

/// <summary>
/// The host's logger factory seen through a minimum level, for the engine's internals: the Azure Storage backend
/// logs every empty poll at Information and the gRPC server's web host logs every call, which would drown the
/// application's own logs. The host's filters still apply on top. Does not own the inner factory.
/// </summary>
internal sealed class MinimumLevelLoggerFactory(ILoggerFactory inner, LogLevel minimum) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new MinimumLevelLogger(inner.CreateLogger(categoryName), minimum);

    public void AddProvider(ILoggerProvider provider) =>
        throw new NotSupportedException("Add logging providers to the host, not to the engine's view of its logger factory.");

    public void Dispose()
    {
        // The host owns the inner factory.
    }

    private sealed class MinimumLevelLogger(ILogger inner, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= minimum)
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
