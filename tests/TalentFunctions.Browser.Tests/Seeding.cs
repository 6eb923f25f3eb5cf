using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Notifications.Links;
using TalentFunctions.TestSupport;
using TalentFunctions.Workflow;
using TalentFunctions.Workflow.Queries;

namespace TalentFunctions.Browser.Tests;

/// <summary>Applications prepared through the JSON API (as an API client would), for the pages the browser then opens.</summary>
public sealed class Seeding(BrowserApp app)
{
    public const string ProgramId = "hina-directors";

    public static readonly byte[] Mp4 = [0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m', .. new byte[2036]];
    public static readonly byte[] Pdf = [.. "%PDF-1.7\n"u8.ToArray(), .. new byte[2039]];

    private static readonly HttpClient Storage = new();

    public HttpClient Api { get; } = new() { BaseAddress = new Uri(app.BaseUrl) };

    public static string UniqueEmail(string prefix) => $"{prefix}-{Guid.NewGuid():N}@example.com";

    /// <summary>A complete draft in Chinese with a verified reel and script.</summary>
    public async Task<(string Id, string Token)> DraftAsync(string email, string title = "雨季 The Rainy Season", string language = "zh")
    {
        var created = await Api.PostAsJsonAsync("/api/applications", new
        {
            programId = ProgramId,
            track = "original-ip",
            applicant = new
            {
                name = "林小雨", email, preferredLanguage = language, timeZone = "Asia/Shanghai", school = "USC",
                graduationYear = 2024, roles = new[] { "director" }, awards = Array.Empty<string>(),
            },
            project = new { title, logline = "一个女孩在雨季回到故乡。", synopsis = "一部关于回家的短片。", language = "zh", format = "short" },
            consent = new { privacyNotice = PrivacyNotice.Version },
        });
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(created.StatusCode == HttpStatusCode.Created, body.ToString());
        var id = body.GetProperty("id").GetString()!;
        var token = body.GetProperty("accessToken").GetString()!;
        await UploadAsync(id, token, "reel", "reel.mp4", "video/mp4", Mp4);
        await UploadAsync(id, token, "script", "script.pdf", "application/pdf", Pdf);
        return (id, token);
    }

    /// <summary>A submitted application, screened in, with its mentors assigned.</summary>
    public async Task<(string Id, string Token)> InReviewAsync(string email, string language = "zh")
    {
        var (id, token) = await DraftAsync(email, language: language);
        var submit = await Api.SendAsync(As(token, HttpMethod.Post, $"/api/applications/{id}/submit"));
        Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        await Eventually.AssertAsync(async () => (await StateAsync(id)).Assignments.Count(a => a.Status == AssignmentStatus.Open) == 2,
            TimeSpan.FromSeconds(60), $"{id} to reach review with two mentors");
        return (id, token);
    }

    public async Task<ApplicationState> StateAsync(string id) =>
        await app.Get<ApplicationQueries>().GetAsync(id) ?? throw new InvalidOperationException($"{id} not found");

    /// <summary>The applicant's status link, as their emails carry it (or one that expired at <paramref name="expires"/>).</summary>
    public string StatusUrl(string id, DateTimeOffset? expires = null) =>
        $"/applications/{id}?token={Uri.EscapeDataString(app.Get<LinkTokenService>().Create(LinkPurpose.Resume, id, id, expires ?? DateTimeOffset.UtcNow.AddDays(30)))}";

    /// <summary>The resume link: the application form pre-filled.</summary>
    public string EditUrl(string id) => StatusUrl(id).Replace("?token=", "/edit?token=", StringComparison.Ordinal);

    /// <summary>The offer link the OfferMade email carries, for the application's current offer.</summary>
    public async Task<string> OfferUrlAsync(string id)
    {
        var offer = (await StateAsync(id)).Offer ?? throw new InvalidOperationException($"{id} has no offer");
        return "/offer/" + app.Get<LinkTokenService>().Create(LinkPurpose.Offer, id, offer.OfferId, offer.ExpiresAt);
    }

    /// <summary>The "my reviews" link of a mentor of <see cref="ProgramId"/>, as review emails carry it.</summary>
    public string MentorReviewsUrl(string mentorId) =>
        "/mentor/" + app.Get<LinkTokenService>().Create(LinkPurpose.MentorReviews, ProgramId, mentorId, DateTimeOffset.UtcNow.AddDays(30));

    /// <summary>The review link the mentor's email carries for an open assignment.</summary>
    public async Task<string> ReviewUrlAsync(string id) =>
        ReviewUrl(id, (await StateAsync(id)).Assignments.First(a => a.Status == AssignmentStatus.Open));

    private string ReviewUrl(string id, ReviewAssignment assignment) =>
        "/review/" + app.Get<LinkTokenService>().Create(LinkPurpose.Review, id, assignment.AssignmentId, assignment.DueAt + app.Get<OrchestrationOptions>().ReviewLinkGrace);

    /// <summary>An application both mentors reviewed through the JSON API (scores of 4, advance): ready for a decision.</summary>
    public async Task<(string Id, string Token)> ReviewedAsync(string email, string language = "zh")
    {
        var (id, token) = await InReviewAsync(email, language);
        await ReviewAllAsync(id);
        return (id, token);
    }

    /// <summary>Both mentors review <paramref name="id"/> through the JSON API (scores of 4, advance).</summary>
    public async Task ReviewAllAsync(string id)
    {
        var rubric = app.Get<TalentFunctions.Domain.Programs.ProgramCatalog>().Get(ProgramId)!.Rubric;
        foreach (var assignment in (await StateAsync(id)).Assignments.Where(a => a.Status == AssignmentStatus.Open))
        {
            var review = await Api.PostAsJsonAsync("/api" + ReviewUrl(id, assignment).Replace("/review/", "/reviews/", StringComparison.Ordinal), new
            {
                scores = rubric.ToDictionary(c => c.Id, _ => 4),
                recommendation = "advance",
                comment = "很有潜力 — a strong voice.",
            });
            Assert.Equal(HttpStatusCode.OK, review.StatusCode);
        }
        await Eventually.AssertAsync(async () => (await StateAsync(id)).Stage == Stage.Reviewed, TimeSpan.FromSeconds(30), $"{id} to be reviewed");
    }

    /// <summary>Staff offer a place to a reviewed application through the staff JSON API (the API key), as automation would.</summary>
    public async Task OfferAsync(string id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/staff/applications/{id}/decision")
        {
            Content = JsonContent.Create(new { decision = "offer", note = "欢迎加入！Welcome aboard." }),
        };
        request.Headers.Add("X-Api-Key", TalentFunctions.Web.Tests.Hosting.TestSettings.StaffApiKey);
        var decided = await Api.SendAsync(request);
        Assert.True(decided.StatusCode == HttpStatusCode.OK, await decided.Content.ReadAsStringAsync());
        await Eventually.AssertAsync(async () => (await StateAsync(id)).Stage == Stage.Offered, TimeSpan.FromSeconds(60), $"{id} to be offered");
    }

    /// <summary>The dev mailbox's messages to <paramref name="to"/> (newest first), once one of <paramref name="kind"/> is there.</summary>
    public async Task<TalentFunctions.Notifications.Mailbox.MailboxMessage> MailAsync(string to, string kind)
    {
        var container = app.Get<Azure.Storage.Blobs.BlobServiceClient>().GetBlobContainerClient(TalentFunctions.Notifications.Mailbox.BlobMailbox.ContainerName);
        var reader = new TalentFunctions.Notifications.Mailbox.MailboxReader(container);
        TalentFunctions.Notifications.Mailbox.MailboxMessage? found = null;
        await Eventually.AssertAsync(async () => (found = (await reader.ListAsync(to)).FirstOrDefault(m => m.Kind == kind)) is not null,
            TimeSpan.FromSeconds(60), $"a {kind} email to {to}");
        return found!;
    }

    public static HttpRequestMessage As(string token, HttpMethod method, string url, object? json = null)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (json is not null)
        {
            request.Content = JsonContent.Create(json);
        }
        return request;
    }

    private async Task UploadAsync(string id, string token, string kind, string fileName, string contentType, byte[] bytes)
    {
        var announce = await Api.SendAsync(As(token, HttpMethod.Post, $"/api/applications/{id}/materials", new { kind, fileName, contentType, length = bytes.Length }));
        var ticket = await announce.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(announce.StatusCode == HttpStatusCode.Created, ticket.ToString());
        using var put = new HttpRequestMessage(HttpMethod.Put, ticket.GetProperty("uploadUrl").GetString()) { Content = new ByteArrayContent(bytes) };
        put.Headers.Add("x-ms-blob-type", "BlockBlob");
        (await Storage.SendAsync(put)).EnsureSuccessStatusCode();
        var complete = await Api.SendAsync(As(token, HttpMethod.Post, $"/api/applications/{id}/materials/{ticket.GetProperty("materialId").GetString()}/complete"));
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
    }
}
