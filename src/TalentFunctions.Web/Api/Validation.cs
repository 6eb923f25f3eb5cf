using System.Net.Mail;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;

namespace TalentFunctions.Web.Api;

/// <summary>
/// Shape checks on request bodies, collecting every problem with the field it concerns. The domain
/// checks the rules (program open, track offered, text limits); this checks that the input is sane.
/// </summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool IsValid => errors.Count == 0;

    public IDictionary<string, string[]> Errors => errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }
        list.Add(message);
    }

    /// <summary>A required single-line text: present, not blank, no control characters, within a length.</summary>
    public string Line(string field, string? value, int maxLength, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                Add(field, $"{field} is required.");
            }
            return "";
        }
        if (value.Any(char.IsControl))
        {
            Add(field, $"{field} must be a single line without control characters.");
        }
        if (value.Length > maxLength)
        {
            Add(field, $"{field} must be at most {maxLength} characters.");
        }
        return value.Trim();
    }

    /// <summary>A multi-line text: line breaks and tabs allowed, other control characters not.</summary>
    public string Text(string field, string? value, int maxLength, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                Add(field, $"{field} is required.");
            }
            return "";
        }
        if (value.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            Add(field, $"{field} must not contain control characters.");
        }
        if (value.Length > maxLength)
        {
            Add(field, $"{field} must be at most {maxLength} characters.");
        }
        return value.Trim();
    }

    public IReadOnlyList<string> List(string field, IReadOnlyList<string>? values, int maxItems, int maxLength)
    {
        if (values is null)
        {
            return [];
        }
        if (values.Count > maxItems)
        {
            Add(field, $"{field} may hold at most {maxItems} entries.");
        }
        var result = new List<string>();
        for (var i = 0; i < values.Count && i < maxItems; i++)
        {
            var item = Line($"{field}[{i}]", values[i], maxLength);
            if (item.Length > 0)
            {
                result.Add(item);
            }
        }
        return result;
    }

    public string Email(string field, string? value)
    {
        var email = Line(field, value, 254);
        if (email.Length > 0 && (!MailAddress.TryCreate(email, out var parsed) || parsed.Address != email || !email.Contains('.', StringComparison.Ordinal)))
        {
            Add(field, $"{field} must be an email address such as name@example.com.");
        }
        return email;
    }

    public Applicant? Applicant(string field, ApplicantInput? input)
    {
        if (input is null)
        {
            Add(field, $"{field} is required.");
            return null;
        }
        var language = Line($"{field}.preferredLanguage", input.PreferredLanguage, 5);
        if (language.Length > 0 && !Languages.IsSupported(language))
        {
            Add($"{field}.preferredLanguage", "preferredLanguage must be \"zh\" or \"en\".");
        }
        var zone = Line($"{field}.timeZone", input.TimeZone, 64, required: false);
        if (zone.Length > 0 && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            Add($"{field}.timeZone", "timeZone must be an IANA time zone such as Asia/Shanghai.");
        }
        if (input.GraduationYear is not { } year || year is < 1950 or > 2100)
        {
            Add($"{field}.graduationYear", "graduationYear is required: a year such as 2024.");
        }
        return new Applicant
        {
            Name = Line($"{field}.name", input.Name, 200),
            Email = Email($"{field}.email", input.Email),
            PreferredLanguage = language,
            TimeZone = zone.Length > 0 ? zone : Domain.Applications.Applicant.DefaultTimeZone,
            School = Line($"{field}.school", input.School, 200),
            GraduationYear = input.GraduationYear ?? 0,
            Roles = List($"{field}.roles", input.Roles, 10, 100),
            Awards = List($"{field}.awards", input.Awards, 20, 200),
            Affiliations = List($"{field}.affiliations", input.Affiliations, 20, 200),
        };
    }

    public Project? Project(string field, ProjectInput? input)
    {
        if (input is null)
        {
            Add(field, $"{field} is required.");
            return null;
        }
        var language = Line($"{field}.language", input.Language, 35);
        if (language.Length > 0 && !IsLanguageTag(language))
        {
            Add($"{field}.language", "language must be a BCP 47 tag such as zh, en or zh-Hant.");
        }
        if (input.Format is null)
        {
            Add($"{field}.format", "format is required: feature, short, series or short-drama.");
        }
        // Generous caps here; the program's own limits are the domain's to enforce.
        return new Project
        {
            Title = Line($"{field}.title", input.Title, 1000),
            Logline = Text($"{field}.logline", input.Logline, 5000),
            Synopsis = Text($"{field}.synopsis", input.Synopsis, 20000),
            Language = language,
            Format = input.Format ?? ProjectFormat.Feature,
        };
    }

    /// <summary>An optional single line: null when absent (keep), "" when blank (clear), else checked like <see cref="Line"/>.</summary>
    public string? OptionalLine(string field, string? value, int maxLength) => value is null ? null : Line(field, value, maxLength, required: false);

    /// <summary>An optional text: null when absent (keep), "" when blank (clear), else checked like <see cref="Text"/>.</summary>
    public string? OptionalText(string field, string? value, int maxLength) => value is null ? null : Text(field, value, maxLength, required: false);

    /// <summary>
    /// The applicant fields given (partial drafts and PATCH): each one present is checked with the same message as in
    /// <see cref="Applicant"/>; absent ones stay null (kept), blank ones "" (cleared). The email, when present, must be one.
    /// </summary>
    public ApplicantChanges? ApplicantChanges(string field, ApplicantInput? input)
    {
        if (input is null)
        {
            return null;
        }
        var language = OptionalLine($"{field}.preferredLanguage", input.PreferredLanguage, 5);
        if (!string.IsNullOrEmpty(language) && !Languages.IsSupported(language))
        {
            Add($"{field}.preferredLanguage", "preferredLanguage must be \"zh\" or \"en\".");
        }
        var zone = OptionalLine($"{field}.timeZone", input.TimeZone, 64);
        if (!string.IsNullOrEmpty(zone) && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            Add($"{field}.timeZone", "timeZone must be an IANA time zone such as Asia/Shanghai.");
        }
        if (input.GraduationYear is { } year && year is < 1950 or > 2100)
        {
            Add($"{field}.graduationYear", "graduationYear is required: a year such as 2024.");
        }
        return new ApplicantChanges(
            Name: OptionalLine($"{field}.name", input.Name, 200),
            Email: input.Email is null ? null : Email($"{field}.email", input.Email),
            PreferredLanguage: language,
            TimeZone: string.IsNullOrEmpty(zone) ? null : zone,
            School: OptionalLine($"{field}.school", input.School, 200),
            GraduationYear: input.GraduationYear,
            Roles: input.Roles is null ? null : List($"{field}.roles", input.Roles, 10, 100),
            Awards: input.Awards is null ? null : List($"{field}.awards", input.Awards, 20, 200),
            Affiliations: input.Affiliations is null ? null : List($"{field}.affiliations", input.Affiliations, 20, 200));
    }

    /// <summary>The project fields given, checked like <see cref="Project"/> (see <see cref="ApplicantChanges"/>).</summary>
    public ProjectChanges? ProjectChanges(string field, ProjectInput? input)
    {
        if (input is null)
        {
            return null;
        }
        var language = OptionalLine($"{field}.language", input.Language, 35);
        if (!string.IsNullOrEmpty(language) && !IsLanguageTag(language))
        {
            Add($"{field}.language", "language must be a BCP 47 tag such as zh, en or zh-Hant.");
        }
        return new ProjectChanges(
            Title: OptionalLine($"{field}.title", input.Title, 1000),
            Logline: OptionalText($"{field}.logline", input.Logline, 5000),
            Synopsis: OptionalText($"{field}.synopsis", input.Synopsis, 20000),
            Language: language,
            Format: input.Format);
    }

    /// <summary>A partial draft's applicant: the email (required) and whatever else is given; the rest not given yet.</summary>
    public Applicant? PartialApplicant(string field, ApplicantInput? input)
    {
        if (input is null)
        {
            Add(field, $"{field} is required.");
            return null;
        }
        if (input.Email is null)
        {
            Add($"{field}.email", $"{field}.email is required.");
        }
        var changes = ApplicantChanges(field, input)!;
        var empty = new Applicant { Name = "", Email = "", PreferredLanguage = "", School = "", GraduationYear = 0 };
        return changes.ApplyTo(empty);
    }

    /// <summary>A partial draft's project: whatever is given; the rest not given yet.</summary>
    public Project PartialProject(string field, ProjectInput? input)
    {
        var empty = new Project { Title = "", Logline = "", Synopsis = "", Language = "", Format = null };
        return ProjectChanges(field, input)?.ApplyTo(empty) ?? empty;
    }

    /// <summary>
    /// The privacy notice accepted (<c>consent.privacyNotice</c>): required, and the current <see cref="PrivacyNotice.Version"/>,
    /// so that what is recorded is a notice the applicant could read. Returns the version, or "" when refused.
    /// </summary>
    public string Consent(string field, ConsentInput? input)
    {
        var path = $"{field}.privacyNotice";
        var where = $"The current privacy notice is version {PrivacyNotice.Version}: read it at {PrivacyNotice.Path} (GET /api/programs lists it as privacyNotice) and send {{\"{field}\": {{\"privacyNotice\": \"{PrivacyNotice.Version}\"}}}}.";
        if (string.IsNullOrWhiteSpace(input?.PrivacyNotice))
        {
            Add(path, $"{path} is required. {where}");
            return "";
        }
        var version = input.PrivacyNotice.Trim();
        if (!string.Equals(version, PrivacyNotice.Version, StringComparison.Ordinal))
        {
            Add(path, $"{path} must be the current notice's version, not '{(version.Length > 20 ? version[..20] + "…" : version)}'. {where}");
            return "";
        }
        return version;
    }

    /// <summary>A BCP 47 tag of the shape the API takes: a lower-case language, then subtags of 2–8 letters or digits.</summary>
    public static bool IsLanguageTag(string tag) =>
        tag.Split('-') is var parts
        && parts[0].Length is 2 or 3 && parts[0].All(char.IsAsciiLetterLower)
        && parts.Skip(1).All(p => p.Length is >= 2 and <= 8 && p.All(char.IsAsciiLetterOrDigit));
}
