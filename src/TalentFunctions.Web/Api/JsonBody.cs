using System.Text.Json;
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
