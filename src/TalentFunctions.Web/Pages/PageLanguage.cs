using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Net.Http.Headers;

namespace TalentFunctions.Web.Pages;

/// <summary>
/// The language of a browser page (portal, console): <c>?lang=zh|en</c> when the visitor just switched, else the choice
/// remembered in the <see cref="CookieName"/> cookie, else the best of Chinese and English in <c>Accept-Language</c>,
/// else English. The cookie is the browser's preference only; no server state changes.
/// </summary>
public static class PageLanguage
{
    public const string CookieName = "tf-lang";

    public static PageText Resolve(HttpContext context)
    {
        var request = context.Request;
        if (Parse(request.Query["lang"]) is { } chosen)
        {
            return chosen;
        }
        if (request.Cookies.TryGetValue(CookieName, out var remembered) && Parse(remembered) is { } fromCookie)
        {
            return fromCookie;
        }
        return FromAcceptLanguage(request.Headers.AcceptLanguage.ToString());
    }

    /// <summary>Remembers a language chosen with <c>?lang=</c> for a year (call when rendering the page).</summary>
    public static void Remember(HttpContext context)
    {
        if (Parse(context.Request.Query["lang"]) is not { } chosen)
        {
            return;
        }
        context.Response.Cookies.Append(CookieName, chosen.Language, new CookieOptions
        {
            Path = "/",
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Lax,
            MaxAge = TimeSpan.FromDays(365),
            IsEssential = true,
        });
    }

    /// <summary>The current URL with <c>lang</c> set to the other language: the target of the language switch.</summary>
    public static string SwitchUrl(HttpRequest request, PageText current)
    {
        var other = current.IsChinese ? PageText.English : PageText.Chinese;
        var query = new QueryBuilder(request.Query.Where(q => q.Key != "lang").SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v ?? ""))))
        {
            { "lang", other },
        };
        return request.PathBase + request.Path + query.ToQueryString();
    }

    /// <summary>Chinese when the header ranks some <c>zh</c> above every <c>en</c> (by quality, then order), else English.</summary>
    public static PageText FromAcceptLanguage(string? header)
    {
        if (string.IsNullOrWhiteSpace(header) || !StringWithQualityHeaderValue.TryParseList(header.Split(','), out var values))
        {
            return PageText.En;
        }
        foreach (var value in values.OrderByDescending(v => v.Quality ?? 1.0))
        {
            var tag = value.Value.ToString();
            if (tag.Equals("zh", StringComparison.OrdinalIgnoreCase) || tag.StartsWith("zh-", StringComparison.OrdinalIgnoreCase))
            {
                return PageText.Zh;
            }
            if (tag.Equals("en", StringComparison.OrdinalIgnoreCase) || tag.StartsWith("en-", StringComparison.OrdinalIgnoreCase))
            {
                return PageText.En;
            }
        }
        return PageText.En;
    }

    private static PageText? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "zh" or "zh-hans" or "zh-cn" => PageText.Zh,
        "en" => PageText.En,
        _ => null,
    };
}
