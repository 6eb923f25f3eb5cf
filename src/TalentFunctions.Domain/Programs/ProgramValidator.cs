using System.Text.RegularExpressions;

namespace TalentFunctions.Domain.Programs;

/// <summary>Checks program definitions; every error starts with the field path.</summary>
internal static partial class ProgramValidator
{
    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex Slug();

    public static IReadOnlyList<string> Validate(IReadOnlyList<ProgramDefinition> programs)
    {
        var errors = new List<string>();
        if (programs.Count == 0)
        {
            errors.Add("programs must list at least one program");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < programs.Count; i++)
        {
            var path = $"programs[{i}]";
            var p = programs[i];
            if (!ids.Add(p.Id))
            {
                errors.Add($"{path}.id '{p.Id}' is used by another program");
            }

            Validate(p, path, errors);
        }

        return errors;
    }

    private static void Validate(ProgramDefinition p, string path, List<string> errors)
    {
        SlugField(p.Id, $"{path}.id", errors);
        TextField(p.Name, $"{path}.name", errors);
        TextField(p.Description, $"{path}.description", errors);
        NotBlank(p.Cycle, $"{path}.cycle", errors);
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(p.TimeZone ?? "", out _))
        {
            errors.Add($"{path}.timeZone '{p.TimeZone}' is not a known IANA time zone");
        }

        if (p.OpensAt >= p.Deadline)
        {
            errors.Add($"{path}.deadline must be after opensAt");
        }

