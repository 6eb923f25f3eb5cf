using System.Security.Cryptography;
using System.Text;

namespace TalentFunctions.Web.Pages;

/// <summary>
/// A whole server-rendered page: the shared frame (language, viewport, the one inline stylesheet) around a body,
/// answered with the security headers every page gets. Pages carry capability tokens in their URLs, so none of them
/// may be cached or leak the URL as a referrer.
/// </summary>
public sealed class HtmlPage(int statusCode, string language, string title, HtmlFragment body) : IResult
{
    /// <summary>The stylesheet of every page: small, readable on a phone, no external fonts or images.</summary>
    public const string Stylesheet = """
        :root{color-scheme:light dark;--fg:#1d1d1f;--muted:#5b5b63;--bg:#fff;--card:#f5f5f7;--accent:#0a5bd3;--on-accent:#fff;--bad:#b3261e;--ok:#1e7b34}
        @media (prefers-color-scheme:dark){:root{--fg:#f2f2f5;--muted:#b0b0b8;--bg:#121214;--card:#1f1f23;--accent:#7fb0ff;--on-accent:#121214;--bad:#ff8a80;--ok:#7ddc92}}
        *{box-sizing:border-box}
        body{margin:0;font:16px/1.55 system-ui,-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:var(--fg);background:var(--bg)}
        main{max-width:46rem;margin:0 auto;padding:1rem}
        h1{font-size:1.5rem;line-height:1.3;margin:.5rem 0 1rem}
        h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
        section,fieldset{background:var(--card);border:0;border-radius:.6rem;padding:.75rem 1rem;margin:0 0 1rem}
        legend{font-weight:600;padding:0;float:left;width:100%;margin-bottom:.4rem}
        legend+*{clear:both}
        dl{margin:0}dt{font-weight:600;margin-top:.5rem}dd{margin:0}
        .muted{color:var(--muted)}
        .scale{display:flex;flex-wrap:wrap;gap:.5rem}
        .scale label,.choice label{display:inline-flex;align-items:center;gap:.3rem;min-width:2.75rem;min-height:2.75rem;padding:0 .6rem;border:1px solid var(--muted);border-radius:.4rem;cursor:pointer}
        textarea,input[type=text]{width:100%;font:inherit;padding:.5rem;border:1px solid var(--muted);border-radius:.4rem;background:var(--bg);color:var(--fg)}
        textarea{min-height:8rem}
        button,.button{display:inline-block;font:inherit;font-weight:600;padding:.65rem 1.2rem;min-height:2.75rem;border-radius:.4rem;border:0;background:var(--accent);color:var(--on-accent);text-decoration:none;cursor:pointer}
        button.secondary{background:transparent;color:var(--accent);border:1px solid var(--accent)}
        .actions{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center}
        .actions form{margin:0}
        .errors{border-left:4px solid var(--bad);padding-left:.75rem}
        .error{color:var(--bad)}
        .ok{border-left:4px solid var(--ok)}
        video,iframe{width:100%;border:0;border-radius:.4rem;background:#000}
        iframe{height:70vh;background:#fff}
        ol.timeline{padding-left:1.2rem}
        pre{white-space:pre-wrap;word-break:break-word}
        a{color:var(--accent)}
        .bilingual>section{margin-bottom:1rem}
        .mt{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:.25rem 1rem}
        .mt-label{margin:0;font-size:.8rem;color:var(--muted)}
        label{display:block;font-weight:600;margin:.6rem 0 .2rem}
        input[type=email],input[type=number],select{width:100%;font:inherit;padding:.5rem;border:1px solid var(--muted);border-radius:.4rem;background:var(--bg);color:var(--fg)}
        input[type=file]{font:inherit;max-width:100%}
        progress{width:100%;height:1rem}
        [aria-invalid=true]{border-color:var(--bad)}
        .hint{font-size:.9rem;color:var(--muted);margin:.1rem 0}
        :focus-visible{outline:3px solid var(--accent);outline-offset:2px}
        ul.programs{list-style:none;padding:0}
        [hidden]{display:none!important}
        main.wide{max-width:80rem}
        table{border-collapse:collapse;width:100%;font-size:.9rem}
        th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid var(--muted)}
        .filters{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:.5rem 1rem;align-items:end}
        .filters label{display:block;font-size:.85rem;color:var(--muted)}
        nav.top{display:flex;gap:1rem;justify-content:space-between;align-items:center}
        header.console nav{margin-bottom:1rem}
        nav a[aria-current=page]{font-weight:700;text-decoration:none}
        svg.funnel{display:block;max-width:100%;height:auto}
        svg.funnel text{fill:var(--fg);font-size:14px}
        svg.funnel .bar{fill:var(--accent)}
        svg.funnel .exit{fill:var(--bad)}
        .num{text-align:right;font-variant-numeric:tabular-nums}
        """;

