using System.Net;
using Azure.Storage.Blobs;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Storage.Tests;

/// <summary>A browser upload from the portal's origin passes the Blob service's CORS preflight; another origin's does not.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class BlobCorsTests(AzuriteFixture azurite)
{
    private static async Task<HttpResponseMessage> PreflightAsync(Uri blob, string origin)
    {
        using var client = new HttpClient();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, blob);
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", "PUT");
        preflight.Headers.Add("Access-Control-Request-Headers", "x-ms-blob-type,content-type");
        return await client.SendAsync(preflight);
    }

    [Fact]
    public async Task The_upload_rule_answers_the_portal_origins_preflight_only()
    {
        // One Azurite serves every test: use an origin of this test's own.
        var origin = $"http://portal-{Guid.NewGuid():N}.localhost:7071";
        var blobs = new BlobServiceClient(azurite.ConnectionString);
        var blob = blobs.GetBlobContainerClient("materials").GetBlobClient("app-1/m1.mp4").Uri;

        await BlobCors.AllowBrowserUploadsAsync(blobs, [origin]);

        using var allowed = await PreflightAsync(blob, origin);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(origin, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("PUT", string.Join(',', allowed.Headers.GetValues("Access-Control-Allow-Methods")), StringComparison.Ordinal);

        using var refused = await PreflightAsync(blob, "http://elsewhere.example");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));

        var properties = await blobs.GetPropertiesAsync();
        Assert.Equal(origin, Assert.Single(properties.Value.Cors).AllowedOrigins);
    }
}
