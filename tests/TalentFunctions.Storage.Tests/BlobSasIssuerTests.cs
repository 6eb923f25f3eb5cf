using System.Net;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Storage.Tests;

/// <summary>
/// Upload and read SAS: the local path (service SAS with the account key) end to end on Azurite, and the Azure path
/// (user delegation SAS under a token credential) by what it builds, since Azurite issues no delegation keys over HTTP.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class BlobSasIssuerTests(AzuriteFixture azurite)
{
    private static readonly HttpClient Browser = new();
    private static readonly BlobSasPermissions Upload = BlobSasPermissions.Create | BlobSasPermissions.Write;

    private async Task<(BlobServiceClient Blobs, string Container)> NewContainerAsync()
    {
        var blobs = new BlobServiceClient(azurite.ConnectionString);
        var container = AzuriteFixture.UniqueContainerName("sas");
        await blobs.GetBlobContainerClient(container).CreateIfNotExistsAsync();
        return (blobs, container);
    }

    private static async Task<HttpStatusCode> PutAsync(Uri url, byte[] bytes)
    {
        using var put = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent(bytes) };
        put.Headers.Add("x-ms-blob-type", "BlockBlob");
        using var response = await Browser.SendAsync(put);
        return response.StatusCode;
    }

    private static Uri OtherBlob(Uri sas, string otherName)
    {
        var builder = new BlobUriBuilder(sas) { BlobName = otherName };
        return builder.ToUri();
    }

    [Fact]
    public async Task Locally_a_write_only_SAS_uploads_its_one_blob_and_nothing_else()
    {
        var (blobs, container) = await NewContainerAsync();
        var issuer = new BlobSasIssuer(blobs);
        Assert.True(issuer.UsesAccountKey);

        var (url, expiresOn) = await issuer.CreateAsync(container, "app-1/m1.pdf", Upload, TimeSpan.FromHours(2));

        Assert.InRange(expiresOn - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(119), TimeSpan.FromMinutes(121));
        Assert.Equal(HttpStatusCode.Created, await PutAsync(url, "%PDF-1.7"u8.ToArray()));
        Assert.Equal(HttpStatusCode.Forbidden, await PutAsync(OtherBlob(url, "app-1/other.pdf"), "%PDF-1.7"u8.ToArray()));
        Assert.Equal(HttpStatusCode.Forbidden, (await Browser.GetAsync(url)).StatusCode);
        Assert.False(await blobs.GetBlobContainerClient(container).GetBlobClient("app-1/other.pdf").ExistsAsync());
    }

    [Fact]
    public async Task Locally_a_read_SAS_reads_but_does_not_write_and_an_expired_one_is_refused()
    {
        var (blobs, container) = await NewContainerAsync();
        await blobs.GetBlobContainerClient(container).GetBlobClient("a/reel.mp4").UploadAsync(BinaryData.FromString("reel"));
        var issuer = new BlobSasIssuer(blobs);

        var (read, _) = await issuer.CreateAsync(container, "a/reel.mp4", BlobSasPermissions.Read, TimeSpan.FromMinutes(30));
        var (expired, _) = await issuer.CreateAsync(container, "a/reel.mp4", BlobSasPermissions.Read, TimeSpan.FromSeconds(-30));

        Assert.Equal("reel", await Browser.GetStringAsync(read));
        Assert.Equal(HttpStatusCode.Forbidden, await PutAsync(read, [1]));
        Assert.Equal(HttpStatusCode.Forbidden, (await Browser.GetAsync(expired)).StatusCode);
    }

    [Fact]
    public async Task In_Azure_a_user_delegation_SAS_carries_the_same_permissions_blob_and_expiry()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
        var keys = new List<(DateTimeOffset Start, DateTimeOffset Expiry)>();
        var azure = new BlobServiceClient(new Uri("https://talentstore.blob.core.windows.net"), new StaticTokenCredential("token"));
        var issuer = new BlobSasIssuer(azure, (start, expiry, _) =>
        {
            keys.Add((start, expiry));
            return Task.FromResult(BlobsModelFactory.UserDelegationKey(
                "oid-1", "tid-1", start, expiry, "b", "2025-01-05", Convert.ToBase64String(new byte[32])));
        }, clock);
        var local = new BlobSasIssuer(new BlobServiceClient(azurite.ConnectionString), (_, _, _) => throw new InvalidOperationException("no key needed"), clock);
        Assert.False(issuer.UsesAccountKey);

        var (url, expiresOn) = await issuer.CreateAsync("materials", "app-1/m1.mp4", Upload, TimeSpan.FromHours(2));
        var (localUrl, localExpiresOn) = await local.CreateAsync("materials", "app-1/m1.mp4", Upload, TimeSpan.FromHours(2));

        var sas = new BlobUriBuilder(url);
        var serviceSas = new BlobUriBuilder(localUrl);
        Assert.Equal(("materials", "app-1/m1.mp4"), (sas.BlobContainerName, sas.BlobName));
        Assert.Equal((serviceSas.BlobContainerName, serviceSas.BlobName), (sas.BlobContainerName, sas.BlobName));
        Assert.Equal("cw", sas.Sas.Permissions);
        Assert.Equal(serviceSas.Sas.Permissions, sas.Sas.Permissions);
        Assert.Equal("b", sas.Sas.Resource);
        Assert.Equal(clock.GetUtcNow().AddHours(2), expiresOn);
        Assert.Equal(localExpiresOn, expiresOn);
        Assert.Equal(expiresOn, sas.Sas.ExpiresOn);
        Assert.Equal(serviceSas.Sas.ExpiresOn, sas.Sas.ExpiresOn);
        Assert.Equal(SasProtocol.Https, sas.Sas.Protocol);
        Assert.Equal("oid-1", sas.Sas.KeyObjectId);
        Assert.Equal("tid-1", sas.Sas.KeyTenantId);
        Assert.Null(serviceSas.Sas.KeyObjectId);
        Assert.False(string.IsNullOrEmpty(sas.Sas.Signature));
        Assert.Single(keys);
    }

    [Fact]
    public async Task The_delegation_key_is_reused_until_it_would_expire_before_the_SAS()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
        var fetched = 0;
        var azure = new BlobServiceClient(new Uri("https://talentstore.blob.core.windows.net"), new StaticTokenCredential("token"));
        var issuer = new BlobSasIssuer(azure, (start, expiry, _) =>
        {
            Interlocked.Increment(ref fetched);
            return Task.FromResult(BlobsModelFactory.UserDelegationKey("oid", "tid", start, expiry, "b", "2025-01-05", Convert.ToBase64String(new byte[32])));
        }, clock);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => issuer.CreateAsync("materials", "x", BlobSasPermissions.Read, TimeSpan.FromMinutes(30))));
        Assert.Equal(1, fetched);

        clock.Advance(BlobSasIssuer.DelegationKeyLifetime - TimeSpan.FromHours(1));
        await issuer.CreateAsync("materials", "x", BlobSasPermissions.Read, TimeSpan.FromMinutes(30));
        Assert.Equal(1, fetched);

        await issuer.CreateAsync("materials", "x", Upload, TimeSpan.FromHours(2));
        Assert.Equal(2, fetched);
    }
}