    /// <summary>The CSP source that allows exactly <see cref="Stylesheet"/>.</summary>
    public static string StylesheetHash { get; } = "'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Stylesheet))) + "'";

    /// <summary>Origins the page may load media (videos) and frames (PDFs) from, e.g. the storage account.</summary>
    public IReadOnlyList<string> MediaOrigins { get; init; } = [];

    /// <summary>
    /// Opt-in for the pages that run a script of ours (the portal): the paths of the scripts (served by <c>/assets/</c>), loaded
    /// deferred. Such a page's CSP allows <c>script-src 'self'</c> and <c>connect-src 'self'</c> plus <see cref="ConnectOrigins"/>;
    /// every other page keeps <c>default-src 'none'</c> for scripts and connections.
    /// </summary>
    public IReadOnlyList<string> Scripts { get; init; } = [];

    /// <summary>Origins the page's scripts may call besides its own (the storage account, for uploads through a SAS).</summary>
    public IReadOnlyList<string> ConnectOrigins { get; init; } = [];

    /// <summary>Pages with wide tables (the staff console): the main column takes the width of the window, up to 80rem.</summary>
    public bool Wide { get; init; }

    /// <summary>Only the dev mailbox page: email bodies in sandboxed frames keep their inline styles.</summary>
    public bool AllowInlineStyles { get; init; }

    public int StatusCode => statusCode;

    public string Title => title;

    public string Render()
    {
        var page = Html.Of($"""
            <!DOCTYPE html>
            <html lang="{LanguageTag(language)}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <link rel="icon" href="data:,">
            <title>{title}</title>
            <style>{new HtmlFragment(Stylesheet)}</style>
            {Html.Join(Scripts.Select(src => Html.Of($"<script src=\"{src}\" defer></script>")))}
            </head>
            <body>
            <main{(Wide ? new HtmlFragment(" class=\"wide\"") : HtmlFragment.Empty)}>
            {body}
            </main>
            </body>
            </html>
            """);
        return page.Markup;
    }

    public string ContentSecurityPolicy()
    {
        var media = MediaOrigins.Count == 0 ? "'none'" : string.Join(' ', MediaOrigins);
        var styles = AllowInlineStyles ? "'unsafe-inline'" : StylesheetHash;
        var scripts = Scripts.Count == 0 ? "" : $"script-src 'self'; connect-src {string.Join(' ', ["'self'", .. ConnectOrigins])}; ";
        return $"default-src 'none'; {scripts}style-src {styles}; img-src 'self' data:; media-src {media}; frame-src {media}; "
               + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = "text/html; charset=utf-8";
        PageHeaders.Apply(response, ContentSecurityPolicy());
        await response.WriteAsync(Render(), Encoding.UTF8, httpContext.RequestAborted);
    }

    /// <summary>The BCP 47 tag for a page language: Simplified Chinese or English.</summary>
    public static string LanguageTag(string language) => language == PageText.Chinese ? "zh-Hans" : "en";
}

/// <summary>The headers of every page (and of the JSON answers on token URLs).</summary>
public static class PageHeaders
{
    public static void Apply(HttpResponse response, string? contentSecurityPolicy = null)
    {
        var headers = response.Headers;
        headers.CacheControl = "no-store";
        headers.Pragma = "no-cache";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        if (contentSecurityPolicy is not null)
        {
            headers.ContentSecurityPolicy = contentSecurityPolicy;
        }
    }
}
