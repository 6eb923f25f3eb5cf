using Azure.Core;

namespace TalentFunctions.Storage.Auth;

/// <summary>
/// Adds <c>Authorization: Bearer …</c> from an Azure.Core <see cref="TokenCredential"/> (managed identity,
/// workload identity, developer credentials). Tokens are cached and refreshed five minutes before expiry.
/// </summary>
internal sealed class BearerTokenHandler : DelegatingHandler
{
    internal const string StorageScope = "https://storage.azure.com/.default";
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly TokenCredential _credential;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private AccessToken? _cached;

    public BearerTokenHandler(TokenCredential credential, TimeProvider timeProvider, HttpMessageHandler inner)
        : base(inner)
    {
        _credential = credential;
        _timeProvider = timeProvider;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await GetTokenAsync(cancellationToken).ConfigureAwait(false);
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (_cached is { } fresh && fresh.ExpiresOn - RefreshMargin > _timeProvider.GetUtcNow())
        {
            return fresh.Token;
        }

        await _refreshLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_cached is { } current && current.ExpiresOn - RefreshMargin > _timeProvider.GetUtcNow())
            {
                return current.Token;
            }

            var token = await _credential
                .GetTokenAsync(new TokenRequestContext([StorageScope]), cancellationToken)
                .ConfigureAwait(false);
            _cached = token;
            return token.Token;
        }
        finally
        {
            _refreshLock.Release();
        }
    }
}
