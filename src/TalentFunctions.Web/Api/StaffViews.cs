using System.Text.Json;
using System.Text.Json.Nodes;
using TalentFunctions.Domain;
using TalentFunctions.Domain.Applications;
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
    IReadOnlyList<Material> Materials,
    ScreeningResult? ScreeningResult,
    IReadOnlyList<ReviewAssignment> Assignments,
    double? WeightedScore,
    Offer? Offer,
    string? DecisionNote,
    string? WithdrawalReason,
    IReadOnlyList<string> NeedsAttention,
    int UnfilledSlots,
    IReadOnlyList<PendingTimer> PendingTimers);

/// <summary>
/// One event of the audit history: its version, type, time and actor, and <see cref="Data"/>: the event's own fields
/// (<see cref="AuditEventData"/>, secrets left out) in the JSON the history has always had (a <c>type</c>, enum names
/// as declared, empty values as <c>null</c>).
/// </summary>
public sealed record AuditEntry(long Version, string Type, DateTimeOffset At, string Actor, JsonElement Data);

/// <summary>What <c>GET /api/staff/applications/{id}</c> answers.</summary>
public sealed record StaffApplicationView(StaffApplication Application, IReadOnlyList<AuditEntry> History, StaffOrchestrationView Orchestration);

/// <summary>
/// The application's Durable orchestration as staff see it next to the stage: its runtime status (Running,
/// Completed, Pending, Failed, Terminated, Suspended, or NotFound), the phase it waits in, whether it is
/// <c>waiting</c> or <c>blocked</c> on a failed step (retry with <c>POST …/retry</c>), and the record version it has
/// caught up with.
/// </summary>
public sealed record StaffOrchestrationView(string RuntimeStatus, string? Phase, string? State, long? CaughtUpWithVersion);

public static class StaffViews
{
    public static StaffApplicationView ForStaff(ApplicationState s, IEnumerable<StoredEvent> history, StaffOrchestrationView orchestration) =>
        new(Application(s), [.. history.Select(Entry)], orchestration);

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
        s.Applicant, s.Project, s.Track, s.Materials, s.ScreeningResult, s.Assignments, s.WeightedScore, s.Offer,
        s.DecisionNote, s.WithdrawalReason, s.NeedsAttention, s.UnfilledSlots, s.PendingTimers);

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
