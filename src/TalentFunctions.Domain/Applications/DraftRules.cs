using TalentFunctions.Domain.Programs;

namespace TalentFunctions.Domain.Applications;

/// <summary>Input rules for the parts of a draft. Each problem names its field (e.g. <c>project.logline</c>).</summary>
/// <summary>A problem with one field of a request or a draft, by its JSON path (<c>applicant.name</c>, <c>materials.reel</c>).</summary>
public sealed record FieldProblem(string Field, string Message);

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

    /// <summary>
    /// The problems of a draft's parts. <paramref name="partial"/>: a part not given yet (an empty text, graduation year 0,
    /// no format, no track) is no problem — <see cref="Missing"/> names those at submission; what is given is checked
    /// the same. The email is always required.
    /// </summary>
    public static List<string> Validate(ProgramDefinition program, string? track, Applicant? applicant, Project? project, DateTimeOffset now, bool partial = false)
    {
        var errors = new List<string>();
        if (!(partial && string.IsNullOrWhiteSpace(track)) && program.FindTrack(track) is null)
        {
            errors.Add($"track '{track}' is not offered by {program.Id}; choose one of {string.Join(", ", program.Tracks.Select(t => t.Id))}");
        }

        ValidateApplicant(applicant, now, partial, errors);
        ValidateProject(program, project, partial, errors);
        return errors;
    }

    /// <summary>
    /// What a draft still lacks before it can be submitted, by JSON path: the track, the applicant's and project's
    /// fields not given yet (<c>applicant.name</c>, <c>project.format</c>, …) and the required materials not yet
    /// verified (<c>materials.reel</c>).
    /// </summary>
    public static IReadOnlyList<FieldProblem> Missing(ApplicationState s, ProgramDefinition program)
    {
        var missing = new List<FieldProblem>();
        void Need(bool given, string field, string what)
        {
            if (!given)
            {
                missing.Add(new FieldProblem(field, $"{what} is required."));
            }
        }

        Need(!string.IsNullOrWhiteSpace(s.Track), "track", "The track");
        var a = s.Applicant;
        Need(!string.IsNullOrWhiteSpace(a.Name), "applicant.name", "Your name");
        Need(!string.IsNullOrWhiteSpace(a.PreferredLanguage), "applicant.preferredLanguage", "The language of your emails");
        Need(!string.IsNullOrWhiteSpace(a.School), "applicant.school", "Your film school");
        Need(a.GraduationYear != 0, "applicant.graduationYear", "Your graduation year");
        var p = s.Project;
        Need(!string.IsNullOrWhiteSpace(p.Title), "project.title", "The project's title");
        Need(!string.IsNullOrWhiteSpace(p.Logline), "project.logline", "The logline");
        Need(!string.IsNullOrWhiteSpace(p.Synopsis), "project.synopsis", "The synopsis");
        Need(!string.IsNullOrWhiteSpace(p.Language), "project.language", "The project's language");
        Need(p.Format is not null, "project.format", "The format");
        foreach (var kind in ScreeningRules.MissingRequiredMaterials(s, program))
        {
            missing.Add(new FieldProblem("materials." + ScreeningRules.MaterialName(kind),
                $"Upload the {ScreeningRules.MaterialName(kind)} (uploaded and verified)."));
        }

        return missing;
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

    private static void ValidateApplicant(Applicant? a, DateTimeOffset now, bool partial, List<string> errors)
    {
        if (a is null)
        {
            errors.Add("applicant is required");
            return;
        }

        RequiredText(a.Name, "applicant.name", MaxNameLength, errors, partial);
        if (!EmailAddress.IsValid(a.Email))
        {
            errors.Add($"applicant.email '{a.Email}' is not an email address");
        }

        if (!(partial && string.IsNullOrEmpty(a.PreferredLanguage)) && !Languages.IsSupported(a.PreferredLanguage))
        {
            errors.Add("applicant.preferredLanguage must be 'zh' or 'en'");
        }

        if (string.IsNullOrWhiteSpace(a.TimeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(a.TimeZone, out _))
        {
            errors.Add($"applicant.timeZone '{a.TimeZone}' is not a known IANA time zone");
        }

        RequiredText(a.School, "applicant.school", MaxNameLength, errors, partial);
        var maxYear = now.Year + MaxYearsAhead;
        if (!(partial && a.GraduationYear == 0) && (a.GraduationYear < MinGraduationYear || a.GraduationYear > maxYear))
        {
            errors.Add($"applicant.graduationYear must be between {MinGraduationYear} and {maxYear}");
        }

        TextList(a.Roles, "applicant.roles", errors);
        TextList(a.Awards, "applicant.awards", errors);
        TextList(a.Affiliations, "applicant.affiliations", errors);
    }

    private static void ValidateProject(ProgramDefinition program, Project? p, bool partial, List<string> errors)
    {
        if (p is null)
        {
            errors.Add("project is required");
            return;
        }

        RequiredText(p.Title, "project.title", program.TextLimits.Title, errors, partial);
        RequiredText(p.Logline, "project.logline", program.TextLimits.Logline, errors, partial);
        RequiredText(p.Synopsis, "project.synopsis", program.TextLimits.Synopsis, errors, partial);
        var languageNotGivenYet = partial && string.IsNullOrEmpty(p.Language);
        if (!languageNotGivenYet
            && (string.IsNullOrWhiteSpace(p.Language) || p.Language.Length > 16 || !p.Language.All(c => char.IsAsciiLetter(c) || c == '-')))
        {
            errors.Add($"project.language '{p.Language}' must be a language code such as zh or en");
        }

        if (p.Format is not { } format ? !partial : !Enum.IsDefined(format))
        {
            errors.Add("project.format must be Feature, Short, Series or ShortDrama");
        }
    }

    internal static void RequiredText(string? text, string field, int limit, List<string> errors, bool mayBeEmpty = false)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (mayBeEmpty && string.IsNullOrEmpty(text))
            {
                return;
            }

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
