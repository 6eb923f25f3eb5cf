using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Web.Tests.Infrastructure;
using TalentFunctions.Notifications.Links;
using TalentFunctions.Notifications.Mailbox;
using TalentFunctions.Workflow;
using TalentFunctions.Workflow.Commands;
using Azure.Storage.Blobs;

namespace TalentFunctions.Web.Tests.Web;

/// <summary>Drives applications through the app to the stage a page test needs, and reads pages and mail.</summary>
public static partial class WebKit
{
    public const string ProgramId = "hina-directors";

    /// <summary>The base of every link in emails (Links:PublicBaseUrl of the test settings).</summary>
    public static readonly Uri PublicBase = new("http://localhost:7071/");

    public static string UniqueEmail(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)] + "@example.com";

    public static ProgramDefinition Program(TestApp app) => app.Get<ProgramCatalog>().Get(ProgramId)!;

    /// <summary>The programs with <see cref="ProgramId"/> reviewed openly (<c>review.blind: false</c>), changed further by <paramref name="change"/>.</summary>
    public static ProgramCatalog NotBlind(Func<ProgramDefinition, ProgramDefinition>? change = null) =>
        TestApp.Programs(ProgramId, p => (change?.Invoke(p) ?? p) with { Review = new ReviewSettings(Blind: false) });

    /// <summary>
    /// A draft created through the API by an applicant writing in <paramref name="language"/> about a project in that
    /// language (so the mentors matched first speak it), with a verified reel and script.
    /// </summary>
    public static async Task<(string Id, string Token, string Email)> DraftAsync(TestApp app, string language = "zh", string? email = null)
    {
        email ??= UniqueEmail("web");
        var body = TestApp.CreateBody(email);
        body["applicant"]!["preferredLanguage"] = language;
        body["project"]!["language"] = language;
        var created = await app.Client.PostAsJsonAsync("/api/applications", body);
        var json = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(created.StatusCode == HttpStatusCode.Created, json.ToString());
        var id = json.GetProperty("id").GetString()!;
        var token = json.GetProperty("accessToken").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await app.UploadMaterialAsync(id, token, "reel", "reel.mp4", "video/mp4", TestApp.Mp4)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.UploadMaterialAsync(id, token, "script", "script.pdf", "application/pdf", TestApp.Pdf)).StatusCode);
        return (id, token, email);
    }

    /// <summary>A submitted application, screened in, with its mentors assigned.</summary>
    public static async Task<(string Id, string Token, string Email)> InReviewAsync(TestApp app, string language = "zh", string? email = null)
    {
        var (id, token, address) = await DraftAsync(app, language, email);
        var submit = await app.Client.SendAsync(TestApp.As(token, HttpMethod.Post, $"/api/applications/{id}/submit"));
        Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        await app.SettleAsync();
        var state = await app.StateAsync(id);
        Assert.Equal(Stage.InReview, state.Stage);
        Assert.Equal(2, state.Assignments.Count(a => a.Status == AssignmentStatus.Open));
        return (id, token, address);
    }

    /// <summary>Every open review of the application submitted through the JSON API, each criterion at <paramref name="score"/>.</summary>
    public static async Task ReviewAllAsync(TestApp app, string id, int score = 4, string recommendation = "advance", string comment = "很有潜力 — strong voice.")
    {
        foreach (var assignment in (await app.StateAsync(id)).Assignments.Where(a => a.Status == AssignmentStatus.Open))
        {
            var response = await app.Client.PostAsJsonAsync("/api/reviews/" + ReviewToken(app, id, assignment), new
            {
                scores = Program(app).Rubric.ToDictionary(c => c.Id, _ => score),
                recommendation,
                comment,
            });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    /// <summary>An application with an open offer: reviewed by both mentors (through the JSON API), offered by staff.</summary>
    public static async Task<(string Id, string Token, string Email)> OfferedAsync(TestApp app, string language = "zh")
    {
        var (id, token, email) = await InReviewAsync(app, language);
        await ReviewAllAsync(app, id);
        var decision = await app.Staff.PostAsJsonAsync($"/api/staff/applications/{id}/decision", new { decision = "offer", note = "欢迎加入！<b>Welcome</b>" });
        Assert.Equal(HttpStatusCode.OK, decision.StatusCode);
        Assert.Equal(Stage.Offered, (await app.StateAsync(id)).Stage);
        return (id, token, email);
    }

    /// <summary>The token the review email carries for <paramref name="assignment"/> (same purpose, subject and expiry).</summary>
    public static string ReviewToken(TestApp app, string applicationId, ReviewAssignment assignment) =>
        app.Get<LinkTokenService>().Create(LinkPurpose.Review, applicationId, assignment.AssignmentId, assignment.DueAt + app.Get<OrchestrationOptions>().ReviewLinkGrace);

    public static async Task<string> OfferTokenAsync(TestApp app, string applicationId)
    {
        var offer = (await app.StateAsync(applicationId)).Offer!;
        return app.Get<LinkTokenService>().Create(LinkPurpose.Offer, applicationId, offer.OfferId, offer.ExpiresAt);
    }

    /// <summary>Every scored criterion at <paramref name="score"/>, as the review form posts it.</summary>
    public static Dictionary<string, string> ReviewForm(TestApp app, int score = 4, string recommendation = "advance", string comment = "Strong voice. 有想法。")
    {
        var form = Program(app).Rubric.ToDictionary(c => $"scores.{c.Id}", _ => score.ToString(System.Globalization.CultureInfo.InvariantCulture));
        form["intent"] = "review";
        form["recommendation"] = recommendation;
        form["comment"] = comment;
        return form;
    }

    public static Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, IDictionary<string, string> form, IReadOnlyDictionary<string, string>? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return client.SendAsync(request);
    }

    /// <summary>Mail of one application to one recipient, newest first, once the orchestrations have caught up.</summary>
    public static async Task<IReadOnlyList<MailboxMessage>> MailAsync(TestApp app, string to, string applicationId)
    {
        await app.SettleAsync();
        var reader = new MailboxReader(app.Get<BlobServiceClient>().GetBlobContainerClient(BlobMailbox.ContainerName));
        return [.. (await reader.ListAsync(to, max: 5000)).Where(m => m.ApplicationId == applicationId)];
    }

    /// <summary>Every email of these applications: to their applicants, the program's mentors and its staff.</summary>
    public static async Task<IReadOnlyList<MailboxMessage>> AllMailAsync(TestApp app, IReadOnlyCollection<(string Id, string Email)> applications)
    {
        await app.SettleAsync();
        var program = Program(app);
        var recipients = applications.Select(a => a.Email).Concat(program.Mentors.Select(m => m.Email)).Append(program.StaffEmail).Distinct(StringComparer.OrdinalIgnoreCase);
        var reader = new MailboxReader(app.Get<BlobServiceClient>().GetBlobContainerClient(BlobMailbox.ContainerName));
        var ids = applications.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var all = new List<MailboxMessage>();
        foreach (var to in recipients)
        {
            all.AddRange((await reader.ListAsync(to, max: 5000)).Where(m => ids.Contains(m.ApplicationId)));
        }
        return all;
    }

    /// <summary>A link from an email, as a path for the test client (which talks to the app in memory).</summary>
    public static string? AppPath(string link)
    {
        var uri = new Uri(link);
        return PublicBase.IsBaseOf(uri) ? uri.PathAndQuery : null;
    }

    public static string Kind(MailboxMessage message) => message.Kind;

    /// <summary>The decoded <c>src</c> of every video and frame on a page (the material SAS links).</summary>
    public static IReadOnlyList<string> MediaSources(string html) =>
        [.. SourcePattern().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];

    [GeneratedRegex("<(?:video|iframe)[^>]*\\ssrc=\"([^\"]+)\"")]
    private static partial Regex SourcePattern();

    public static async Task AssertAppliedAsync(TestApp app, string id, ApplicationCommand command)
    {
        var result = await app.Get<ApplicationCommands>().ExecuteAsync(id, command);
        Assert.IsType<CommandApplied>(result);
    }
}
