namespace TalentFunctions.Workflow;

/// <summary>Names and tuning of the durable runtime. Defaults suit both Azure and Azurite.</summary>
public sealed class OrchestrationOptions
{
    public const string SectionName = "Orchestration";

    /// <summary>Prefix for every table name, so tests and environments can share one account.</summary>
    public string TablePrefix { get; set; } = "";

    public string WorkItemQueue { get; set; } = "work-items";

    public string PoisonQueue => WorkItemQueue + "-poison";

    /// <summary>How many times a command is retried after losing an ETag race.</summary>
    public int MaxConflictRetries { get; set; } = 12;

    /// <summary>A pending-outbox marker older than this is finished by the sweeper.</summary>
    public TimeSpan StaleOutboxAge { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Number of partitions the pending-outbox markers are spread over.</summary>
    public int PendingOutboxShards { get; set; } = 16;

    /// <summary>How far back the timer sweeper looks for hour buckets when it has no cursor yet.</summary>
    public TimeSpan TimerLookback { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How many application states each process keeps in memory (0 disables the cache).</summary>
    public int StateCacheSize { get; set; } = 2048;

    /// <summary>Grace after a review's due date during which its link still opens.</summary>
    public TimeSpan ReviewLinkGrace { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// True: a command performs its effects before it returns (tests, benchmarks, queue handlers).
    /// False: effects go to a background dispatcher, so HTTP callers are answered right after commit.
    /// </summary>
    public bool DispatchInline { get; set; } = true;

    public string ApplicationsTable => TablePrefix + "Applications";
    public string PendingOutboxTable => TablePrefix + "PendingOutbox";
    public string TimersTable => TablePrefix + "Timers";
    public string IndexTable => TablePrefix + "ApplicationIndex";
    public string ApplicantsTable => TablePrefix + "Applicants";
    public string MentorLoadTable => TablePrefix + "MentorLoad";
    public string IdempotencyTable => TablePrefix + "Idempotency";
}
