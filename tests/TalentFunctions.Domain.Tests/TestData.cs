using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;

namespace TalentFunctions.Domain.Tests;

/// <summary>Valid inputs and fixed times, so each test states only what matters to it.</summary>
internal static class TestData
{
    public static readonly ProgramCatalog Catalog = ProgramCatalog.LoadDefault();
    public static ProgramDefinition Hina => Catalog.Get("hina-directors")!;
    public static ProgramDefinition ChunM => Catalog.Get("chunm-writers")!;

    /// <summary>Mid-cycle: the programs are open.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 15, 10, 0, 0, TimeSpan.FromHours(8));

    public const string AppId = "app-1";

    public static DecisionContext At(DateTimeOffset now, ProgramCatalog? catalog = null) => new(now, catalog ?? Catalog);

    public static Applicant Applicant(
        string school = "Beijing Film Academy",
        string email = "xiaoyu@mail.example",
        string language = "zh",
        int graduationYear = 2024,
        IReadOnlyList<string>? affiliations = null) => new()
    {
        Name = "林小雨",
        Email = email,
        PreferredLanguage = language,
        School = school,
        GraduationYear = graduationYear,
        Roles = ["director"],
        Awards = ["Student Academy Award"],
        Affiliations = affiliations ?? [],
    };

    public static Project Project(string language = "zh", string title = "雨季 The Rainy Season", string? logline = null) => new()
    {
        Title = title,
        Logline = logline ?? "一个女孩在雨季回到故乡。",
        Synopsis = "A short film about returning home during the rainy season.",
        Language = language,
        Format = ProjectFormat.Short,
    };

    public static CreateDraft Create(
        string id = AppId,
        string programId = "hina-directors",
        string track = "original-ip",
        Applicant? applicant = null,
        Project? project = null) =>
        new("create", "applicant", id, programId, track, applicant ?? Applicant(), project ?? Project(), "hash-" + id, PrivacyNotice: PrivacyNotice.Version);

    public static RequestMaterial RequestReel(string materialId = "m-reel", long length = 1024) =>
        new("request-" + materialId, "applicant", materialId, MaterialKind.Reel, "reel.mp4", "video/mp4", length, "materials/" + materialId);

    public static AttachMaterial AttachReel(string materialId = "m-reel", long length = 1000) =>
        new("attach-" + materialId, "applicant", materialId, length, "video/mp4");

    public static RequestMaterial RequestPdf(MaterialKind kind, string materialId) =>
        new("request-" + materialId, "applicant", materialId, kind, materialId + ".pdf", "application/pdf", 2048, "materials/" + materialId);

    public static AttachMaterial AttachPdf(string materialId) => new("attach-" + materialId, "applicant", materialId, 2000, "application/pdf");

    public static SubmitReview Review(ProgramDefinition program, string assignmentId, int score = 4, Recommendation recommendation = Recommendation.Advance) =>
        new("review-" + assignmentId, "mentor", assignmentId, program.Rubric.ToDictionary(c => c.Id, _ => score), recommendation, "Strong voice.");

    public static AssignMentors Assign(params MentorLoad[] loads) => new("assign-" + Guid.NewGuid().ToString("N"), "system", loads);
}
