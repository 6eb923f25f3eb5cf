using System.Globalization;
using TalentFunctions.Domain.Programs;

namespace TalentFunctions.Domain.Applications;

/// <summary>
/// The keys of <see cref="SendEmail.Data"/>. Every email has the common keys (application, program, applicant, project,
/// track, timeZone); the others appear where they mean something. Times are ISO 8601 with the offset of
/// <see cref="TimeZone"/> (the applicant's zone for applicant emails, the program's zone otherwise).
/// </summary>
public static class EmailData
{
    public const string ApplicationId = "applicationId";
    public const string ProgramId = "programId";
    public const string ProgramName = "programName";
    public const string ProgramNameEn = "programNameEn";
    public const string ProgramNameZh = "programNameZh";
    public const string Cycle = "cycle";
    public const string ApplicantName = "applicantName";
    public const string ApplicantEmail = "applicantEmail";
    public const string ProjectTitle = "projectTitle";
    public const string TrackId = "trackId";
    public const string TrackName = "trackName";
    public const string TimeZone = "timeZone";
    public const string Deadline = "deadline";
    public const string HoursBefore = "hoursBefore";
    /// <summary>Screening reasons, one per line: <c>ReasonName: detail</c> (see <see cref="FormatReasons"/>).</summary>
    public const string Reasons = "reasons";
    public const string MentorId = "mentorId";
    public const string MentorName = "mentorName";
    public const string AssignmentId = "assignmentId";
    public const string DueAt = "dueAt";
    public const string FromAssignmentId = "fromAssignmentId";
    public const string UnfilledSlots = "unfilledSlots";
    public const string WeightedScore = "weightedScore";
    public const string Recommendations = "recommendations";
    public const string OfferId = "offerId";
    public const string ExpiresAt = "expiresAt";
    public const string Note = "note";
    public const string AttentionReason = "attentionReason";

    /// <summary>Separator of multi-valued entries such as <see cref="Reasons"/>.</summary>
    public const string ListSeparator = "\n";

    /// <summary>Screening reasons as the <see cref="Reasons"/> value: one line per reason, <c>ReasonName: detail</c>.</summary>
    public static string FormatReasons(IEnumerable<ScreeningFinding> findings) =>
        string.Join(ListSeparator, findings.Select(f => $"{f.Reason}: {f.Detail}"));

    public static string FormatTime(DateTimeOffset time, string? timeZoneId)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId ?? "", out var z) ? z : TimeZoneInfo.Utc;
        return TimeZoneInfo.ConvertTime(time, zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
    }
}

/// <summary>Builds recipients and template data for the decider.</summary>
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

    public static Dictionary<string, string> Common(ApplicationState s, ProgramDefinition p, Recipient to)
    {
        var track = p.FindTrack(s.Track);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [EmailData.ApplicationId] = s.Id,
            [EmailData.ProgramId] = p.Id,
            [EmailData.ProgramName] = p.Name.For(to.Language),
            [EmailData.ProgramNameEn] = p.Name.En,
            [EmailData.ProgramNameZh] = p.Name.Zh,
            [EmailData.Cycle] = s.Cycle,
            [EmailData.ApplicantName] = s.Applicant.Name,
            [EmailData.ProjectTitle] = s.Project.Title,
            [EmailData.TrackId] = s.Track,
            [EmailData.TrackName] = track?.Name.For(to.Language) ?? s.Track,
            [EmailData.TimeZone] = ZoneFor(to, s, p),
        };
    }
}
