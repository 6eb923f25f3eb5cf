using Microsoft.AspNetCore.Http.HttpResults;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Web.Api;

namespace TalentFunctions.Web.Endpoints;

/// <summary>The privacy notice an application to the program accepts: send <see cref="Version"/> as <c>consent.privacyNotice</c>; read it at <see cref="Url"/>.</summary>
public sealed record PrivacyNoticeView(string Version, string Url)
{
    public static PrivacyNoticeView Current { get; } = new(PrivacyNotice.Version, PrivacyNotice.Path);
}

public sealed record MaterialRuleView(MaterialKind Kind, bool Required, long MaxBytes, IReadOnlyList<string> ContentTypes);

public sealed record ProgramView(
    string Id,
    LocalizedText Name,
    LocalizedText Description,
    string Cycle,
    DateTimeOffset OpensAt,
    DateTimeOffset Deadline,
    string TimeZone,
    bool IsOpen,
    IReadOnlyList<TrackDefinition> Tracks,
    IReadOnlyList<MaterialKind> RequiredMaterials,
    IReadOnlyList<MaterialKind> OptionalMaterials,
    IReadOnlyList<MaterialRuleView> Materials,
    IReadOnlyList<RubricCriterion> Rubric,
    IReadOnlyList<string> Schools,
    int MaxYearsSinceGraduation,
    IReadOnlyList<string> ProjectLanguages,
    TextLimits TextLimits,
    bool BlindReview,
    LocalizedText? BlindReviewNote,
    PrivacyNoticeView PrivacyNotice);

/// <summary>What applicants of a blind program are asked about their materials (ADR 0012).</summary>
public static class BlindReviewNotes
{
    /// <summary>For a blind program: what mentors see and do not, and to keep names off title pages and out of files.</summary>
    public static LocalizedText ForApplicants { get; } = new(
        "This program reviews blind: mentors see your project, track, script and reel, but not your name, email, school, awards or graduation year, " +
        "nor your CV or lookbook, which only program staff read; files are shown to mentors under neutral names. Please keep your name off the script's " +
        "title page and out of the script itself. Credits in a reel cannot be removed, so consider a version without them.",
        "本项目采用匿名评审：导师能看到您的项目、方向、剧本和样片，但看不到您的姓名、邮箱、学校、获奖情况和毕业年份，也看不到仅供项目组查阅的个人简历和视觉手册；" +
        "文件以中性名称提供给导师。请勿在剧本封面及正文中写上您的姓名。样片中的字幕署名无法去除，建议提交不含署名的版本。");

    /// <summary>The note for <paramref name="program"/>, or null when it does not review blind.</summary>
    public static LocalizedText? For(ProgramDefinition? program) => program is not null && MentorView.IsBlind(program) ? ForApplicants : null;

    /// <summary>The note for a material of <paramref name="kind"/>: only for the kinds mentors of a blind program open.</summary>
    public static LocalizedText? For(ProgramDefinition? program, MaterialKind kind) =>
        program is not null && MentorView.IsBlind(program) && MentorView.MayOpen(program, kind) ? ForApplicants : null;
}

/// <summary><c>GET /api/programs</c>: what is open, and what an application to it needs.</summary>
public static class ProgramsApi
{
    public static IEndpointRouteBuilder MapProgramsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/programs", Ok<List<ProgramView>> (ProgramCatalog catalog, TimeProvider time) =>
        {
            var now = time.GetUtcNow();
            var views = catalog.All.Where(p => now <= p.Deadline).Select(p => new ProgramView(
                p.Id, p.Name, p.Description, p.Cycle, p.OpensAt, p.Deadline, p.TimeZone, p.IsOpen(now), p.Tracks,
                p.RequiredMaterials.ToList(), p.OptionalMaterials.ToList(),
                p.Materials.Select(m => new MaterialRuleView(m.Kind, m.Required, m.MaxBytes, m.ContentTypes)).ToList(),
                p.Rubric, p.Eligibility.Schools.Select(s => s.Name).ToList(), p.Eligibility.MaxYearsSinceGraduation,
                p.Eligibility.ProjectLanguages, p.TextLimits, p.Review.Blind, BlindReviewNotes.For(p),
                PrivacyNoticeView.Current)).ToList();
            return TypedResults.Ok(views);
        }).WithName("ListPrograms").WithTags("Programs").RequireRateLimiting(RateLimits.Public);
        return app;
    }
}
