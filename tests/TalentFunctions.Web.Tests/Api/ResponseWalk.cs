using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Web.Tests.Infrastructure;
using TalentFunctions.Web.Tests.Web;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Web.Tests.Api;

/// <summary>One HTTP response of the walk: what was asked, and the body as text.</summary>
public sealed record WalkedResponse(string Request, int Status, string Body);

/// <summary>
/// Two applications walked through every applicant, mentor and staff endpoint, every answer recorded as text
/// (a class fixture, started on first use with the shared Azurite):
/// <see cref="Accepted"/> is created with an Idempotency-Key (and the create replayed), edited, given materials,
/// submitted, reviewed through the mentor links (one mentor declares a conflict first), offered and accepted;
/// <see cref="Overridden"/> names an unknown school, is screened out, overridden by staff and withdrawn.
/// Staff read the detail, the listing, the dashboard and the CSV along the way.
/// </summary>
public sealed class ResponseWalk : IAsyncLifetime
{
    public const string IdempotencyKey = "response-walk-create-1";

    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly List<WalkedResponse> responses = [];
    private TestApp? app;

    public TestApp App => app ?? throw new InvalidOperationException("Call StartAsync first.");

    public IReadOnlyList<WalkedResponse> Responses => responses;

    public SeededApplication Accepted { get; private set; } = new("", "");

    public SeededApplication Overridden { get; private set; } = new("", "");

    /// <summary>The last staff detail of each application, the last applicant view, listing pages, dashboard and CSV.</summary>
    public Dictionary<string, string> StaffDetails { get; } = new(StringComparer.Ordinal);

    public string ApplicantView { get; private set; } = "";

    public List<string> StaffListPages { get; } = [];

    public string Dashboard { get; private set; } = "";

    public string Csv { get; private set; } = "";

