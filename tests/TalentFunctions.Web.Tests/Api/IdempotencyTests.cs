using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Web.Api;
using TalentFunctions.Web.Tests.Infrastructure;
using TalentFunctions.Workflow;
using TalentFunctions.Workflow.Queries;
using TalentFunctions.TestSupport;
using static TalentFunctions.Web.Tests.Api.ApiTestKit;

namespace TalentFunctions.Web.Tests.Api;

/// <summary><c>Idempotency-Key</c>: a replayed create or submit answers with the first result and does nothing new.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class IdempotencyTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_replayed_create_returns_the_first_result_and_creates_nothing()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var key = Guid.NewGuid().ToString();
        var body = CreateBody(email: "replay@example.com");

        var first = await CreateAsync(app, body.ToJsonString(), key);
        var applicationsAfterFirst = await ApplicationIdsAsync(app);
        var stateAfterFirst = await app.VersionAndEventCountAsync(first.Id);

        for (var replay = 0; replay < 3; replay++)
        {
            var again = await CreateAsync(app, body.ToJsonString(), key);
            Assert.Equal(first, again);
        }

        Assert.Equal(applicationsAfterFirst, await ApplicationIdsAsync(app));
        Assert.Equal(stateAfterFirst, await app.VersionAndEventCountAsync(first.Id));
        Assert.Equal([first.Id], applicationsAfterFirst);

        // The replayed token is the real one.
        using var view = await app.Client.SendAsync(TestApp.As(first.Token, HttpMethod.Get, $"/api/applications/{first.Id}"));
        Assert.Equal(HttpStatusCode.OK, view.StatusCode);
    }

    [Fact]
    public async Task A_replayed_material_announce_names_the_same_material_which_then_completes()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (id, token) = await app.CreateAsync("announce-replay@example.com");
        var key = Guid.NewGuid().ToString();
        var tickets = new List<JsonElement>();
        for (var i = 0; i < 2; i++)
        {
            using var announce = TestApp.As(token, HttpMethod.Post, $"/api/applications/{id}/materials",
                new { kind = "reel", fileName = "reel.mp4", contentType = "video/mp4", length = TestApp.Mp4.Length });
            announce.Headers.Add("Idempotency-Key", key);
            using var response = await app.Client.SendAsync(announce);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            tickets.Add(await response.Content.ReadFromJsonAsync<JsonElement>());
        }
        var materialId = tickets[0].GetProperty("materialId").GetString()!;
        Assert.Equal(materialId, tickets[1].GetProperty("materialId").GetString());
        Assert.Single((await app.StateAsync(id)).Materials);

        using var put = new HttpRequestMessage(HttpMethod.Put, tickets[1].GetProperty("uploadUrl").GetString()) { Content = new ByteArrayContent(TestApp.Mp4) };
        put.Headers.Add("x-ms-blob-type", "BlockBlob");
        (await TestApp.Storage.SendAsync(put)).EnsureSuccessStatusCode();
        using var complete = await app.Client.SendAsync(TestApp.As(token, HttpMethod.Post, $"/api/applications/{id}/materials/{materialId}/complete"));
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
    }

    [Fact]
    public async Task A_replayed_create_with_the_same_fields_in_another_order_is_the_same_request()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var key = Guid.NewGuid().ToString();
        var body = CreateBody(email: "order@example.com");
        var first = await CreateAsync(app, body.ToJsonString(), key);

        var reordered = new System.Text.Json.Nodes.JsonObject();
        foreach (var name in new[] { "project", "consent", "applicant", "track", "programId" })
        {
            reordered[name] = body[name]!.DeepClone();
        }
        Assert.Equal(first, await CreateAsync(app, reordered.ToJsonString(), key));
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_refused_and_creates_nothing()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var key = Guid.NewGuid().ToString();
        var first = await CreateAsync(app, CreateBody(email: "first@example.com").ToJsonString(), key);
        var before = await ApplicationIdsAsync(app);

        using var other = await app.Client.SendAsync(Text(HttpMethod.Post, "/api/applications",
            CreateBody(b => b.Project()["title"] = "另一个故事 Another Story", email: "first@example.com").ToJsonString(),
            headers: new Dictionary<string, string> { [IdempotencyKeys.Header] = key }));
        var problem = await AssertProblemAsync(other, 422, "idempotency-key-reused", "same key, other body");
        Assert.DoesNotContain(first.Id, problem.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(before, await ApplicationIdsAsync(app));

        // The first request can still be replayed.
        Assert.Equal(first, await CreateAsync(app, CreateBody(email: "first@example.com").ToJsonString(), key));
    }

    [Fact]
    public async Task Different_keys_create_different_applications()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var body = CreateBody(email: "twice@example.com").ToJsonString();
        var one = await CreateAsync(app, body, Guid.NewGuid().ToString());
        var two = await CreateAsync(app, body, Guid.NewGuid().ToString());
        Assert.NotEqual(one.Id, two.Id);
        Assert.NotEqual(one.Token, two.Token);
        Assert.Equal(2, (await ApplicationIdsAsync(app)).Count);
    }

    [Fact]
    public async Task Concurrent_replays_create_exactly_one_application()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var key = Guid.NewGuid().ToString();
        var body = CreateBody(email: "concurrent@example.com").ToJsonString();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => CreateAsync(app, body, key))));

        Assert.Single(results.Distinct());
        var ids = await ApplicationIdsAsync(app);
        Assert.Equal([results[0].Id], ids);
        var history = await app.Get<ApplicationQueries>().GetHistoryAsync(results[0].Id);
        Assert.Single(history, e => e.Event is DraftCreated);
    }

    [Fact]
    public async Task A_replayed_submit_is_accepted_again_and_submits_once()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (id, token) = await app.CreateAsync("submit-twice@example.com");
        Assert.Equal(HttpStatusCode.OK, (await app.UploadMaterialAsync(id, token, "reel", "reel.mp4", "video/mp4", TestApp.Mp4)).StatusCode);
        var key = Guid.NewGuid().ToString();

        var answers = new List<JsonElement>();
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var request = TestApp.As(token, HttpMethod.Post, $"/api/applications/{id}/submit");
            request.Headers.Add(IdempotencyKeys.Header, key);
            using var response = await app.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            answers.Add(await response.Content.ReadFromJsonAsync<JsonElement>());
        }

        Assert.Equal(answers[0].GetProperty("id").GetString(), answers[1].GetProperty("id").GetString());
        Assert.Equal(answers[0].GetProperty("version").GetInt64(), answers[1].GetProperty("version").GetInt64());
        var history = await app.Get<ApplicationQueries>().GetHistoryAsync(id);
        Assert.Single(history, e => e.Event is Submitted);

        // A submit with another key is a new request, and the application is no longer a draft.
        var fresh = TestApp.As(token, HttpMethod.Post, $"/api/applications/{id}/submit");
        fresh.Headers.Add(IdempotencyKeys.Header, Guid.NewGuid().ToString());
        await AssertProblemAsync(await app.Client.SendAsync(fresh), 409, "not-a-draft", "submit with a new key after submitting");
        Assert.Single(await app.Get<ApplicationQueries>().GetHistoryAsync(id), e => e.Event is Submitted);
    }

    [Fact]
    public async Task Concurrent_submits_with_one_key_all_succeed_and_submit_once()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (id, token) = await app.CreateAsync("submit-race@example.com");
        Assert.Equal(HttpStatusCode.OK, (await app.UploadMaterialAsync(id, token, "reel", "reel.mp4", "video/mp4", TestApp.Mp4)).StatusCode);
        var key = Guid.NewGuid().ToString();

        var statuses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var request = TestApp.As(token, HttpMethod.Post, $"/api/applications/{id}/submit");
            request.Headers.Add(IdempotencyKeys.Header, key);
            using var response = await app.Client.SendAsync(request);
            return response.StatusCode;
        })));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Accepted, s));
        Assert.Single(await app.Get<ApplicationQueries>().GetHistoryAsync(id), e => e.Event is Submitted);
    }

    private sealed record Created(string Id, string Token, string Stage);

    private static async Task<Created> CreateAsync(TestApp app, string body, string key)
    {
        using var response = await app.Client.SendAsync(Text(HttpMethod.Post, "/api/applications", body,
            headers: new Dictionary<string, string> { [IdempotencyKeys.Header] = key }));
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"create answered {(int)response.StatusCode}: {json}");
        var created = JsonDocument.Parse(json).RootElement;
        return new Created(created.GetProperty("id").GetString()!, created.GetProperty("accessToken").GetString()!, created.GetProperty("stage").GetString()!);
    }

    /// <summary>The ids of every application stored (partitions of the applications table).</summary>
    private static async Task<List<string>> ApplicationIdsAsync(TestApp app)
    {
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var row in app.Get<OrchestrationStorage>().Applications.QueryAsync<Azure.Data.Tables.TableEntity>(select: ["PartitionKey"]))
        {
            ids.Add(row.PartitionKey);
        }
        return [.. ids];
    }
}
