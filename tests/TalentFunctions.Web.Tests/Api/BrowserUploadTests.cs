using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TalentFunctions.Web.Tests.Infrastructure;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Web.Tests.Api;

/// <summary>
/// Started on Azurite, the app sets the Blob CORS rule for its own origin, so a browser on the app's pages can PUT
/// the file straight to the upload URL: the preflight passes for that origin and fails for any other.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class BrowserUploadTests(AzuriteFixture azurite)
{
    private static async Task<HttpResponseMessage> PreflightAsync(string url, string origin)
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, url);
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", "PUT");
        preflight.Headers.Add("Access-Control-Request-Headers", "x-ms-blob-type,content-type");
        return await TestApp.Storage.SendAsync(preflight);
    }

    [Fact]
    public async Task The_upload_URL_answers_a_preflight_from_the_apps_own_origin_only()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (id, token) = await app.CreateAsync("cors@example.com");
        using var announce = await app.Client.SendAsync(TestApp.As(token, HttpMethod.Post, $"/api/applications/{id}/materials",
            new { kind = "reel", fileName = "reel.mp4", contentType = "video/mp4", length = TestApp.Mp4.Length }));
        var uploadUrl = (await announce.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("uploadUrl").GetString()!;

        using var allowed = await PreflightAsync(uploadUrl, "http://localhost:7071");
        using var refused = await PreflightAsync(uploadUrl, "https://elsewhere.example");

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("http://localhost:7071", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }
}
