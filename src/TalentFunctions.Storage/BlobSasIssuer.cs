using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;

namespace TalentFunctions.Storage;

/// <summary>
/// Issues SAS URLs for single blobs (write-only for applicants' uploads, read-only for mentors), deciding from the
/// credential in use: a <b>service SAS</b> signed with the account key when the clients hold one (a connection string,
/// Azurite locally), a <b>user delegation SAS</b> when they authenticate with a token credential (managed identity in
/// Azure, where the app holds no key). The user delegation key is cached until shortly before it expires.
/// </summary>
/// <remarks>SAS windows are measured on the system clock: the storage service checks them against its own clock.</remarks>
public sealed class BlobSasIssuer
{
    /// <summary>How long a user delegation key is asked for (the service allows up to 7 days).</summary>
    public static readonly TimeSpan DelegationKeyLifetime = TimeSpan.FromHours(12);

    /// <summary>A SAS starts this much before now, so a client whose clock runs behind can use it at once.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly BlobServiceClient blobs;
    private readonly Func<DateTimeOffset, DateTimeOffset, CancellationToken, Task<UserDelegationKey>> getDelegationKey;
    private readonly TimeProvider time;
    private readonly SemaphoreSlim keyLock = new(1, 1);
    private UserDelegationKey? delegationKey;

    public BlobSasIssuer(BlobServiceClient blobs)
        : this(blobs, async (start, expiry, ct) => (await blobs.GetUserDelegationKeyAsync(start, expiry, ct).ConfigureAwait(false)).Value, TimeProvider.System)
    {
    }

    /// <summary>For tests: where user delegation keys come from, and the clock.</summary>
    public BlobSasIssuer(
        BlobServiceClient blobs,
        Func<DateTimeOffset, DateTimeOffset, CancellationToken, Task<UserDelegationKey>> getDelegationKey,
        TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(getDelegationKey);
        ArgumentNullException.ThrowIfNull(time);
        this.blobs = blobs;
        this.getDelegationKey = getDelegationKey;
        this.time = time;
    }

    /// <summary>True when SAS are signed with the account key (service SAS), false for user delegation SAS.</summary>
    public bool UsesAccountKey => blobs.CanGenerateAccountSasUri;

    /// <summary>A SAS URL for one blob with <paramref name="permissions"/>, valid from a little before now for <paramref name="lifetime"/>.</summary>
    public Task<(Uri Url, DateTimeOffset ExpiresOn)> CreateAsync(
        string containerName, string blobName, BlobSasPermissions permissions, TimeSpan lifetime, CancellationToken cancellationToken = default) =>
        CreateAsync(containerName, blobName, permissions, lifetime, null, cancellationToken);

    /// <summary>
    /// As <see cref="CreateAsync(string, string, BlobSasPermissions, TimeSpan, CancellationToken)"/>; a read SAS with
    /// <paramref name="headers"/> makes the service answer with those <c>Content-Disposition</c> and <c>Content-Type</c>
    /// (the <c>rscd</c> and <c>rsct</c> parameters, signed) instead of the ones stored with the blob.
    /// </summary>
    public async Task<(Uri Url, DateTimeOffset ExpiresOn)> CreateAsync(
        string containerName, string blobName, BlobSasPermissions permissions, TimeSpan lifetime, SasResponseHeaders? headers,
        CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var expiresOn = now + lifetime;
        var sas = new BlobSasBuilder(permissions, expiresOn)
        {
            BlobContainerName = containerName,
            BlobName = blobName,
            Resource = "b",
            StartsOn = now - ClockSkew,
            // Azurite speaks plain HTTP; a real account is reached over HTTPS only.
            Protocol = blobs.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
        };
        if (headers is not null)
        {
            sas.ContentDisposition = headers.ContentDisposition;
            sas.ContentType = headers.ContentType;
        }
        var blob = blobs.GetBlobContainerClient(containerName).GetBlobClient(blobName);
        if (UsesAccountKey)
        {
            // Signed with the StorageSharedKeyCredential the client was built with from the connection string.
            return (blob.GenerateSasUri(sas), expiresOn);
        }

        var key = await DelegationKeyAsync(now, expiresOn, cancellationToken).ConfigureAwait(false);
        var url = new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key, blobs.AccountName) }.ToUri();
        return (url, expiresOn);
    }

    private async Task<UserDelegationKey> DelegationKeyAsync(DateTimeOffset now, DateTimeOffset neededUntil, CancellationToken cancellationToken)
    {
        // A SAS may not outlive its key: reuse the cached key only while it covers this SAS, with a margin.
        if (delegationKey is { } cached && cached.SignedExpiresOn >= neededUntil + ClockSkew)
        {
            return cached;
        }

        await keyLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (delegationKey is { } other && other.SignedExpiresOn >= neededUntil + ClockSkew)
            {
                return other;
            }

            var lifetime = neededUntil - now + ClockSkew > DelegationKeyLifetime ? neededUntil - now + ClockSkew : DelegationKeyLifetime;
            delegationKey = await getDelegationKey(now - ClockSkew, now + lifetime, cancellationToken).ConfigureAwait(false);
            return delegationKey;
        }
        finally
        {
            keyLock.Release();
        }
    }
}

/// <summary>Response headers a read SAS overrides: null leaves the blob's own.</summary>
public sealed record SasResponseHeaders(string? ContentDisposition, string? ContentType);
