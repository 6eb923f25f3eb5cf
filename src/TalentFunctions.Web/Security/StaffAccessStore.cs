using Azure;
using Azure.Data.Tables;
using TalentFunctions.Workflow;

namespace TalentFunctions.Web.Security;

/// <summary>A console session as stored: whose it is and until when.</summary>
public sealed record StaffSession(string Email, string Role, DateTimeOffset ExpiresAt);

/// <summary>
/// Staff sign-in links and console sessions, in two tables, each row keyed by the SHA-256 of its secret (the secret
/// itself is only in the email or the cookie). A link is consumed by deleting its row with If-Match: of two posts of the
/// same link, one deletes it and the other gets 412 or 404, so a link signs in once.
/// </summary>
public sealed class StaffAccessStore(OrchestrationStorage storage, TimeProvider time)
{
    private const string Row = "";

    private TableClient SignIns => storage.StaffSignIns;

    private TableClient Sessions => storage.StaffSessions;

    /// <summary>Stores a new sign-in link for <paramref name="email"/> and returns its token (256 random bits).</summary>
    public async Task<string> IssueSignInAsync(string email, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var token = AccessTokens.NewToken();
        await SignIns.AddEntityAsync(new TableEntity(AccessTokens.Hash(token), Row)
        {
            ["Email"] = email,
            ["ExpiresAt"] = time.GetUtcNow() + lifetime,
        }, cancellationToken);
        return token;
    }

    /// <summary>True when the link exists and has not expired (reads only: the page behind the link).</summary>
    public async Task<bool> IsSignInUsableAsync(string token, CancellationToken cancellationToken)
    {
        if (!IsWellFormed(token))
        {
            return false;
        }
        var row = await SignIns.GetEntityIfExistsAsync<TableEntity>(AccessTokens.Hash(token), Row, cancellationToken: cancellationToken);
        return row.HasValue && row.Value!.GetDateTimeOffset("ExpiresAt") > time.GetUtcNow();
    }

    /// <summary>
    /// Uses the link up: the address it was issued for, or null when it is unknown, already used (by this or a
    /// concurrent request) or expired.
    /// </summary>
    public async Task<string?> ConsumeSignInAsync(string token, CancellationToken cancellationToken)
    {
        if (!IsWellFormed(token))
        {
            return null;
        }
        var row = await SignIns.GetEntityIfExistsAsync<TableEntity>(AccessTokens.Hash(token), Row, cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return null;
        }
        var entity = row.Value!;
        try
        {
            await SignIns.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, entity.ETag, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return null; // another request used it first
        }
        return entity.GetDateTimeOffset("ExpiresAt") > time.GetUtcNow() ? entity.GetString("Email") : null;
    }

    /// <summary>Starts a session and returns its id (256 random bits; only its hash is stored).</summary>
    public async Task<string> StartSessionAsync(string email, string role, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var id = AccessTokens.NewToken();
        await Sessions.AddEntityAsync(new TableEntity(AccessTokens.Hash(id), Row)
        {
            ["Email"] = email,
            ["Role"] = role,
            ["ExpiresAt"] = time.GetUtcNow() + lifetime,
        }, cancellationToken);
        return id;
    }

    /// <summary>The session with this id, if it exists and has not expired.</summary>
    public async Task<StaffSession?> FindSessionAsync(string id, CancellationToken cancellationToken)
    {
        if (!IsWellFormed(id))
        {
            return null;
        }
        var row = await Sessions.GetEntityIfExistsAsync<TableEntity>(AccessTokens.Hash(id), Row, cancellationToken: cancellationToken);
        if (!row.HasValue || row.Value!.GetDateTimeOffset("ExpiresAt") is not { } expires || expires <= time.GetUtcNow())
        {
            return null;
        }
        return new StaffSession(row.Value.GetString("Email") ?? "", row.Value.GetString("Role") ?? "", expires);
    }

    /// <summary>Ends a session (signing out twice is fine).</summary>
    public async Task EndSessionAsync(string id, CancellationToken cancellationToken)
    {
        if (!IsWellFormed(id))
        {
            return;
        }
        try
        {
            await Sessions.DeleteEntityAsync(AccessTokens.Hash(id), Row, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // already ended
        }
    }

    private static bool IsWellFormed(string? secret) => secret is { Length: > 20 and <= 100 };
}
