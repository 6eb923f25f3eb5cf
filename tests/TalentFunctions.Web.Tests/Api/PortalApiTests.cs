using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Web.Tests.Infrastructure;
using TalentFunctions.TestSupport;
using static TalentFunctions.Web.Tests.Api.ApiTestKit;

namespace TalentFunctions.Web.Tests.Api;

/// <summary>
/// What the applicant portal needs of the API (issue 11): half-filled drafts, PATCH merging single fields, submission naming
/// every missing field by its JSON path, and a fresh upload URL for the same blob so staged blocks survive an expired SAS.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class PortalApiTests(AzuriteFixture azurite)
{
    private const string Apps = "/api/applications";

    private static JsonObject PartialBody(string email) => new()
    {
        ["programId"] = "hina-directors",
        ["partial"] = true,
        ["applicant"] = new JsonObject { ["email"] = email },
        ["consent"] = new JsonObject { ["privacyNotice"] = PrivacyNotice.Version },
    };

    private static async Task<(string Id, string Token)> CreatePartialAsync(TestApp app, JsonObject body)
    {
        using var response = await app.Client.SendAsync(Json(HttpMethod.Post, Apps, body));
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, created.ToString());
        return (created.GetProperty("id").GetString()!, created.GetProperty("accessToken").GetString()!);
    }

    private static async Task<JsonElement> GetAsync(TestApp app, string id, string token)
    {
        using var response = await app.Client.SendAsync(TestApp.As(token, HttpMethod.Get, $"{Apps}/{id}"));
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task A_partial_draft_needs_only_the_program_and_the_email_and_checks_what_it_is_given()
    {
        await using var app = await TestApp.StartAsync(azurite);

        var (id, token) = await CreatePartialAsync(app, PartialBody("partial-a@example.com"));
        var view = await GetAsync(app, id, token);
        Assert.Equal("Draft", view.GetProperty("stage").GetString());
        Assert.Equal("partial-a@example.com", view.GetProperty("applicant").GetProperty("email").GetString());
        Assert.Equal("", view.GetProperty("applicant").GetProperty("name").GetString());

        var noEmail = PartialBody("x@example.com");
        noEmail["applicant"]!.AsObject().Remove("email");
        var problem = await AssertProblemAsync(await app.Client.SendAsync(Json(HttpMethod.Post, Apps, noEmail)), 422, "validation-failed", "partial without an email");
        Assert.True(problem.GetProperty("errors").TryGetProperty("applicant.email", out _));

        var noProgram = PartialBody("y@example.com");
        noProgram.Remove("programId");
        problem = await AssertProblemAsync(await app.Client.SendAsync(Json(HttpMethod.Post, Apps, noProgram)), 422, "validation-failed", "partial without a program");
        Assert.True(problem.GetProperty("errors").TryGetProperty("programId", out _));

        var badYear = PartialBody("z@example.com");
        badYear["applicant"]!["graduationYear"] = 1900;
        badYear["project"] = new JsonObject { ["title"] = "雨\u0007" };
        problem = await AssertProblemAsync(await app.Client.SendAsync(Json(HttpMethod.Post, Apps, badYear)), 422, "validation-failed", "partial with bad values");
        Assert.True(problem.GetProperty("errors").TryGetProperty("applicant.graduationYear", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("project.title", out _));

        var badTrack = PartialBody("t@example.com");
        badTrack["track"] = "acting";
        await AssertProblemAsync(await app.Client.SendAsync(Json(HttpMethod.Post, Apps, badTrack)), 422, "invalid-input", "partial with an unknown track");
    }

    [Fact]
    public async Task PATCH_merges_single_fields_nested_ones_included_and_an_empty_text_clears()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (id, token) = await app.CreateAsync("merge@example.com");

        using var nameOnly = await app.Client.SendAsync(Json(HttpMethod.Patch, $"{Apps}/{id}", new JsonObject { ["applicant"] = new JsonObject { ["name"] = "林雨" } }, token: token));
        Assert.Equal(HttpStatusCode.OK, nameOnly.StatusCode);
        var view = await nameOnly.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("林雨", view.GetProperty("applicant").GetProperty("name").GetString());
        Assert.Equal("USC", view.GetProperty("applicant").GetProperty("school").GetString());
        Assert.Equal(2024, view.GetProperty("applicant").GetProperty("graduationYear").GetInt32());
        Assert.Equal("雨季 The Rainy Season", view.GetProperty("project").GetProperty("title").GetString());

        using var clear = await app.Client.SendAsync(Json(HttpMethod.Patch, $"{Apps}/{id}", new JsonObject { ["project"] = new JsonObject { ["logline"] = "" } }, token: token));
        Assert.Equal(HttpStatusCode.OK, clear.StatusCode);
        view = await clear.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("", view.GetProperty("project").GetProperty("logline").GetString());
        Assert.Equal("short", view.GetProperty("project").GetProperty("format").GetString());

        var problem = await AssertProblemAsync(await app.Client.SendAsync(Json(HttpMethod.Patch, $"{Apps}/{id}",
            new JsonObject { ["applicant"] = new JsonObject { ["email"] = "" } }, token: token)), 422, "validation-failed", "clearing the email");
        Assert.True(problem.GetProperty("errors").TryGetProperty("applicant.email", out _));
        Assert.Equal("merge@example.com", (await app.StateAsync(id)).Applicant.Email);
    }

    [Fact]
    public async Task Submitting_an_incomplete_draft_is_a_422_naming_every_missing_field_by_its_JSON_path_and_changes_nothing()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var body = PartialBody("incomplete@example.com");
        body["applicant"]!["name"] = "林小雨";
        var (id, token) = await CreatePartialAsync(app, body);
        var before = await app.VersionAndEventCountAsync(id);

        var problem = await AssertProblemAsync(await app.Client.SendAsync(TestApp.As(token, HttpMethod.Post, $"{Apps}/{id}/submit")), 422, "application-incomplete", "submit incomplete");

        var errors = problem.GetProperty("errors").EnumerateObject().ToDictionary(p => p.Name, p => p.Value[0].GetString());
        Assert.Equal(
            ["applicant.graduationYear", "applicant.preferredLanguage", "applicant.school", "materials.reel", "project.format", "project.language", "project.logline", "project.synopsis", "project.title", "track"],
            errors.Keys.Order(StringComparer.Ordinal));
        Assert.All(errors.Values, m => Assert.False(string.IsNullOrWhiteSpace(m)));
        Assert.Equal(before, await app.VersionAndEventCountAsync(id));

        // The old shape stays: a complete draft without its reel answers missing-materials, now with errors by field too.
        var (full, fullToken) = await app.CreateAsync("complete-no-reel@example.com");
        problem = await AssertProblemAsync(await app.Client.SendAsync(TestApp.As(fullToken, HttpMethod.Post, $"{Apps}/{full}/submit")), 422, "missing-materials", "submit without reel");
        Assert.Equal("reel", problem.GetProperty("details")[0].GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("materials.reel", out _));
    }

    [Fact]
    public async Task A_partial_draft_filled_in_by_PATCH_submits()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (id, token) = await CreatePartialAsync(app, PartialBody("fill@example.com"));
        var full = TestApp.CreateBody("fill@example.com");
        full.Remove("programId");

        using var patch = await app.Client.SendAsync(Json(HttpMethod.Patch, $"{Apps}/{id}", full, token: token));
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.UploadMaterialAsync(id, token, "reel", "reel.mp4", "video/mp4", TestApp.Mp4)).StatusCode);

        using var submit = await app.Client.SendAsync(TestApp.As(token, HttpMethod.Post, $"{Apps}/{id}/submit"));
        Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
    }

    [Fact]
    public async Task A_fresh_upload_URL_continues_the_same_blob_so_blocks_staged_with_the_old_SAS_are_kept()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (id, token) = await app.CreateAsync("resume-upload@example.com");
        var file = TestApp.Mp4;
        using var announce = await app.Client.SendAsync(TestApp.As(token, HttpMethod.Post, $"{Apps}/{id}/materials",
            new { kind = "reel", fileName = "reel.mp4", contentType = "video/mp4", length = file.Length }));
        var ticket = await announce.Content.ReadFromJsonAsync<JsonElement>();
        var materialId = ticket.GetProperty("materialId").GetString()!;
        var blockIds = new[] { "block-000000", "block-000001" }.Select(b => Convert.ToBase64String(Encoding.ASCII.GetBytes(b))).ToArray();
        var half = file.Length / 2;
        await PutBlockAsync(ticket.GetProperty("uploadUrl").GetString()!, blockIds[0], file[..half]);

        using var renewed = await app.Client.SendAsync(TestApp.As(token, HttpMethod.Post, $"{Apps}/{id}/materials/{materialId}/upload-url"));
        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        var fresh = await renewed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(materialId, fresh.GetProperty("materialId").GetString());
        Assert.Equal("reel", fresh.GetProperty("kind").GetString());
        Assert.True(fresh.GetProperty("suggestedBlockSize").GetInt32() > 0);
        var freshUrl = fresh.GetProperty("uploadUrl").GetString()!;
        Assert.Equal(new Uri(ticket.GetProperty("uploadUrl").GetString()!).AbsolutePath, new Uri(freshUrl).AbsolutePath);

        // Only the missing block is sent with the new SAS; the list names both.
        await PutBlockAsync(freshUrl, blockIds[1], file[half..]);
        var list = "<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>" + string.Concat(blockIds.Select(b => $"<Latest>{b}</Latest>")) + "</BlockList>";
        using (var commit = new HttpRequestMessage(HttpMethod.Put, freshUrl + "&comp=blocklist") { Content = new StringContent(list, Encoding.UTF8, "application/xml") })
        {
            commit.Headers.Add("x-ms-blob-content-type", "video/mp4");
            using var committed = await TestApp.Storage.SendAsync(commit);
            Assert.Equal(HttpStatusCode.Created, committed.StatusCode);
        }
        using var complete = await app.Client.SendAsync(TestApp.As(token, HttpMethod.Post, $"{Apps}/{id}/materials/{materialId}/complete"));
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        Assert.Equal(file.Length, (await app.StateAsync(id)).FindMaterial(materialId)!.Length);

        await AssertProblemAsync(await app.Client.SendAsync(TestApp.As(token, HttpMethod.Post, $"{Apps}/{id}/materials/{materialId}/upload-url")),
            409, "material-already-verified", "verified material");
        await AssertProblemAsync(await app.Client.SendAsync(TestApp.As(token, HttpMethod.Post, $"{Apps}/{id}/materials/mnosuchthing/upload-url")),
            404, "not-found", "unknown material");
        await AssertProblemAsync(await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{Apps}/{id}/materials/{materialId}/upload-url")),
            404, "not-found", "no credential");
    }

    [Fact]
    public async Task No_fresh_upload_URL_once_the_application_is_not_a_draft()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (id, token) = await app.CreateAsync("withdrawn-upload@example.com");
        using var announce = await app.Client.SendAsync(TestApp.As(token, HttpMethod.Post, $"{Apps}/{id}/materials",
            new { kind = "reel", fileName = "reel.mp4", contentType = "video/mp4", length = 2048 }));
        var materialId = (await announce.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("materialId").GetString()!;
        Assert.Equal(HttpStatusCode.Accepted, (await app.Client.SendAsync(TestApp.As(token, HttpMethod.Post, $"{Apps}/{id}/withdraw"))).StatusCode);

        await AssertProblemAsync(await app.Client.SendAsync(TestApp.As(token, HttpMethod.Post, $"{Apps}/{id}/materials/{materialId}/upload-url")),
            409, "not-a-draft", "withdrawn");
        Assert.Equal(Stage.Withdrawn, (await app.StateAsync(id)).Stage);
    }

    private static async Task PutBlockAsync(string sasUrl, string blockId, byte[] bytes)
    {
        using var put = new HttpRequestMessage(HttpMethod.Put, $"{sasUrl}&comp=block&blockid={Uri.EscapeDataString(blockId)}") { Content = new ByteArrayContent(bytes) };
        using var response = await TestApp.Storage.SendAsync(put);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
