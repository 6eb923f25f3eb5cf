using TalentFunctions.Domain.Programs;

namespace TalentFunctions.Domain.Applications;

/// <summary>Input rules for the parts of a draft. Each problem names its field (e.g. <c>project.logline</c>).</summary>
public static class DraftRules
{
    public const int MaxNameLength = 200;
    public const int MaxListEntries = 20;
    public const int MaxListEntryLength = 200;
    public const int MaxIdLength = 64;
    public const int MaxFileNameLength = 255;
    public const int MaxCommentLength = 10_000;
    public const int MaxNoteLength = 5_000;
    public const int MaxReasonLength = 500;
    public const int MinGraduationYear = 1950;

    /// <summary>Materials one application may hold (any kinds; the required kinds need one verified each).</summary>
    public const int MaxMaterials = 50;

    /// <summary>Graduation years accepted as input go up to this many years ahead (screening then applies the program's window).</summary>
    public const int MaxYearsAhead = 6;

    /// <summary>Length in characters as a person counts them (Unicode scalar values, so 中文 counts 2).</summary>
    public static int Length(string? text) => text is null ? 0 : text.EnumerateRunes().Count();

    public static List<string> Validate(ProgramDefinition program, string? track, Applicant? applicant, Project? project, DateTimeOffset now)
    {
        var errors = new List<string>();
        if (program.FindTrack(track) is null)
        {
            errors.Add($"track '{track}' is not offered by {program.Id}; choose one of {string.Join(", ", program.Tracks.Select(t => t.Id))}");
        }

        ValidateApplicant(applicant, now, errors);
        ValidateProject(program, project, errors);
        return errors;
    }

    /// <summary>Project texts over the program's limits, as (field, length, limit).</summary>
    public static IEnumerable<(string Field, int Length, int Limit)> TextsOverLimit(ProgramDefinition program, Project project)
    {
        (string Field, string? Text, int Limit)[] texts =
        [
            ("project.title", project.Title, program.TextLimits.Title),
            ("project.logline", project.Logline, program.TextLimits.Logline),
            ("project.synopsis", project.Synopsis, program.TextLimits.Synopsis),
        ];
        foreach (var (field, text, limit) in texts)
        {
            var length = Length(text);
            if (length > limit)
            {
                yield return (field, length, limit);
            }
        }
    }

    public static bool IsValidId(string? id) =>
        !string.IsNullOrEmpty(id)
        && id.Length <= MaxIdLength
        && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static void ValidateApplicant(Applicant? a, DateTimeOffset now, List<string> errors)
    {
        if (a is null)
        {
            errors.Add("applicant is required");
            return;
        }

        RequiredText(a.Name, "applicant.name", MaxNameLength, errors);
        if (!EmailAddress.IsValid(a.Email))
        {
            errors.Add($"applicant.email '{a.Email}' is not an email address");
        }

        if (!Languages.IsSupported(a.PreferredLanguage))
        {
            errors.Add("applicant.preferredLanguage must be 'zh' or 'en'");
        }

        if (string.IsNullOrWhiteSpace(a.TimeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(a.TimeZone, out _))
        {
            errors.Add($"applicant.timeZone '{a.TimeZone}' is not a known IANA time zone");
        }

        RequiredText(a.School, "applicant.school", MaxNameLength, errors);
        var maxYear = now.Year + MaxYearsAhead;
        if (a.GraduationYear < MinGraduationYear || a.GraduationYear > maxYear)
        {
            errors.Add($"applicant.graduationYear must be between {MinGraduationYear} and {maxYear}");
        }

        TextList(a.Roles, "applicant.roles", errors);
        TextList(a.Awards, "applicant.awards", errors);
        TextList(a.Affiliations, "applicant.affiliations", errors);
    }

    private static void ValidateProject(ProgramDefinition program, Project? p, List<string> errors)
    {
        if (p is null)
        {
            errors.Add("project is required");
            return;
        }

        RequiredText(p.Title, "project.title", program.TextLimits.Title, errors);
        RequiredText(p.Logline, "project.logline", program.TextLimits.Logline, errors);
        RequiredText(p.Synopsis, "project.synopsis", program.TextLimits.Synopsis, errors);
        if (string.IsNullOrWhiteSpace(p.Language)
            || p.Language.Length > 16
            || !p.Language.All(c => char.IsAsciiLetter(c) || c == '-'))
        {
            errors.Add($"project.language '{p.Language}' must be a language code such as zh or en");
        }

        if (!Enum.IsDefined(p.Format))
        {
            errors.Add("project.format must be Feature, Short, Series or ShortDrama");
        }
    }

    internal static void RequiredText(string? text, string field, int limit, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add($"{field} is required");
            return;
        }

        var length = Length(text);
        if (length > limit)
        {
            errors.Add($"{field} must be at most {limit} characters (has {length})");
        }
    }

    private static void TextList(IReadOnlyList<string>? values, string field, List<string> errors)
    {
        if (values is null)
        {
            return;
        }

        if (values.Count > MaxListEntries)
        {
            errors.Add($"{field} may list at most {MaxListEntries} entries");
        }

        for (var i = 0; i < values.Count; i++)
        {
            RequiredText(values[i], $"{field}[{i}]", MaxListEntryLength, errors);
        }
    }

    internal static bool SameApplicant(Applicant a, Applicant b) =>
        a.Name == b.Name
        && a.Email == b.Email
        && a.PreferredLanguage == b.PreferredLanguage
        && a.TimeZone == b.TimeZone
        && a.School == b.School
        && a.GraduationYear == b.GraduationYear
        && (a.Roles ?? []).SequenceEqual(b.Roles ?? [])
        && (a.Awards ?? []).SequenceEqual(b.Awards ?? [])
        && (a.Affiliations ?? []).SequenceEqual(b.Affiliations ?? []);

    /// <summary>The applicant with null lists made empty (input may come from JSON).</summary>
    internal static Applicant Normalize(Applicant a) => a with
    {
        Roles = a.Roles ?? [],
        Awards = a.Awards ?? [],
        Affiliations = a.Affiliations ?? [],
    };
}
