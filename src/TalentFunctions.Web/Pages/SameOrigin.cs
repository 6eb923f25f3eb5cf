namespace TalentFunctions.Web.Pages;

/// <summary>
/// Cross-site request defence for the form and JSON posts on token URLs. The token in the URL is the capability (no
/// session, no cookie, so nothing ambient for another site to ride on); on top of that, a browser post made by
/// another site is refused: <c>Sec-Fetch-Site</c> must be <c>same-origin</c> (or <c>none</c>, typed by the user) when a
/// browser sends it; otherwise an <c>Origin</c> must be this app (as addressed, or its public base URL). Requests with
/// neither header (scripts, curl, old browsers) pass; so does <c>Origin: null</c>, which browsers send for a
/// same-origin form post from a page with <c>Referrer-Policy: no-referrer</c>, as ours are.
/// </summary>
public static class SameOrigin
{
    public static bool IsCrossSite(HttpRequest request, Uri publicBaseUrl)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0)
        {
            return !site.Equals("same-origin", StringComparison.OrdinalIgnoreCase) && !site.Equals("none", StringComparison.OrdinalIgnoreCase);
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0 || origin == "null")
        {
            return false;
        }

        if (!Uri.TryCreate(origin, UriKind.Absolute, out var from))
        {
            return true;
        }

        var self = Uri.TryCreate($"{request.Scheme}://{request.Host.Value}", UriKind.Absolute, out var own) ? own : null;
        return !Same(from, self) && !Same(from, publicBaseUrl);
    }

    private static bool Same(Uri origin, Uri? other) =>
        other is not null
        && string.Equals(origin.Scheme, other.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(origin.IdnHost, other.IdnHost, StringComparison.OrdinalIgnoreCase)
        && origin.Port == other.Port;
}

/// <summary>The stricter check for requests a cookie authenticates (the staff console).</summary>
public static class SameOriginStrict
{
    /// <summary>
    /// True only when the browser says the request comes from this app: <c>Sec-Fetch-Site: same-origin</c>, or, from a
    /// browser that does not send it, an <c>Origin</c> that is this app. A request with neither (or <c>Origin: null</c>)
    /// is refused: a cookie is ambient, so its requests must prove where they come from.
    /// </summary>
    public static bool IsSameOrigin(HttpRequest request, Uri publicBaseUrl)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0)
        {
            return site.Equals("same-origin", StringComparison.OrdinalIgnoreCase);
        }
        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0 && origin != "null" && !SameOrigin.IsCrossSite(request, publicBaseUrl);
    }
}
