using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TalentFunctions.Domain.Programs;

/// <summary>A programs file could not be used. The message names the offending field path.</summary>
public sealed class ProgramCatalogException : Exception
{
    public ProgramCatalogException(IReadOnlyList<string> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    public ProgramCatalogException(string error, Exception innerException)
        : base("Invalid programs file: " + error, innerException)
    {
        Errors = [error];
    }

    /// <summary>Every problem found, each starting with the field path (e.g. <c>programs[1].rubric[2].weight must be &gt; 0</c>).</summary>
    public IReadOnlyList<string> Errors { get; }

    private static string Describe(IReadOnlyList<string> errors) =>
        "Invalid programs file: " + string.Join("; ", errors);
}

/// <summary>The configured programs, validated. Immutable; load once at start.</summary>
public sealed class ProgramCatalog
{
    /// <summary>Mentors a program may list: the index keeps three calibration columns per mentor in a row of at most 255.</summary>
    public const int MaxMentorsPerProgram = 70;

    public const string ResourceName = "TalentFunctions.Domain.Programs.programs.json";

    /// <summary>The file name of the programs file copied next to the application.</summary>
    public const string FileName = "Programs/programs.json";

    private readonly Dictionary<string, ProgramDefinition> _byId;

    private ProgramCatalog(IReadOnlyList<ProgramDefinition> programs)
    {
        All = programs;
        _byId = programs.ToDictionary(p => p.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<ProgramDefinition> All { get; }

    public ProgramDefinition? Get(string? id) => id is not null && _byId.TryGetValue(id, out var p) ? p : null;

    /// <summary>Builds a catalog from definitions (validated like a file).</summary>
    public static ProgramCatalog From(IEnumerable<ProgramDefinition> programs)
    {
        var list = programs.ToList();
        var errors = ProgramValidator.Validate(list);
        if (errors.Count > 0)
        {
            throw new ProgramCatalogException(errors);
        }

        return new ProgramCatalog(list);
    }

    public static ProgramCatalog From(params ProgramDefinition[] programs) => From((IEnumerable<ProgramDefinition>)programs);

    /// <summary>Parses and validates a programs file.</summary>
    /// <exception cref="ProgramCatalogException">The file is malformed or invalid; the message names the field.</exception>
    public static ProgramCatalog Load(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        CatalogFile? file;
        try
        {
            file = JsonSerializer.Deserialize<CatalogFile>(json, FileOptions);
        }
        catch (JsonException ex)
        {
            throw new ProgramCatalogException($"{ToFieldPath(ex.Path)}: {FirstSentence(ex.Message)}", ex);
        }

        return FromFile(file);
    }

    public static ProgramCatalog Load(Stream json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var reader = new StreamReader(json);
        return Load(reader.ReadToEnd());
    }

    /// <summary>The programs file embedded in this assembly.</summary>
    public static ProgramCatalog LoadDefault()
    {
        using var stream = typeof(ProgramCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        return Load(stream);
    }

    private static ProgramCatalog FromFile(CatalogFile? file)
    {
        var errors = new List<string>();
        if (file?.Programs is null)
        {
            throw new ProgramCatalogException(["programs is required"]);
        }

        var programs = new List<ProgramDefinition>();
        for (var i = 0; i < file.Programs.Count; i++)
        {
            var program = ProgramFileMapper.Map(file.Programs[i], $"programs[{i}]", errors);
            if (program is not null)
            {
                programs.Add(program);
            }
        }

        if (errors.Count == 0)
        {
            errors.AddRange(ProgramValidator.Validate(programs));
        }

        if (errors.Count > 0)
        {
            throw new ProgramCatalogException(errors);
        }

        return new ProgramCatalog(programs);
    }

    private static string ToFieldPath(string? jsonPath)
    {
        if (string.IsNullOrEmpty(jsonPath) || jsonPath == "$")
        {
            return "(root)";
        }

        return jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');
    }

    private static string FirstSentence(string message)
    {
        var pathNote = message.IndexOf(" Path:", StringComparison.Ordinal);
        return pathNote > 0 ? message[..pathNote] : message;
    }

    internal static readonly JsonSerializerOptions FileOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };
}

/// <summary>Turns the loosely-typed file shape into definitions, reporting missing fields by path.</summary>
internal static class ProgramFileMapper
{
    private static readonly string[] LocalTimeFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"];

    public static ProgramDefinition? Map(ProgramFile? p, string path, List<string> errors)
    {
        if (p is null)
        {
            errors.Add($"{path} must be an object");
            return null;
        }

        var before = errors.Count;
        var timeZone = Required(p.TimeZone, $"{path}.timeZone", errors);
        TimeZoneInfo? zone = null;
        if (timeZone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out zone))
        {
            errors.Add($"{path}.timeZone '{timeZone}' is not a known IANA time zone");
        }

        var opensAt = LocalTime(p.OpensAt, zone, $"{path}.opensAt", errors);
        var deadline = LocalTime(p.Deadline, zone, $"{path}.deadline", errors);
        DateTimeOffset? releaseAt = p.Decisions?.ReleaseAt is null ? null : LocalTime(p.Decisions.ReleaseAt, zone, $"{path}.decisions.releaseAt", errors);

        var tracks = List(p.Tracks, $"{path}.tracks", errors, (t, tp) =>
            t is null ? null : new TrackDefinition(Required(t.Id, $"{tp}.id", errors) ?? "", Text(t.Name, $"{tp}.name", errors)));

        var materials = List(p.Materials, $"{path}.materials", errors, (m, mp) =>
        {
            if (m is null)
            {
                return null;
            }

            if (m.Kind is null)
            {
                errors.Add($"{mp}.kind is required");
            }

            if (m.Family is null)
            {
                errors.Add($"{mp}.family is required");
            }

            if (m.MaxBytes is null)
            {
                errors.Add($"{mp}.maxBytes is required");
            }

            return new MaterialRule(
                m.Kind ?? MaterialKind.Reel,
                m.Required ?? false,
                m.Family ?? MaterialFamily.Pdf,
                m.MaxBytes ?? 0,
                Strings(m.ContentTypes, $"{mp}.contentTypes", errors));
        });

        Eligibility eligibility;
        if (p.Eligibility is null)
        {
            errors.Add($"{path}.eligibility is required");
            eligibility = new Eligibility([], 0, []);
        }
        else
        {
            var ep = $"{path}.eligibility";
            var schools = List(p.Eligibility.Schools, $"{ep}.schools", errors, (s, sp) =>
                s is null
                    ? null
                    : new SchoolDefinition(
                        Required(s.Id, $"{sp}.id", errors) ?? "",
                        Required(s.Name, $"{sp}.name", errors) ?? "",
                        s.Aliases ?? []));
            eligibility = new Eligibility(
                schools,
                RequiredInt(p.Eligibility.MaxYearsSinceGraduation, $"{ep}.maxYearsSinceGraduation", errors),
                Strings(p.Eligibility.ProjectLanguages, $"{ep}.projectLanguages", errors));
        }

        var rubric = List(p.Rubric, $"{path}.rubric", errors, (r, rp) =>
        {
            if (r is null)
            {
                return null;
            }

            if (r.Weight is null)
            {
                errors.Add($"{rp}.weight is required");
            }

            return new RubricCriterion(Required(r.Id, $"{rp}.id", errors) ?? "", Text(r.Name, $"{rp}.name", errors), r.Weight ?? 0);
        });

        var mentors = List(p.Mentors, $"{path}.mentors", errors, (m, mp) =>
            m is null
                ? null
                : new MentorDefinition(
                    Required(m.Id, $"{mp}.id", errors) ?? "",
                    Required(m.Name, $"{mp}.name", errors) ?? "",
                    Required(m.Email, $"{mp}.email", errors) ?? "",
                    Required(m.PreferredLanguage, $"{mp}.preferredLanguage", errors) ?? "",
                    m.Affiliations ?? [],
                    RequiredInt(m.MaxOpenReviews, $"{mp}.maxOpenReviews", errors)));

        TextLimits limits;
        if (p.TextLimits is null)
        {
            errors.Add($"{path}.textLimits is required");
            limits = new TextLimits(0, 0, 0);
        }
        else
        {
            limits = new TextLimits(
                RequiredInt(p.TextLimits.Title, $"{path}.textLimits.title", errors),
                RequiredInt(p.TextLimits.Logline, $"{path}.textLimits.logline", errors),
                RequiredInt(p.TextLimits.Synopsis, $"{path}.textLimits.synopsis", errors));
        }

        var program = new ProgramDefinition
        {
            Id = Required(p.Id, $"{path}.id", errors) ?? "",
            Name = Text(p.Name, $"{path}.name", errors),
            Description = Text(p.Description, $"{path}.description", errors),
            Cycle = Required(p.Cycle, $"{path}.cycle", errors) ?? "",
            TimeZone = timeZone ?? "",
            OpensAt = opensAt,
            Deadline = deadline,
            Tracks = tracks,
            Materials = materials,
            Eligibility = eligibility,
            Rubric = rubric,
            MentorsPerApplication = p.MentorsPerApplication ?? 2,
            ReviewWindowDays = p.ReviewWindowDays ?? 14,
            OfferValidityDays = p.OfferValidityDays ?? 14,
            Timings = new ProgramTimings
            {
                ReviewWindow = TimeSpan.FromDays(p.ReviewWindowDays ?? 14),
                OfferValidity = TimeSpan.FromDays(p.OfferValidityDays ?? 14),
                RetentionDelay = TimeSpan.FromDays(p.Privacy?.RetentionDays ?? PrivacySettings.Default.RetentionDays),
                RetentionNotice = TimeSpan.FromDays(p.Privacy?.RetentionNoticeDays ?? PrivacySettings.Default.RetentionNoticeDays),
            },
            CohortCapacity = RequiredInt(p.CohortCapacity, $"{path}.cohortCapacity", errors),
            Waitlist = new WaitlistSettings(p.Waitlist?.Mode ?? WaitlistMode.Suggest),
            StaffEmail = Required(p.StaffEmail, $"{path}.staffEmail", errors) ?? "",
            StaffLanguage = p.StaffLanguage ?? Languages.English,
            Mentors = mentors,
            TextLimits = limits,
            Review = new ReviewSettings(p.Review?.Blind ?? ReviewSettings.Default.Blind),
            Decisions = new DecisionSettings(releaseAt),
            Privacy = new PrivacySettings(
                p.Privacy?.ExportReviews ?? PrivacySettings.Default.ExportReviews,
                p.Privacy?.RetentionDays ?? PrivacySettings.Default.RetentionDays,
                p.Privacy?.RetentionNoticeDays ?? PrivacySettings.Default.RetentionNoticeDays),
        };
        return errors.Count == before ? program : null;
    }

    private static string? Required(string? value, string path, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{path} is required");
            return null;
        }

        return value;
    }

