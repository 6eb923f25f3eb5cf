namespace TalentFunctions.Workflow;

/// <summary>Points in the life of a command and its effects where tests inject failures or pauses.</summary>
public enum RuntimePoint
{
    /// <summary>The pending-outbox marker is written; the transaction is not.</summary>
    MarkerWritten,

    /// <summary>The transaction committed; no effect has run.</summary>
    Committed,

    /// <summary>One effect has just been performed (its outbox row is still there).</summary>
    EffectPerformed,
}

/// <summary>Test seam. In production no hook is set and nothing happens.</summary>
public sealed class RuntimeHooks
{
    public Func<RuntimePoint, string, Task>? OnPoint { get; set; }

    internal Task At(RuntimePoint point, string applicationId) => OnPoint?.Invoke(point, applicationId) ?? Task.CompletedTask;
}
