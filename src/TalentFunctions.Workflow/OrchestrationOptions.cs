namespace TalentFunctions.Workflow;

/// <summary>Table names and tuning of the application workflow (section <c>Orchestration</c>).</summary>
public sealed class OrchestrationOptions
{
    public const string SectionName = "Orchestration";

    /// <summary>Prefix for every table name, so tests and environments can share one account.</summary>
    public string TablePrefix { get; set; } = "";

    /// <summary>How many times a command is retried after losing an ETag race.</summary>
    public int MaxConflictRetries { get; set; } = 12;

    /// <summary>How many application states each process keeps in memory (0 disables the cache).</summary>
    public int StateCacheSize { get; set; } = 2048;

    /// <summary>Grace after a review's due date during which its link still opens.</summary>
    public TimeSpan ReviewLinkGrace { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Attempts of each automated step (an email, screening, mentor assignment, a timer) before the application is
    /// flagged NeedsAttention and the orchestration waits for staff to retry. Read when an instance starts.
    /// </summary>
    public int StepMaxAttempts { get; set; } = 5;

    /// <summary>Wait before a step's second attempt; doubled for each further one (at most 5 minutes).</summary>
    public TimeSpan StepFirstRetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The orchestrator new applications start on: the newest version's name (ADR 0008). Instances already running
    /// keep the orchestrator they started on, which stays registered until none is left.
    /// </summary>
    public string LifecycleOrchestrator { get; set; } = Lifecycle.ApplicationLifecycle.Name;

    public string ApplicationsTable => TablePrefix + "Applications";
    public string IndexTable => TablePrefix + "ApplicationIndex";
    public string ApplicantsTable => TablePrefix + "Applicants";
    public string MentorLoadTable => TablePrefix + "MentorLoad";
    public string IdempotencyTable => TablePrefix + "Idempotency";
    public string SeatsTable => TablePrefix + "Seats";
    public string TranslationsTable => TablePrefix + "Translations";
    public string ProgramSettingsTable => TablePrefix + "ProgramSettings";

    /// <summary>Staff console sign-in links not used yet (one row per hashed token).</summary>
    public string StaffSignInsTable => TablePrefix + "StaffSignIns";

    /// <summary>Staff console sessions (one row per hashed session id).</summary>
    public string StaffSessionsTable => TablePrefix + "StaffSessions";

    /// <summary>Mentors' review drafts, kept until the review is submitted (one row per assignment).</summary>
    public string ReviewDraftsTable => TablePrefix + "ReviewDrafts";
}
