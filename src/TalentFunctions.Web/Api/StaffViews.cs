using System.Text.Json;
using System.Text.Json.Nodes;
using TalentFunctions.Domain;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Workflow.Queries;
using TalentFunctions.Workflow.Store;

using Microsoft.DurableTask.Client;
using TalentFunctions.Workflow.Lifecycle;

namespace TalentFunctions.Web.Api;

/// <summary>
/// An application as program staff see it: every field of <see cref="ApplicationState"/> under the same JSON name,
/// except its secrets (the applicant's access-token hash). Listed field by field, so that a field added to the
/// state is not published until it is added here.
/// </summary>
public sealed record StaffApplication(
    string Id,
    string ProgramId,
    string Cycle,
    Stage Stage,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? SubmittedAt,
    DateTimeOffset Deadline,
    Applicant Applicant,
    Project Project,
    string Track,
    Consent? Consent,
    IReadOnlyList<Material> Materials,
    ScreeningResult? ScreeningResult,
    IReadOnlyList<ReviewAssignment> Assignments,
    double? WeightedScore,
    Offer? Offer,
    string? DecisionNote,
    PendingDecision? PendingDecision,
    string? WithdrawalReason,
    IReadOnlyList<string> NeedsAttention,
    int UnfilledSlots,
    IReadOnlyList<PendingTimer> PendingTimers);

/// <summary>
/// One application's answer in <c>POST /api/staff/decisions/release</c>: <see cref="Status"/> 200 with the stage and
/// version after the release, or the problem's status and <see cref="Code"/> (404 <c>not-found</c>, 409
/// <c>no-pending-decision</c>).
/// </summary>
public sealed record ReleaseResultView(string ApplicationId, int Status, Stage? Stage, long? Version, string? Code, string? Detail)
{
    public static ReleaseResultView Failed(string applicationId, int status, string code, string? detail = null) =>
        new(applicationId, status, null, null, code, detail);
}

/// <summary>What <c>POST /api/staff/decisions/release</c> answers: one result per application, in the order asked.</summary>
public sealed record ReleaseDecisionsView(IReadOnlyList<ReleaseResultView> Results);

/// <summary>
/// One event of the audit history: its version, type, time and actor, and <see cref="Data"/>: the event's own fields
/// (<see cref="AuditEventData"/>, secrets left out) in the JSON the history has always had (a <c>type</c>, enum names
/// as declared, empty values as <c>null</c>).
/// </summary>
public sealed record AuditEntry(long Version, string Type, DateTimeOffset At, string Actor, JsonElement Data);

/// <summary>What <c>GET /api/staff/applications/{id}</c> answers.</summary>
public sealed record StaffApplicationView(StaffApplication Application, IReadOnlyList<AuditEntry> History, StaffOrchestrationView Orchestration)
{
    /// <summary>The raw weighted score and the calibrated one, side by side, and what calibration means.</summary>
    public StaffScoresView? Scores { get; init; }
}

/// <summary>
/// An application's scores: <see cref="WeightedScore"/> as the mentors gave them (rubric-weighted, averaged over
/// reviews) and <see cref="CalibratedScore"/>, each review first rescaled against its mentor's own reviews of the
/// cycle (ADR 0010). Both null until the application's reviews are complete.
/// </summary>
public sealed record StaffScoresView(double? WeightedScore, double? CalibratedScore, ScoreCalibrationView Calibration);

/// <summary>
/// What the console shows next to calibrated scores: a one-line explanation in English and Chinese, and the number
/// of reviews after which a mentor's own scale is trusted fully.
/// </summary>
public sealed record ScoreCalibrationView(LocalizedText Explanation, int FullTrustReviews)
{
    public static readonly ScoreCalibrationView Current = new(
        new LocalizedText(
            $"Calibrated score: each review rescaled against its mentor's own reviews this cycle (3 = that mentor's typical review, ±1 per standard deviation), blended with the program-wide scale until the mentor has {ScoreCalibration.FullTrustReviews} reviews, then averaged.",
            $"校准分：每条评审先按该导师本周期全部评审的均值和离散度换算（3 分 = 该导师的一般水平，每个标准差 ±1 分），导师评审少于 {ScoreCalibration.FullTrustReviews} 条时向全项目的分布靠拢，再取平均。"),
        ScoreCalibration.FullTrustReviews);
}

