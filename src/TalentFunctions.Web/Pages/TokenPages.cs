namespace TalentFunctions.Web.Pages;

/// <summary>Endpoint conventions of the pages and JSON endpoints reached through signed links.</summary>
public static class TokenPages
{
    /// <summary>
    /// Tokens are in the URL: no answer may be cached or leak the URL as a referrer; no content sniffing. Pages set
    /// their own Content-Security-Policy on top; JSON answers get these headers here.
    /// </summary>
    public static TBuilder WithTokenHeaders<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(static async (context, next) =>
        {
            PageHeaders.Apply(context.HttpContext.Response);
            return await next(context);
        });

    /// <summary>Reads a posted form; null when the body is not a form or cannot be parsed.</summary>
    public static async Task<IFormCollection?> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return null;
        }
        try
        {
            return await request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
