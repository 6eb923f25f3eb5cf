using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace TalentFunctions.Web.Api;

/// <summary>The outcome of reading a JSON body: the value, or the problem to answer with.</summary>
public readonly record struct BodyResult<T>(T? Value, ProblemHttpResult? Problem)
    where T : class;

/// <summary>
/// Reads request bodies: at most <see cref="MaxBytes"/> (413 beyond), JSON only (400 when malformed or of
/// the wrong shape, naming where), so a bad body never reaches the handlers.
/// </summary>
public static class JsonBody
{
    public const int MaxBytes = 1024 * 1024;

    public static async Task<BodyResult<T>> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength > MaxBytes)
        {
            return new(null, Problems.TooLarge(MaxBytes));
        }
        var mediaType = request.ContentType?.Split(';')[0].Trim();
        if (mediaType is not null && !mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            && !mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
        {
            return new(null, Problems.Create(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type",
                "The request body must be JSON.", "Send Content-Type: application/json."));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxBytes)
                {
                    return new(null, Problems.TooLarge(MaxBytes));
                }
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel enforces the same limit (MaxRequestBodySize) on bodies without Content-Length, and stops the read first.
            return new(null, Problems.TooLarge(MaxBytes));
        }
        catch (BadHttpRequestException ex)
        {
            return new(null, Problems.Create(ex.StatusCode, "unreadable-body", "The request body could not be read.", ex.Message));
        }
        if (buffer.Length == 0)
        {
            return new(null, Problems.MalformedJson("The request body is empty."));
        }
        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), ApiJson.Options);
            return value is null
                ? new(null, Problems.MalformedJson("The request body is null."))
                : new(value, null);
        }
        catch (JsonException ex)
        {
            var where = ex.Path is { Length: > 0 } path ? $" at {path}" : "";
            return new(null, Problems.MalformedJson($"The JSON is malformed or has a value of the wrong type{where}."));
        }
    }
}

/// <summary>
/// A JSON request body the framework binds: a handler takes the request record as a parameter
/// (<c>EditApplicationRequest body</c>) and never sees a bad body. Reading goes through <see cref="JsonBody"/> (size limit,
/// media type, malformed JSON); a bad body stops the request with that problem (<see cref="BodyProblemException"/>).
/// A nullable parameter (<c>WithdrawRequest? body</c>) makes the body optional: none binds null.
/// </summary>
public abstract record JsonRequest<TSelf> : IBindableFromHttpContext<TSelf>
    where TSelf : JsonRequest<TSelf>
{
    public static async ValueTask<TSelf?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        if (!HasBody(context.Request) && new NullabilityInfoContext().Create(parameter).ReadState == NullabilityState.Nullable)
        {
            return null;
        }
        var body = await JsonBody.ReadAsync<TSelf>(context.Request, context.RequestAborted).ConfigureAwait(false);
        return body.Problem is null ? body.Value : throw new BodyProblemException(body.Problem);
    }

    // A body with a length, or a chunked one.
    private static bool HasBody(HttpRequest request) =>
        request.ContentLength is > 0
        || (request.ContentLength is null && request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true);
}

/// <summary>A request body that could not be bound; <see cref="Problem"/> is the answer (400, 413 or 415).</summary>
public sealed class BodyProblemException(ProblemHttpResult problem) : Exception(problem.ProblemDetails.Detail ?? problem.ProblemDetails.Title)
{
    public ProblemHttpResult Problem { get; } = problem;
}

/// <summary>Answers a <see cref="BodyProblemException"/> with its problem: a caller's error, not a failure of the app.</summary>
public sealed class BodyProblemExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BodyProblemException body)
        {
            return false;
        }
        await body.Problem.ExecuteAsync(httpContext).ConfigureAwait(false);
        return true;
    }
}
