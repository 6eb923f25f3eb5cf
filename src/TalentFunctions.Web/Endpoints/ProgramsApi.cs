using Microsoft.AspNetCore.Http.HttpResults;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Web.Api;

namespace TalentFunctions.Web.Endpoints;

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
    TextLimits TextLimits);

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
                p.Eligibility.ProjectLanguages, p.TextLimits)).ToList();
            return TypedResults.Ok(views);
        }).WithName("ListPrograms").WithTags("Programs").RequireRateLimiting(RateLimits.Public);
        return app;
    }
}
