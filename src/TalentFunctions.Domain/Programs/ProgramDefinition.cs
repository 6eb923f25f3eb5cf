namespace TalentFunctions.Domain.Programs;

/// <summary>A text in the two languages every program speaks.</summary>
public sealed record LocalizedText(string En, string Zh)
{
    /// <summary>The text for <paramref name="language"/> ("zh" or "en"); English for anything else.</summary>
    public string For(string language) => language == Languages.Chinese ? Zh : En;
}

/// <summary>The language codes used for people (applicants, mentors, staff).</summary>
public static class Languages
{
    public const string English = "en";
    public const string Chinese = "zh";

    public static bool IsSupported(string? language) => language is English or Chinese;
}

public enum MaterialKind
{
    Reel,
    Script,
    Cv,
    Lookbook,
}

public enum MaterialFamily
{
    Video,
    Pdf,
}

/// <summary>What a program accepts for one kind of material.</summary>
public sealed record MaterialRule(
    MaterialKind Kind,
    bool Required,
    MaterialFamily Family,
    long MaxBytes,
    IReadOnlyList<string> ContentTypes)
{
    /// <summary>True when <paramref name="contentType"/> (parameters such as <c>; charset</c> ignored) is accepted.</summary>
    public bool AcceptsContentType(string? contentType)
    {
        var mediaType = MediaType(contentType);
        return mediaType.Length > 0 && ContentTypes.Any(c => string.Equals(c, mediaType, StringComparison.OrdinalIgnoreCase));
    }

    internal static string MediaType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return "";
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon >= 0 ? contentType[..semicolon] : contentType).Trim();
    }
}

public sealed record TrackDefinition(string Id, LocalizedText Name);

/// <summary>A recognised film school. Applicants may name it by id, name or any alias (case-insensitive).</summary>
public sealed record SchoolDefinition(string Id, string Name, IReadOnlyList<string> Aliases)
{
    public IEnumerable<string> AllNames => Aliases.Prepend(Name).Prepend(Id);

    public bool Matches(string? name)
    {
        var wanted = Normalize(name);
        return wanted.Length > 0 && AllNames.Any(n => Normalize(n) == wanted);
    }

    /// <summary>Trimmed, inner whitespace collapsed, upper-cased invariantly: the form names are compared in.</summary>
    public static string Normalize(string? name) =>
        string.IsNullOrWhiteSpace(name)
            ? ""
            : string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();
}

public sealed record Eligibility(
    IReadOnlyList<SchoolDefinition> Schools,
    int MaxYearsSinceGraduation,
    IReadOnlyList<string> ProjectLanguages)
{
    public SchoolDefinition? FindSchool(string? name) => Schools.FirstOrDefault(s => s.Matches(name));

    public bool AcceptsProjectLanguage(string? language) =>
        !string.IsNullOrWhiteSpace(language)
        && ProjectLanguages.Any(l => string.Equals(l, language.Trim(), StringComparison.OrdinalIgnoreCase));
}

/// <summary>One rubric criterion, scored 1–5 by each mentor.</summary>
public sealed record RubricCriterion(string Id, LocalizedText Name, double Weight)
{
    public const int MinScore = 1;
    public const int MaxScore = 5;
}

public sealed record MentorDefinition(
    string Id,
    string Name,
    string Email,
    string PreferredLanguage,
    IReadOnlyList<string> Affiliations,
    int MaxOpenReviews);

/// <summary>
/// How mentors review a program's applications. <see cref="Blind"/>: mentors see the project, the script, the reel and
/// the track, never who the applicant is (name, email, school, awards, graduation year, roles) nor the CV or lookbook,
/// and material files under neutral names (ADR 0012). On unless the programs file says <c>"review": { "blind": false }</c>.
/// </summary>
public sealed record ReviewSettings(bool Blind = true)
{
    public static readonly ReviewSettings Default = new();
}

/// <summary>
/// What the program does with applicants' personal data (ADR 0014). <see cref="ExportReviews"/>: whether an applicant's
/// data export includes the mentors' scores and comments on the application (never their rank). Off unless the programs
/// file says <c>"privacy": { "exportReviews": true }</c>: reviews are written for staff, often frankly, and mentors review
/// on that understanding.
/// <para>
/// <see cref="RetentionDays"/>: how long after the cycle closes the materials of applications that were not accepted
/// are deleted and their records reduced to anonymised statistics (ADR 0017); <see cref="RetentionNoticeDays"/>: how
/// long before that staff are told. <c>"privacy": { "retentionDays": 90, "retentionNoticeDays": 14 }</c>.
/// </para>
/// </summary>
public sealed record PrivacySettings(bool ExportReviews = false, int RetentionDays = 90, int RetentionNoticeDays = 14)
{
    public static readonly PrivacySettings Default = new();
}

/// <summary>Maximum lengths, in characters, of the project texts.</summary>
public sealed record TextLimits(int Title, int Logline, int Synopsis);

/// <summary>
/// How long a program's waits last. The defaults are the programs' rules (reviews due in 14 days, offers valid for
/// 14 days, reminders 48 h before either, draft reminders 72 h and 24 h before the deadline); tests shorten them to
/// seconds, since the orchestrations wait on real durable timers.
/// </summary>
public sealed record ProgramTimings
{
    public static readonly ProgramTimings Default = new();