    private static int RequiredInt(int? value, string path, List<string> errors)
    {
        if (value is null)
        {
            errors.Add($"{path} is required");
        }

        return value ?? 0;
    }

    private static LocalizedText Text(LocalizedTextFile? text, string path, List<string> errors)
    {
        if (text is null)
        {
            errors.Add($"{path} is required");
            return new LocalizedText("", "");
        }

        return new LocalizedText(Required(text.En, $"{path}.en", errors) ?? "", Required(text.Zh, $"{path}.zh", errors) ?? "");
    }

    private static IReadOnlyList<string> Strings(List<string?>? values, string path, List<string> errors)
    {
        if (values is null)
        {
            errors.Add($"{path} is required");
            return [];
        }

        var result = new List<string>();
        for (var i = 0; i < values.Count; i++)
        {
            var v = Required(values[i], $"{path}[{i}]", errors);
            if (v is not null)
            {
                result.Add(v);
            }
        }

        return result;
    }

    private static IReadOnlyList<TOut> List<TIn, TOut>(List<TIn?>? items, string path, List<string> errors, Func<TIn?, string, TOut?> map)
        where TIn : class
        where TOut : class
    {
        if (items is null)
        {
            errors.Add($"{path} is required");
            return [];
        }

        var result = new List<TOut>();
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            var mapped = map(items[i], itemPath);
            if (mapped is null)
            {
                errors.Add($"{itemPath} must be an object");
            }
            else
            {
                result.Add(mapped);
            }
        }