/// <summary>
/// One application in the staff listing: the index's summary (the same fields as always) and its calibrated score
/// next to the weighted one. <see cref="PendingDecision"/>: a decision recorded before the program's release date and
/// not yet released (absent otherwise, and on index rows not updated since it was added).
/// </summary>
public sealed record StaffSummaryView(
    string ApplicationId,
    string ProgramId,
    string Stage,
    long Version,
    string Track,
    string ProjectTitle,
    string ApplicantName,
    string School,
    string ProjectLanguage,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? SubmittedAt,
    double? WeightedScore,
    double? CalibratedScore,
    bool NeedsAttention,
    StaffDecision? PendingDecision = null)
{
    public static StaffSummaryView From(ScoredSummary scored)
    {
        var s = scored.Summary;
        return new(s.ApplicationId, s.ProgramId, s.Stage, s.Version, s.Track, s.ProjectTitle, s.ApplicantName, s.School,
            s.ProjectLanguage, s.CreatedAt, s.UpdatedAt, s.SubmittedAt, s.WeightedScore, scored.CalibratedScore, s.NeedsAttention, s.PendingDecision)
        {
            ErasedAt = s.ErasedAt,
        };
    }

    /// <summary>Set when the application's personal data was erased: the row stays for the counts, its personal fields empty (ADR 0014).</summary>
    public DateTimeOffset? ErasedAt { get; init; }
}

/// <summary>
/// The application's Durable orchestration as staff see it next to the stage: its runtime status (Running,
/// Completed, Pending, Failed, Terminated, Suspended, or NotFound), the phase it waits in, whether it is
/// <c>waiting</c> or <c>blocked</c> on a failed step (retry with <c>POST …/retry</c>), and the record version it has
/// caught up with.
/// </summary>
public sealed record StaffOrchestrationView(string RuntimeStatus, string? Phase, string? State, long? CaughtUpWithVersion);

public static class StaffViews
{
    public static StaffApplicationView ForStaff(ApplicationState s, IEnumerable<StoredEvent> history, StaffOrchestrationView orchestration, ProgramCalibration calibration) =>
        new(Application(s), [.. history.Select(Entry)], orchestration)
        {
            Scores = new StaffScoresView(s.WeightedScore, calibration.For(s), ScoreCalibrationView.Current),
        };

    public static StaffOrchestrationView Orchestration(OrchestrationMetadata? instance)
    {
        if (instance is null)
        {
            return new StaffOrchestrationView("NotFound", null, null, null);
        }
        var status = instance.SerializedCustomStatus is { Length: > 0 } json
            ? JsonSerializer.Deserialize<LifecycleStatus>(json, StatusJson)
            : null;
        return new StaffOrchestrationView(instance.RuntimeStatus.ToString(), status?.Phase, status?.State, status?.Version);
    }

    private static readonly JsonSerializerOptions StatusJson = new(JsonSerializerDefaults.Web);

    public static StaffApplication Application(ApplicationState s) => new(
        s.Id, s.ProgramId, s.Cycle, s.Stage, s.Version, s.CreatedAt, s.UpdatedAt, s.SubmittedAt, s.Deadline,
        s.Applicant, s.Project, s.Track, s.Consent, s.Materials, s.ScreeningResult, s.Assignments, s.WeightedScore, s.Offer,
        s.DecisionNote, s.PendingDecision, s.WithdrawalReason, s.NeedsAttention, s.UnfilledSlots, s.PendingTimers);

    public static AuditEntry Entry(StoredEvent e) => new(e.Version, e.Type, e.At, e.Actor, Data(e.Event));

    /// <summary>
    /// The event's fields for the history. An event with no <see cref="AuditEventData"/> yet shows only its type,
    /// time and actor: nothing is published by default.
    /// </summary>
    public static JsonElement Data(ApplicationEvent e) => AuditEventData.From(e) is { } data
        ? JsonSerializer.SerializeToElement(data, DomainJson.Options)
        : JsonSerializer.SerializeToElement(new JsonObject
        {
            ["type"] = DomainJson.TypeName(e),
            ["at"] = JsonSerializer.SerializeToNode(e.At, DomainJson.Options),
            ["actor"] = e.Actor,
        }, DomainJson.Options);
}
