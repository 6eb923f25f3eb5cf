using System.Security.Cryptography;
using System.Text;
using TalentFunctions.Workflow;
using TalentFunctions.Workflow.Store;
using Azure;
using Azure.Data.Tables;

namespace TalentFunctions.Web.Api;

/// <summary>What an Idempotency-Key was first used for.</summary>
public sealed record IdempotencyClaim(string ApplicationId, string BodyHash, bool IsReplay);

/// <summary>
/// <c>Idempotency-Key</c> for creating applications: the first request with a key claims it (an
/// insert, never check-then-insert) for a new application id and the hash of its body; a replay with
/// the same body gets the same application (and the caller answers with the first result); the same
/// key with another body is refused.
/// </summary>
public sealed class IdempotencyKeys(OrchestrationStorage storage)
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 200;

    public static string BodyHash(string canonicalBody) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalBody)));

    public async Task<IdempotencyClaim> ClaimAsync(string scope, string key, string bodyHash, Func<string> newApplicationId, CancellationToken cancellationToken)
    {
        var row = RowKeys.Safe(key);
        var applicationId = newApplicationId();
        try
        {
            await storage.Idempotency.AddEntityAsync(new TableEntity(scope, row)
            {
                ["ApplicationId"] = applicationId,
                ["BodyHash"] = bodyHash,
            }, cancellationToken).ConfigureAwait(false);
            return new IdempotencyClaim(applicationId, bodyHash, IsReplay: false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var found = await storage.Idempotency.GetEntityIfExistsAsync<TableEntity>(scope, row, cancellationToken: cancellationToken).ConfigureAwait(false);
            var existing = found.HasValue ? found.Value! : throw new InvalidOperationException("An idempotency key vanished while being read.");
            return new IdempotencyClaim(existing.GetString("ApplicationId")!, existing.GetString("BodyHash")!, IsReplay: true);
        }
    }

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