        return result;
    }

    private static DateTimeOffset LocalTime(string? value, TimeZoneInfo? zone, string path, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{path} is required");
            return default;
        }

        if (!DateTime.TryParseExact(value, LocalTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            errors.Add($"{path} '{value}' must be a local time like 2026-10-01T00:00 (the zone comes from timeZone)");
            return default;
        }

        if (zone is null)
        {
            return default;
        }

        if (zone.IsInvalidTime(local))
        {
            errors.Add($"{path} '{value}' does not exist in {zone.Id} (daylight saving gap)");
            return default;
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}

internal sealed class CatalogFile
{
    public List<ProgramFile?>? Programs { get; set; }
}

internal sealed class LocalizedTextFile
{
    public string? En { get; set; }
    public string? Zh { get; set; }
}

internal sealed class ProgramFile
{
    public string? Id { get; set; }
    public LocalizedTextFile? Name { get; set; }
    public LocalizedTextFile? Description { get; set; }
    public string? Cycle { get; set; }
    public string? TimeZone { get; set; }
    public string? OpensAt { get; set; }
    public string? Deadline { get; set; }
    public List<TrackFile?>? Tracks { get; set; }
    public List<MaterialFile?>? Materials { get; set; }
    public EligibilityFile? Eligibility { get; set; }
    public List<RubricFile?>? Rubric { get; set; }
    public int? MentorsPerApplication { get; set; }
    public int? ReviewWindowDays { get; set; }
    public int? OfferValidityDays { get; set; }
    public int? CohortCapacity { get; set; }
    public WaitlistFile? Waitlist { get; set; }
    public string? StaffEmail { get; set; }
    public string? StaffLanguage { get; set; }
    public List<MentorFile?>? Mentors { get; set; }
    public TextLimitsFile? TextLimits { get; set; }
    public ReviewFile? Review { get; set; }
    public DecisionsFile? Decisions { get; set; }
    public PrivacyFile? Privacy { get; set; }
}

internal sealed class PrivacyFile
{
    public bool? ExportReviews { get; set; }
    public int? RetentionDays { get; set; }
    public int? RetentionNoticeDays { get; set; }
}

internal sealed class DecisionsFile
{
    public string? ReleaseAt { get; set; }
}

internal sealed class ReviewFile
{
    public bool? Blind { get; set; }
}

internal sealed class WaitlistFile
{
    public WaitlistMode? Mode { get; set; }
}

internal sealed class TrackFile
{
    public string? Id { get; set; }
    public LocalizedTextFile? Name { get; set; }
}

internal sealed class MaterialFile
{
    public MaterialKind? Kind { get; set; }
    public bool? Required { get; set; }
    public MaterialFamily? Family { get; set; }
    public long? MaxBytes { get; set; }
    public List<string?>? ContentTypes { get; set; }
}

internal sealed class EligibilityFile
{
    public List<SchoolFile?>? Schools { get; set; }
    public int? MaxYearsSinceGraduation { get; set; }
    public List<string?>? ProjectLanguages { get; set; }
}

internal sealed class SchoolFile
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public List<string>? Aliases { get; set; }
}

internal sealed class RubricFile
{
    public string? Id { get; set; }
    public LocalizedTextFile? Name { get; set; }
    public double? Weight { get; set; }
}

internal sealed class MentorFile
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? PreferredLanguage { get; set; }
    public List<string>? Affiliations { get; set; }
    public int? MaxOpenReviews { get; set; }
}

internal sealed class TextLimitsFile
{
    public int? Title { get; set; }
    public int? Logline { get; set; }
    public int? Synopsis { get; set; }
}
