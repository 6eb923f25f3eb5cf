using System.Text.Json.Serialization;
using TalentFunctions.Domain.Programs;

namespace TalentFunctions.Domain.Applications;

/// <summary>
/// What an email is about, as data: names and ids as they are, times as UTC instants, screening reasons as codes with
/// their parameters. Nothing here is formatted for a reader — the email side picks the words, the language and the
/// way times are shown (in <see cref="TimeZone"/>: the applicant's zone for applicant emails, the program's otherwise).
/// Every email has the constructor's values; the others are set where they mean something for its kind.
/// </summary>
public sealed record EmailFacts(
    string ProgramId,
    string ProgramName,
    string Cycle,
    string ApplicantName,
    string ProjectTitle,
    string TrackId,
    string TrackName,
    string TimeZone)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? Deadline { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? HoursBefore { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonConverter(typeof(LegacyReasonsConverter))]
    public IReadOnlyList<ScreeningReasonData>? Reasons { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MentorId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MentorName { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AssignmentId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? DueAt { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? FromAssignmentId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? UnfilledSlots { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? WeightedScore { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonConverter(typeof(LegacyRecommendationsConverter))]
    public IReadOnlyList<MentorRecommendation>? Recommendations { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OfferId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? ExpiresAt { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Note { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AttentionReason { get; init; }

    /// <summary>
    /// True on a mentor's email of a blind program: <see cref="ApplicantName"/> is then empty, and the email side
    /// names the applicant neutrally (ADR 0012).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? BlindReview { get; init; }
}

/// <summary>
/// One screening reason as data: its code and the parameters it has — <see cref="Field"/> (the text, e.g.
/// <c>project.synopsis</c>), <see cref="Length"/> and <see cref="Limit"/> for <see cref="ScreeningReason.TextTooLong"/>;
/// <see cref="Field"/> (the material, e.g. <c>reel</c>) for <see cref="ScreeningReason.MissingMaterial"/>;
/// <see cref="Note"/> (staff's words) for <see cref="ScreeningReason.StaffOverride"/>.
/// </summary>
public sealed record ScreeningReasonData(
    ScreeningReason Code,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Field = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Length = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Limit = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Note = null)
{
    /// <summary>The data of a finding (its <see cref="ScreeningFinding.Detail"/> is a diagnostic and is not used, except
    /// where it is the parameter itself: the material of a finding stored before <c>Field</c> existed, the staff note).</summary>
    public static ScreeningReasonData From(ScreeningFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return finding.Reason switch
        {
            ScreeningReason.TextTooLong => new(finding.Reason, finding.Field, finding.Length, finding.Limit),
            ScreeningReason.MissingMaterial => new(finding.Reason, Field: finding.Field ?? finding.Detail),
            ScreeningReason.StaffOverride => new(finding.Reason, Note: finding.Detail),
            _ => new(finding.Reason),
        };
    }
}

/// <summary>A completed review's recommendation, for the staff email.</summary>
public sealed record MentorRecommendation(string MentorName, Recommendation Recommendation);

/// <summary>Builds recipients and email facts for the decider.</summary>
internal static class Mail
{
    public static Recipient ToApplicant(ApplicationState s) =>
        new(RecipientKind.Applicant, s.Applicant.Email, s.Applicant.Name, s.Applicant.PreferredLanguage);

    public static Recipient ToMentor(MentorDefinition m) => new(RecipientKind.Mentor, m.Email, m.Name, m.PreferredLanguage);

    public static Recipient ToStaff(ProgramDefinition p) =>
        new(RecipientKind.Staff, p.StaffEmail, p.Name.For(p.StaffLanguage), p.StaffLanguage);

    /// <summary>The zone dates are shown in for this recipient.</summary>
    public static string ZoneFor(Recipient to, ApplicationState s, ProgramDefinition p) =>
        to.Kind == RecipientKind.Applicant && TimeZoneInfo.TryFindSystemTimeZoneById(s.Applicant.TimeZone ?? "", out _)
            ? s.Applicant.TimeZone!
            : p.TimeZone;

    public static EmailFacts Common(ApplicationState s, ProgramDefinition p, Recipient to)
    {
        var track = p.FindTrack(s.Track);
        return new EmailFacts(
            p.Id,
            p.Name.For(to.Language),
            s.Cycle,
            s.Applicant.Name,
            s.Project.Title,
            s.Track,
            track?.Name.For(to.Language) ?? s.Track,
            ZoneFor(to, s, p));
    }

    /// <summary>An instant as UTC (the facts hold no offsets of their own).</summary>
    public static DateTimeOffset Utc(DateTimeOffset t) => t.ToUniversalTime();
}
