using TalentFunctions.Domain.Applications;

namespace TalentFunctions.Workflow.Outbox;

public sealed record ScheduleTimerPayload(string TimerId, DateTimeOffset DueAt, string Kind);

public sealed record CancelTimerPayload(string TimerId, DateTimeOffset DueAt);

public sealed record WorkPayload(string Kind);

/// <summary>What the staff listing shows of an application, kept in the index table.</summary>
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
    bool NeedsAttention);

public sealed record IndexPayload(ApplicationSummary Summary);

public sealed record MentorLoadChange(string MentorId, string AssignmentId, DateTimeOffset DueAt);

public sealed record MentorLoadPayload(string ProgramId, IReadOnlyList<MentorLoadChange> Opened, IReadOnlyList<MentorLoadChange> Closed);

/// <summary>The outcome of one effect: done, or done with something staff must look at.</summary>
public sealed record EffectOutcome(string? NeedsAttention)
{
    public static readonly EffectOutcome Done = new((string?)null);

    /// <summary>False when the failure was itself an email to staff, so a broken staff mailbox cannot loop.</summary>
    public bool NotifyStaff { get; init; } = true;
}

/// <summary>Performs one kind of outbox effect. Must be idempotent: the effect id may come twice.</summary>
public interface IEffectHandler
{
    string Type { get; }

    Task<EffectOutcome> ExecuteAsync(string applicationId, OutboxItem item, CancellationToken cancellationToken);
}

internal static class SummaryFactory
{
    public static ApplicationSummary From(ApplicationState s) => new(
        s.Id, s.ProgramId, s.Stage.ToString(), s.Version, s.Track, s.Project.Title, s.Applicant.Name, s.Applicant.School,
        s.Project.Language, s.CreatedAt, s.UpdatedAt, s.SubmittedAt, s.WeightedScore, s.NeedsAttention.Count > 0);
}
