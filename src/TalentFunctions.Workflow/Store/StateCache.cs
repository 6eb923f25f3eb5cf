using System.Collections.Concurrent;

namespace TalentFunctions.Workflow.Store;

/// <summary>
/// Last known snapshot and ETag per application, so a process that just wrote an application can
/// decide the next command without reading it again. A stale entry only costs a 412 and a re-read.
/// </summary>
public sealed class StateCache(OrchestrationOptions options)
{
    private readonly ConcurrentDictionary<string, LoadedApplication> entries = new(StringComparer.Ordinal);

    public bool TryGet(string applicationId, out LoadedApplication? application)
    {
        var found = entries.TryGetValue(applicationId, out var value);
        application = value;
        return found;
    }

    public void Set(string applicationId, LoadedApplication application)
    {
        if (options.StateCacheSize <= 0)
        {
            return;
        }
        if (entries.Count >= options.StateCacheSize)
        {
            entries.Clear();
        }
        entries[applicationId] = application;
    }

    public void Remove(string applicationId) => entries.TryRemove(applicationId, out _);
}
