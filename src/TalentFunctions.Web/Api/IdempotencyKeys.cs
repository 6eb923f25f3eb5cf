using System.Security.Cryptography;
using System.Text;
using TalentFunctions.Workflow.Store;

namespace TalentFunctions.Web.Api;

/// <summary>
/// The <c>Idempotency-Key</c> header: read and checked from a request, the hash of a create's body, and the id of the
/// command a request sends. Creates claim their key in storage (<see cref="IdempotencyClaims"/>): a replay with the same
/// body gets the same application, the same key with another body is refused.
/// </summary>
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 200;

    public static string BodyHash(string canonicalBody) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalBody)));

    /// <summary>
    /// The id of the command a request sends: from its Idempotency-Key when given (so a replay is
    /// recognised), otherwise unique to the request.
    /// </summary>
    public static string CommandId(HttpRequest request, string verb)
    {
        var key = FromRequest(request, out _);
        return key is null ? $"{verb}:{Guid.NewGuid():N}" : $"{verb}:{key}";
    }

    public static string? FromRequest(HttpRequest request, out Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? problem)
    {
        problem = null;
        if (!request.Headers.TryGetValue(Header, out var values))
        {
            return null;
        }
        var key = values.ToString();
        if (key.Length is 0 or > MaxKeyLength || key.Any(char.IsControl))
        {
            problem = Problems.Create(StatusCodes.Status400BadRequest, "invalid-idempotency-key", "The Idempotency-Key header is invalid.",
                $"Use 1 to {MaxKeyLength} printable characters, e.g. a UUID.");
            return null;
        }
        return key;
    }
}