        NonEmpty(p.Tracks, $"{path}.tracks", errors);
        var trackIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < p.Tracks.Count; i++)
        {
            var tp = $"{path}.tracks[{i}]";
            SlugField(p.Tracks[i].Id, $"{tp}.id", errors);
            Unique(trackIds, p.Tracks[i].Id, $"{tp}.id", errors);
            TextField(p.Tracks[i].Name, $"{tp}.name", errors);
        }

        ValidateMaterials(p, path, errors);
        ValidateEligibility(p.Eligibility, $"{path}.eligibility", errors);

        NonEmpty(p.Rubric, $"{path}.rubric", errors);
        var criteria = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < p.Rubric.Count; i++)
        {
            var rp = $"{path}.rubric[{i}]";
            SlugField(p.Rubric[i].Id, $"{rp}.id", errors);
            Unique(criteria, p.Rubric[i].Id, $"{rp}.id", errors);
            TextField(p.Rubric[i].Name, $"{rp}.name", errors);
            if (!(p.Rubric[i].Weight > 0) || double.IsInfinity(p.Rubric[i].Weight))
            {
                errors.Add($"{rp}.weight must be > 0");
            }
        }

        Positive(p.MentorsPerApplication, $"{path}.mentorsPerApplication", errors);
        Positive(p.ReviewWindowDays, $"{path}.reviewWindowDays", errors);
        Positive(p.OfferValidityDays, $"{path}.offerValidityDays", errors);
        Positive(p.CohortCapacity, $"{path}.cohortCapacity", errors);
        Positive(p.Privacy.RetentionDays, $"{path}.privacy.retentionDays", errors);
        Positive(p.Privacy.RetentionNoticeDays, $"{path}.privacy.retentionNoticeDays", errors);
        if (p.Privacy.RetentionNoticeDays >= p.Privacy.RetentionDays)
        {
            errors.Add($"{path}.privacy.retentionNoticeDays must be less than retentionDays");
        }
        if (p.Waitlist is null || !Enum.IsDefined(p.Waitlist.Mode))
        {
            errors.Add($"{path}.waitlist.mode must be 'suggest' or 'automatic'");
        }
        if (p.Decisions is null)
        {
            errors.Add($"{path}.decisions must be an object");
        }
        else if (p.Decisions.ReleaseAt is { } releaseAt && releaseAt <= p.OpensAt)
        {
            errors.Add($"{path}.decisions.releaseAt must be after opensAt");
        }

        if (!EmailAddress.IsValid(p.StaffEmail))
        {
            errors.Add($"{path}.staffEmail '{p.StaffEmail}' is not an email address");
        }

        if (!Languages.IsSupported(p.StaffLanguage))
        {
            errors.Add($"{path}.staffLanguage must be 'en' or 'zh'");
        }

        ValidateMentors(p, path, errors);
        Positive(p.TextLimits.Title, $"{path}.textLimits.title", errors);
        Positive(p.TextLimits.Logline, $"{path}.textLimits.logline", errors);
        Positive(p.TextLimits.Synopsis, $"{path}.textLimits.synopsis", errors);
    }

    private static void ValidateMaterials(ProgramDefinition p, string path, List<string> errors)
    {
        NonEmpty(p.Materials, $"{path}.materials", errors);
        var kinds = new HashSet<MaterialKind>();
        for (var i = 0; i < p.Materials.Count; i++)
        {
            var mp = $"{path}.materials[{i}]";
            var m = p.Materials[i];
            if (!Enum.IsDefined(m.Kind))
            {
                errors.Add($"{mp}.kind is not a material kind");
            }
            else if (!kinds.Add(m.Kind))
            {
                errors.Add($"{mp}.kind '{m.Kind}' is listed twice");
            }

            if (m.MaxBytes <= 0)
            {
                errors.Add($"{mp}.maxBytes must be > 0");
            }

            NonEmpty(m.ContentTypes, $"{mp}.contentTypes", errors);
            var prefix = m.Family == MaterialFamily.Video ? "video/" : "application/pdf";
            for (var j = 0; j < m.ContentTypes.Count; j++)
            {
                if (!(m.ContentTypes[j] ?? "").StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    errors.Add($"{mp}.contentTypes[{j}] '{m.ContentTypes[j]}' does not belong to family {m.Family}");
                }
            }
        }

        if (!p.Materials.Any(m => m.Required))
        {
            errors.Add($"{path}.materials must mark at least one material as required");
        }
    }

    private static void ValidateEligibility(Eligibility e, string path, List<string> errors)
    {
        NonEmpty(e.Schools, $"{path}.schools", errors);
        var schoolIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < e.Schools.Count; i++)
        {
            var sp = $"{path}.schools[{i}]";
            var s = e.Schools[i];
            SlugField(s.Id, $"{sp}.id", errors);
            Unique(schoolIds, s.Id, $"{sp}.id", errors);
            NotBlank(s.Name, $"{sp}.name", errors);
            for (var j = 0; j < s.Aliases.Count; j++)
            {
                NotBlank(s.Aliases[j], $"{sp}.aliases[{j}]", errors);
            }
        }

        if (e.MaxYearsSinceGraduation < 0)
        {
            errors.Add($"{path}.maxYearsSinceGraduation must be >= 0");
        }

        NonEmpty(e.ProjectLanguages, $"{path}.projectLanguages", errors);
        for (var i = 0; i < e.ProjectLanguages.Count; i++)
        {
            NotBlank(e.ProjectLanguages[i], $"{path}.projectLanguages[{i}]", errors);
        }
    }

    private static void ValidateMentors(ProgramDefinition p, string path, List<string> errors)
    {
        if (p.Mentors.Count < p.MentorsPerApplication + 1)
        {
            errors.Add($"{path}.mentors must list at least {p.MentorsPerApplication + 1} mentors (mentorsPerApplication + 1, so a slot can be reassigned)");
        }
        if (p.Mentors.Count > ProgramCatalog.MaxMentorsPerProgram)
        {
            errors.Add($"{path}.mentors lists {p.Mentors.Count} mentors; a program may have at most {ProgramCatalog.MaxMentorsPerProgram} (the index keeps calibration sums per mentor in one table row)");
        }

        var mentorIds = new HashSet<string>(StringComparer.Ordinal);
        var emails = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < p.Mentors.Count; i++)
        {
            var mp = $"{path}.mentors[{i}]";
            var m = p.Mentors[i];
            SlugField(m.Id, $"{mp}.id", errors);
            Unique(mentorIds, m.Id, $"{mp}.id", errors);
            NotBlank(m.Name, $"{mp}.name", errors);
            if (!EmailAddress.IsValid(m.Email))
            {
                errors.Add($"{mp}.email '{m.Email}' is not an email address");
            }
            else
            {
                Unique(emails, m.Email, $"{mp}.email", errors);
            }

            if (!Languages.IsSupported(m.PreferredLanguage))
            {
                errors.Add($"{mp}.preferredLanguage must be 'en' or 'zh'");
            }

            for (var j = 0; j < m.Affiliations.Count; j++)
            {
                NotBlank(m.Affiliations[j], $"{mp}.affiliations[{j}]", errors);
            }

            if (m.MaxOpenReviews < 1)
            {
                errors.Add($"{mp}.maxOpenReviews must be > 0");
            }
        }
    }

    private static void SlugField(string? value, string path, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{path} is required");
        }
        else if (!Slug().IsMatch(value))
        {
            errors.Add($"{path} '{value}' must be lower-case letters, digits and single dashes");
        }
    }

    private static void NotBlank(string? value, string path, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{path} is required");
        }
    }

    private static void TextField(LocalizedText? text, string path, List<string> errors)
    {
        if (text is null)
        {
            errors.Add($"{path} is required");
            return;
        }

        NotBlank(text.En, $"{path}.en", errors);
        NotBlank(text.Zh, $"{path}.zh", errors);
    }

    private static void NonEmpty<T>(IReadOnlyList<T>? list, string path, List<string> errors)
    {
        if (list is null || list.Count == 0)
        {
            errors.Add($"{path} must not be empty");
        }
    }

    private static void Positive(int value, string path, List<string> errors)
    {
        if (value <= 0)
        {
            errors.Add($"{path} must be > 0");
        }
    }

    private static void Unique(HashSet<string> seen, string? value, string path, List<string> errors)
    {
        if (!string.IsNullOrWhiteSpace(value) && !seen.Add(value))
        {
            errors.Add($"{path} '{value}' is listed twice");
        }
    }
}