    public async Task<ResponseWalk> StartAsync(AzuriteFixture azurite)
    {
        await gate.WaitAsync();
        try
        {
            if (app is null)
            {
                var started = await TestApp.StartAsync(azurite);
                try
                {
                    app = started;
                    await WalkAsync();
                }
                catch
                {
                    app = null;
                    await started.DisposeAsync();
                    throw;
                }
            }
            return this;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task WalkAsync()
    {
        await WalkToAcceptedAsync();
        await WalkScreenedOutOverriddenWithdrawnAsync();

        // Staff read everything once more at the end; a 404 problem too.
        foreach (var id in new[] { Accepted.Id, Overridden.Id })
        {
            StaffDetails[id] = await StaffAsync(HttpMethod.Get, $"/api/staff/applications/{id}", HttpStatusCode.OK);
        }
        await StaffAsync(HttpMethod.Get, "/api/staff/applications/app-doesnotexist0000", HttpStatusCode.NotFound);
        await App.SettleAsync();
        foreach (var stage in Enum.GetNames<Stage>())
        {
            StaffListPages.Add(await StaffAsync(HttpMethod.Get, $"/api/staff/applications?programId={WebKit.ProgramId}&stage={stage}", HttpStatusCode.OK));
        }
        Dashboard = await StaffAsync(HttpMethod.Get, $"/api/staff/dashboard?programId={WebKit.ProgramId}", HttpStatusCode.OK);
        Csv = await StaffAsync(HttpMethod.Get, $"/api/staff/applications.csv?programId={WebKit.ProgramId}", HttpStatusCode.OK);
        await SendAsync(App.Client, new HttpRequestMessage(HttpMethod.Get, "/api/programs"), HttpStatusCode.OK);
    }

    private async Task WalkToAcceptedAsync()
    {
        var email = WebKit.UniqueEmail("walk-accepted");
        var body = TestApp.CreateBody(email);
        var headers = new Dictionary<string, string> { ["Idempotency-Key"] = IdempotencyKey };
        var created = JsonDocument.Parse(await SendAsync(App.Client, ApiTestKit.Json(HttpMethod.Post, "/api/applications", body, headers: headers), HttpStatusCode.Created)).RootElement;
        var id = created.GetProperty("id").GetString()!;
        var token = created.GetProperty("accessToken").GetString()!;
        Accepted = new SeededApplication(id, token);
        await SendAsync(App.Client, ApiTestKit.Json(HttpMethod.Post, "/api/applications", body, headers: headers), HttpStatusCode.Created); // the replay

        await SendAsync(App.Client, TestApp.As(token, HttpMethod.Get, $"/api/applications/{id}"), HttpStatusCode.OK);
        var project = body.Project().DeepClone().AsObject();
        project["title"] = "雨季 The Long Rainy Season";
        await SendAsync(App.Client, ApiTestKit.Json(HttpMethod.Patch, $"/api/applications/{id}", new JsonObject { ["project"] = project }, token: token), HttpStatusCode.OK);
        await UploadAsync(id, token, "reel", "reel.mp4", "video/mp4", TestApp.Mp4);
        await UploadAsync(id, token, "script", "script.pdf", "application/pdf", TestApp.Pdf);
        await StaffAsync(HttpMethod.Get, $"/api/staff/applications/{id}", HttpStatusCode.OK);

        await SendAsync(App.Client, TestApp.As(token, HttpMethod.Post, $"/api/applications/{id}/submit"), HttpStatusCode.Accepted);
        await App.SettleAsync();
        Assert.Equal(Stage.InReview, (await App.StateAsync(id)).Stage);

        // The status page, through the resume link in the applicant's mail.
        var mail = await WebKit.MailAsync(App, email, id);
        var statusLink = mail.SelectMany(m => m.Links).Select(WebKit.AppPath).First(l => l is not null && l.StartsWith($"/applications/{id}?token=", StringComparison.Ordinal))!;
        await SendAsync(App.Client, new HttpRequestMessage(HttpMethod.Get, statusLink), HttpStatusCode.OK);

        // Mentors: the first declares a conflict (the slot goes to another mentor), then every open slot is reviewed.
        var conflictDeclared = false;
        for (var round = 0; round < 5; round++)
        {
            var open = (await App.StateAsync(id)).Assignments.Where(a => a.Status == AssignmentStatus.Open).ToList();
            if (open.Count == 0)
            {
                break;
            }
            foreach (var assignment in open)
            {
                var reviewToken = WebKit.ReviewToken(App, id, assignment);
                await SendAsync(App.Client, new HttpRequestMessage(HttpMethod.Get, "/review/" + reviewToken), HttpStatusCode.OK);
                object review = conflictDeclared
                    ? new { scores = WebKit.Program(App).Rubric.ToDictionary(c => c.Id, _ => 4), recommendation = "advance", comment = "很有潜力 — strong voice." }
                    : new { conflictOfInterest = true, comment = "I produced the applicant's last short." };
                conflictDeclared = true;
                await SendAsync(App.Client, ApiTestKit.Json(HttpMethod.Post, "/api/reviews/" + reviewToken, review), HttpStatusCode.OK);
            }
            await App.SettleAsync();
        }
        Assert.Equal(Stage.Reviewed, (await App.StateAsync(id)).Stage);
        await StaffAsync(HttpMethod.Get, $"/api/staff/applications/{id}", HttpStatusCode.OK);

        await StaffAsync(HttpMethod.Post, $"/api/staff/applications/{id}/decision", HttpStatusCode.OK, new { decision = "offer", note = "欢迎加入！" });
        var offerToken = await WebKit.OfferTokenAsync(App, id);
        await SendAsync(App.Client, new HttpRequestMessage(HttpMethod.Get, "/offer/" + offerToken), HttpStatusCode.OK);
        await SendAsync(App.Client, ApiTestKit.Json(HttpMethod.Post, "/api/offers/" + offerToken, new { response = "accept" }), HttpStatusCode.OK);
        await App.SettleAsync();
        Assert.Equal(Stage.Accepted, (await App.StateAsync(id)).Stage);
        await SendAsync(App.Client, new HttpRequestMessage(HttpMethod.Get, statusLink), HttpStatusCode.OK);
        ApplicantView = await SendAsync(App.Client, TestApp.As(token, HttpMethod.Get, $"/api/applications/{id}"), HttpStatusCode.OK);
    }

    private async Task WalkScreenedOutOverriddenWithdrawnAsync()
    {
        var email = WebKit.UniqueEmail("walk-override");
        var body = TestApp.CreateBody(email, school: "Nowhere Film Academy");
        var created = JsonDocument.Parse(await SendAsync(App.Client, ApiTestKit.Json(HttpMethod.Post, "/api/applications", body), HttpStatusCode.Created)).RootElement;
        var id = created.GetProperty("id").GetString()!;
        var token = created.GetProperty("accessToken").GetString()!;
        Overridden = new SeededApplication(id, token);
        await UploadAsync(id, token, "reel", "reel.mp4", "video/mp4", TestApp.Mp4);
        await UploadAsync(id, token, "script", "script.pdf", "application/pdf", TestApp.Pdf);
        await SendAsync(App.Client, TestApp.As(token, HttpMethod.Post, $"/api/applications/{id}/submit"), HttpStatusCode.Accepted);
        await App.SettleAsync();
        Assert.Equal(Stage.ScreenedOut, (await App.StateAsync(id)).Stage);
        await SendAsync(App.Client, TestApp.As(token, HttpMethod.Get, $"/api/applications/{id}"), HttpStatusCode.OK);

        await StaffAsync(HttpMethod.Post, $"/api/staff/applications/{id}/screening-override", HttpStatusCode.OK,
            new { outcome = "pass", note = "A recognised school under another name." });
        await App.SettleAsync();
        Assert.Equal(Stage.InReview, (await App.StateAsync(id)).Stage);
        await SendAsync(App.Client, ApiTestKit.Json(HttpMethod.Post, $"/api/applications/{id}/withdraw", new { reason = "计划有变 Plans changed" }, token: token), HttpStatusCode.Accepted);
        await App.SettleAsync();
    }

    private async Task UploadAsync(string id, string token, string kind, string fileName, string contentType, byte[] bytes)
    {
        var announced = await SendAsync(App.Client, TestApp.As(token, HttpMethod.Post, $"/api/applications/{id}/materials",
            new { kind, fileName, contentType, length = bytes.Length }), HttpStatusCode.Created);
        var ticket = JsonDocument.Parse(announced).RootElement;
        using var put = new HttpRequestMessage(HttpMethod.Put, ticket.GetProperty("uploadUrl").GetString()) { Content = new ByteArrayContent(bytes) };
        put.Headers.Add("x-ms-blob-type", "BlockBlob");
        using var uploaded = await TestApp.Storage.SendAsync(put);
        uploaded.EnsureSuccessStatusCode();
        await SendAsync(App.Client, TestApp.As(token, HttpMethod.Post, $"/api/applications/{id}/materials/{ticket.GetProperty("materialId").GetString()}/complete"), HttpStatusCode.OK);
    }

    private Task<string> StaffAsync(HttpMethod method, string url, HttpStatusCode expected, object? body = null) =>
        SendAsync(App.Client, ApiTestKit.Staff(method, url, body), expected);

    private async Task<string> SendAsync(HttpClient client, HttpRequestMessage request, HttpStatusCode expected)
    {
        using (request)
        {
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var what = $"{request.Method} {request.RequestUri}";
            Assert.True(response.StatusCode == expected, $"{what}: expected {(int)expected}, got {(int)response.StatusCode}: {ApiTestKit.Shorten(text)}");
            responses.Add(new WalkedResponse(what, (int)response.StatusCode, text));
            return text;
        }
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
        gate.Dispose();
    }

    public Task InitializeAsync() => Task.CompletedTask;
}
