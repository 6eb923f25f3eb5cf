using TalentFunctions.Web.Api;

namespace TalentFunctions.Web.Endpoints;

public static class ApiConventions
{
    /// <summary>
    /// The standalone host's middleware: ProblemDetails for every error (unhandled exceptions, unknown routes, wrong
    /// methods), the 1 MiB body limit for every request, rate limits, authentication and authorization.
    /// </summary>
    public static WebApplication UseApiConventions(this WebApplication app)
    {
        // A request Kestrel refuses mid-read (a body over the limit, a malformed form) is the caller's
        // error: answer with its 4xx, not 500.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength > JsonBody.MaxBytes)
            {
                await Problems.TooLarge(JsonBody.MaxBytes).ExecuteAsync(context);
                return;
            }
            if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = JsonBody.MaxBytes;
            }
            await next(context);
        });
        app.UseRateLimiter();
        // After the body limit and the rate limits, as the checks inside the handlers were: a body over the
        // limit is a 413 and a client over its limit a 429 whatever the credentials. The challenges answer
        // as before (Security/ApiAuthentication): 404 on applicant routes, 401 unauthorized on staff routes.
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
