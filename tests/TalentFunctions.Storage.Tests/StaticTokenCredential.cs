using Azure.Core;

namespace TalentFunctions.Storage.Tests;

/// <summary>A TokenCredential that hands out a fixed token and records the scopes it was asked for.</summary>
internal sealed class StaticTokenCredential(string token) : TokenCredential
{
    private int _calls;

    public List<string[]> RequestedScopes { get; } = [];

    public int Calls => Volatile.Read(ref _calls);

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        lock (RequestedScopes)
        {
            RequestedScopes.Add(requestContext.Scopes);
        }

        return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
