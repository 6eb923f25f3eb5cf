using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Microsoft.Net.Http.Headers;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Notifications.Links;
using TalentFunctions.Web.Api;
using TalentFunctions.Web.Pages;
using TalentFunctions.Workflow.Queries;

namespace TalentFunctions.Web.Endpoints;

/// <summary>
/// The applicant portal (issue 11): <c>GET /</c> the open programs, <c>GET /apply/{programId}</c> the application form,
/// <c>GET /applications/{id}/edit?token=…</c> the same form pre-filled from the emailed resume link, <c>GET /assets/{name}</c>
/// the page script, <c>GET /privacy</c> the privacy notice. Pages only read; the form saves through the applicant JSON API.
/// </summary>
public static class PortalApi
{
    public static IEndpointRouteBuilder MapPortal(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", Home).WithName("PortalHome").WithTags("Portal").ExcludeFromDescription().RequireRateLimiting(RateLimits.Public);
        app.MapGet("/apply/{programId}", Apply).WithName("ApplicationFormPage").WithTags("Portal").ExcludeFromDescription().RequireRateLimiting(RateLimits.Public);
        app.MapGet("/applications/{id}/edit", EditAsync).WithName("ApplicationEditPage").WithTags("Portal").ExcludeFromDescription()
            .WithTokenHeaders().RequireRateLimiting(RateLimits.Public);
        app.MapGet("/assets/{name}", Asset).WithName("PortalAsset").WithTags("Portal").ExcludeFromDescription();
        app.MapGet("/privacy", Privacy).WithName("PrivacyNotice").WithTags("Portal").ExcludeFromDescription().RequireRateLimiting(RateLimits.Public);
        return app;
    }

    private static IResult Home(HttpContext context, ProgramCatalog catalog, TimeProvider time)
    {
        var t = PageLanguage.Resolve(context);
        PageLanguage.Remember(context);
        var now = time.GetUtcNow();
        var open = catalog.All.Where(p => now <= p.Deadline).ToList();
        return PortalPages.Home(t, open, now, PageLanguage.SwitchUrl(context.Request, t));
    }

    /// <summary>The privacy notice applicants accept (version <see cref="PrivacyNotice.Version"/>), in the visitor's language.</summary>
    private static IResult Privacy(HttpContext context)
    {
        var t = PageLanguage.Resolve(context);
        PageLanguage.Remember(context);
        return PrivacyPage.Render(t, PageLanguage.SwitchUrl(context.Request, t));
    }

    private static IResult Apply(string programId, HttpContext context, ProgramCatalog catalog, TimeProvider time, BlobServiceClient blobs)
    {
        var program = catalog.Get(programId);
        if (program is null)
        {
            return PageProblem.NotFound.ToPage();
        }
        var t = PageLanguage.Resolve(context);
        PageLanguage.Remember(context);
        if (!program.IsOpen(time.GetUtcNow()))
        {
            return Pages.Pages.Message(StatusCodes.Status409Conflict, t, t.ProgramNotOpenTitle, t.ProgramNotOpen, program.Name.For(t.Language));
        }
        return PortalPages.Form(t, program, null, null, null, PageLanguage.SwitchUrl(context.Request, t), [StorageOrigin(blobs)]);
    }

    private static async Task<IResult> EditAsync(
        string id, string? token, HttpContext context, ApplicationQueries queries, ProgramCatalog catalog, LinkTokenService tokens, BlobServiceClient blobs, CancellationToken ct)
    {
        var link = CheckedLink.Check(tokens, token, LinkPurpose.Resume);
        if (link.Problem is not null)
        {
            return link.Problem.ToPage();
        }
        if (link.Token!.ApplicationId != id || link.Token.SubjectId != id)
        {
            return PageProblem.LinkMismatch.ToPage();
        }
        var state = await queries.GetAsync(id, ct);
        var program = state is null ? null : catalog.Get(state.ProgramId);
        if (state is null || program is null)
        {
            return PageProblem.NotFound.ToPage();
        }
        var t = Request(context) is { } chosen ? chosen : PageText.For(state.Applicant.PreferredLanguage);
        PageLanguage.Remember(context);
        var statusUrl = $"/applications/{Uri.EscapeDataString(id)}?token={Uri.EscapeDataString(token!)}";
        if (state.Stage != Stage.Draft)
        {
            return new HtmlPage(StatusCodes.Status409Conflict, t.Language, t.ApplyTitle, Html.Of($"""
                {Pages.Pages.Caption(program.Name.For(t.Language))}
                <h1>{t.ApplyTitle}</h1>
                <section><p>{t.NotADraftText}</p><p><a id="status-link" href="{statusUrl}">{t.ViewStatus}</a></p></section>
                """));
        }
        return PortalPages.Form(t, program, state, token, statusUrl, PageLanguage.SwitchUrl(context.Request, t), [StorageOrigin(blobs)]);
    }

    /// <summary>The language chosen on the page (?lang= or the cookie), else null: the applicant's own language then.</summary>
    private static PageText? Request(HttpContext context) =>
        context.Request.Query.ContainsKey("lang") || context.Request.Cookies.ContainsKey(PageLanguage.CookieName) ? PageLanguage.Resolve(context) : null;

    private static IResult Asset(string name, HttpContext context)
    {
        if (PortalAssets.Find(name) is not { } asset)
        {
            return Problems.NotFound("asset");
        }
        var headers = context.Response.Headers;
        headers.CacheControl = "public, max-age=3600";
        headers.ETag = asset.ETag;
        headers.XContentTypeOptions = "nosniff";
        if (context.Request.Headers.IfNoneMatch == asset.ETag)
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        return TypedResults.Bytes(asset.Content, asset.ContentType);
    }

    /// <summary>The storage account's origin (scheme, host, port): where the browser uploads through the SAS.</summary>
    public static string StorageOrigin(BlobServiceClient blobs) => blobs.Uri.GetLeftPart(UriPartial.Authority);
}

/// <summary>The files <c>/assets/{name}</c> serves: embedded in this assembly, by a fixed list (nothing else is reachable).</summary>
public static class PortalAssets
{
    public const string PortalScript = "portal.js";

    public sealed record Asset(byte[] Content, string ContentType, string ETag);

    private static readonly Dictionary<string, Asset> Files = new(StringComparer.Ordinal)
    {
        [PortalScript] = Load(PortalScript, "text/javascript; charset=utf-8"),
    };

    public static Asset? Find(string name) => Files.GetValueOrDefault(name);

    private static Asset Load(string name, string contentType)
    {
        using var stream = typeof(PortalAssets).Assembly.GetManifestResourceStream("TalentFunctions.Web.Assets." + name)
            ?? throw new InvalidOperationException($"The asset {name} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var bytes = copy.ToArray();
        return new Asset(bytes, contentType, "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] + "\"");
    }
}