    public TimeSpan ReviewWindow { get; init; } = TimeSpan.FromDays(14);
    public TimeSpan OfferValidity { get; init; } = TimeSpan.FromDays(14);

    /// <summary>How long before a review is due, or an offer expires, the reminder goes out.</summary>
    public TimeSpan ReminderLead { get; init; } = TimeSpan.FromHours(48);

    public TimeSpan DraftFirstReminderLead { get; init; } = TimeSpan.FromHours(72);
    public TimeSpan DraftLastReminderLead { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How long after its cycle closes a not-accepted application is reduced to statistics (ADR 0017).</summary>
    public TimeSpan RetentionDelay { get; init; } = TimeSpan.FromDays(90);

    /// <summary>How long before that sweep staff are told; also how often an open cycle is looked at again.</summary>
    public TimeSpan RetentionNotice { get; init; } = TimeSpan.FromDays(14);
}

/// <summary>What happens when a cohort seat frees (an offer declined or expired, an applicant withdrew).</summary>
public enum WaitlistMode
{
    /// <summary>Staff are emailed which waitlisted application is next, and decide.</summary>
    Suggest,

    /// <summary>The best waitlisted application gets the offer at once.</summary>
    Automatic,
}

/// <summary>A program's waitlist: <c>"waitlist": {"mode": "suggest"}</c> in the programs file (suggest when left out).</summary>
public sealed record WaitlistSettings(WaitlistMode Mode = WaitlistMode.Suggest)
{
    public static readonly WaitlistSettings Default = new();
}

/// <summary>
/// When applicants hear staff decisions: <c>"decisions": {"releaseAt": "2027-05-20T10:00"}</c> in the programs file (a
/// local time in the program's zone). Before <see cref="ReleaseAt"/> decisions are recorded and seen by staff only; at it
/// every one goes out together. Without it (or once it has passed) a decision goes out at once.
/// </summary>
public sealed record DecisionSettings(DateTimeOffset? ReleaseAt = null)
{
    public static readonly DecisionSettings Default = new();
}

/// <summary>One talent program for one cycle, as configured in the programs file.</summary>
public sealed record ProgramDefinition
{
    public required string Id { get; init; }
    public required LocalizedText Name { get; init; }
    public required LocalizedText Description { get; init; }
    public required string Cycle { get; init; }

    /// <summary>The IANA time zone the program's dates are written in (e.g. Asia/Shanghai).</summary>
    public required string TimeZone { get; init; }

    public required DateTimeOffset OpensAt { get; init; }
    public required DateTimeOffset Deadline { get; init; }
    public required IReadOnlyList<TrackDefinition> Tracks { get; init; }
    public required IReadOnlyList<MaterialRule> Materials { get; init; }
    public required Eligibility Eligibility { get; init; }
    public required IReadOnlyList<RubricCriterion> Rubric { get; init; }
    public int MentorsPerApplication { get; init; } = 2;
    public int ReviewWindowDays { get; init; } = 14;
    public int OfferValidityDays { get; init; } = 14;

    /// <summary>The durations the workflow waits; the programs file sets them from the day counts above.</summary>
    public ProgramTimings Timings { get; init; } = ProgramTimings.Default;
    public required int CohortCapacity { get; init; }

    /// <summary>Who gets a seat that frees: suggested to staff, or offered at once.</summary>
    public WaitlistSettings Waitlist { get; init; } = WaitlistSettings.Default;
    public required string StaffEmail { get; init; }

    /// <summary>Language of the emails sent to program staff.</summary>
    public string StaffLanguage { get; init; } = Languages.English;

    public required IReadOnlyList<MentorDefinition> Mentors { get; init; }
    public required TextLimits TextLimits { get; init; }

    /// <summary>How mentors review: blind by default (<see cref="ReviewSettings"/>).</summary>
    public ReviewSettings Review { get; init; } = ReviewSettings.Default;

    /// <summary>When decisions are announced: at once by default (<see cref="DecisionSettings"/>).</summary>
    public DecisionSettings Decisions { get; init; } = DecisionSettings.Default;

    /// <summary>What an applicant's data export holds: reviews left out by default (<see cref="PrivacySettings"/>).</summary>
    public PrivacySettings Privacy { get; init; } = PrivacySettings.Default;

    public IEnumerable<MaterialKind> RequiredMaterials => Materials.Where(m => m.Required).Select(m => m.Kind);
    public IEnumerable<MaterialKind> OptionalMaterials => Materials.Where(m => !m.Required).Select(m => m.Kind);

    /// <summary>Applications may be started while <c>OpensAt ≤ now ≤ Deadline</c>.</summary>
    public bool IsOpen(DateTimeOffset now) => OpensAt <= now && now <= Deadline;

    public TrackDefinition? FindTrack(string? trackId) => Tracks.FirstOrDefault(t => t.Id == trackId);
    public MaterialRule? RuleFor(MaterialKind kind) => Materials.FirstOrDefault(m => m.Kind == kind);
    public MentorDefinition? FindMentor(string? mentorId) => Mentors.FirstOrDefault(m => m.Id == mentorId);
}
