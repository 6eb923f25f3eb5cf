using TalentFunctions.Domain.Applications;

namespace TalentFunctions.Workflow.Effects;

public sealed record WorkPayload(string Kind);

/// <summary>Translate the texts mentors read into <see cref="Language"/> (a reader's language: <c>en</c> or <c>zh</c>).</summary>
public sealed record TranslatePayload(string Language);

/// <summary>
/// What the staff listing shows of an application, kept in the index table. <see cref="Reviews"/> holds the submitted
/// reviews' criterion scores, which calibration reads (ADR 0010); rows written before it have none.
/// <see cref="PendingDecision"/> is a staff decision recorded but not yet released (issue 12), so the console can offer
/// to release it; rows written before it have none until their next update.
/// An erased application keeps its row for the statistics with every personal field emptied and <see cref="ErasedAt"/> set (ADR 0014).
/// <see cref="Cycle"/> tells the retention sweep which cycle the row belongs to (ADR 0017); rows written before it have
/// none until their next update, and count in every cycle of their program.
/// </summary>
public sealed record ApplicationSummary(
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
    bool NeedsAttention,
    IReadOnlyList<ReviewScores>? Reviews = null,
    [property: System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<StaffDecision>))]
    StaffDecision? PendingDecision = null,
    DateTimeOffset? ErasedAt = null,
    string? Cycle = null);

/// <summary>One submitted review's criterion scores and its mentor.</summary>
public sealed record ReviewScores(string MentorId, IReadOnlyDictionary<string, int> Scores);

public sealed record IndexPayload(ApplicationSummary Summary);

/// <summary>The application stopped holding its cohort seat (its offer was declined or expired, or it withdrew).</summary>
public sealed record SeatReleasePayload(string ProgramId, string Cycle);

public sealed record MentorLoadChange(string MentorId, string AssignmentId, DateTimeOffset DueAt);

public sealed record MentorLoadPayload(string ProgramId, IReadOnlyList<MentorLoadChange> Opened, IReadOnlyList<MentorLoadChange> Closed);

internal static class SummaryFactory
{
    public static ApplicationSummary From(ApplicationState s) => new(
        s.Id, s.ProgramId, s.Stage.ToString(), s.Version, s.Track, s.Project.Title, s.Applicant.Name, s.Applicant.School,
        s.Project.Language, s.CreatedAt, s.UpdatedAt, s.SubmittedAt, s.WeightedScore, s.NeedsAttention.Count > 0,
        [.. s.CompletedAssignments().Select(a => new ReviewScores(a.MentorId, a.Review!.Scores))], s.PendingDecision?.Decision, Cycle: s.Cycle);
}

internal static class PayloadJson
{
    public static readonly System.Text.Json.JsonSerializerOptions Options = new(System.Text.Json.JsonSerializerDefaults.Web);

    public static T Read<T>(PendingEffect effect) =>
        System.Text.Json.JsonSerializer.Deserialize<T>(effect.Json, Options)
        ?? throw new InvalidDataException($"Pending effect {effect.EffectId} ({effect.Type}) has no payload.");

    public static string Write<T>(T payload) => System.Text.Json.JsonSerializer.Serialize(payload, Options);
}
