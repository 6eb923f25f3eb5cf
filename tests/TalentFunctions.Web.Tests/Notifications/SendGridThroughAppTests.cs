using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Web.Tests.Infrastructure;
using TalentFunctions.Web.Tests.Web;
using TalentFunctions.Notifications;
using TalentFunctions.Notifications.SendGrid;
using TalentFunctions.Workflow;
using TalentFunctions.Workflow.Effects;
using TalentFunctions.TestSupport;
using Xunit.Abstractions;

namespace TalentFunctions.Web.Tests.Notifications;

/// <summary>The app sending through SendGrid (a fake SendGrid on loopback): permanent refusals and random failures.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class SendGridThroughAppTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task A_400_from_sendgrid_flags_the_application_and_staff_see_why()
    {
        await using var sendGrid = FakeSendGridServer.Start();
        sendGrid.Enqueue(FakeSendGridResponse.BadRequest("The from address does not match a verified Sender Identity."));
        await using var app = await TestApp.StartAsync(azurite, SendGridSettings(sendGrid));
        var program = WebKit.Program(app);

        var (id, _) = await app.CreateAsync(WebKit.UniqueEmail("sg400"));
        await app.SettleAsync();

        var detail = await app.Staff.GetFromJsonAsync<JsonElement>($"/api/staff/applications/{id}");
        var reason = Assert.Single(detail.GetProperty("application").GetProperty("needsAttention").EnumerateArray()).GetString()!;
        Assert.Contains("DraftStarted", reason);
        Assert.Contains("does not match a verified Sender Identity", reason);
        Assert.Contains(detail.GetProperty("history").EnumerateArray(), e => e.GetProperty("type").GetString() == "NeedsAttentionFlagged");

        var draftStarted = sendGrid.Requests.Where(r => r.Body.Contains("\"DraftStarted\"", StringComparison.Ordinal)).ToList();
        Assert.Equal(400, Assert.Single(draftStarted).StatusCode); // a 400 is not retried
        var staffMail = Assert.Single(sendGrid.Accepted, m => m.ApplicationId == id);
        Assert.Equal("StaffNeedsAttention", staffMail.Kind);
        Assert.Equal(program.StaffEmail, staffMail.To);
        Assert.Contains("does not match a verified Sender Identity", staffMail.Text);
    }

    [Fact]
    public async Task A_lifecycle_delivers_every_email_although_sendgrid_fails_30_percent_of_requests()
    {
        await using var sendGrid = FakeSendGridServer.Start(seed: 20261121);
        sendGrid.FailureRate = 0.3;
        // One attempt per send: every failure fails the orchestration's SendEmail activity, so each exercises the
        // activity retry path (the sender's own retries wait on the app's clock, which only the test moves).
        var settings = SendGridSettings(sendGrid);
        settings["Orchestration:StepMaxAttempts"] = "12";
        settings["Orchestration:StepFirstRetryInterval"] = "00:00:00.050";
        await using var app = await TestApp.StartAsync(azurite, settings, services => services.AddSingleton<IEmailSender>(sp =>
            new SendGridEmailSender(sp.GetRequiredService<IHttpClientFactory>().CreateClient("fake-sendgrid"), new SendGridOptions
            {
                ApiKey = sendGrid.ApiKey,
                BaseUrl = sendGrid.BaseUrl,
                FromEmail = "programs@talentfunctions.example",
                FromName = "TalentFunctions Programs",
                MaxAttempts = 1,
            }, sp.GetRequiredService<TimeProvider>())));

        var ids = new List<string>();
        foreach (var language in new[] { "zh", "en" })
        {
            var (id, token) = await app.CreateAsync(WebKit.UniqueEmail("sg30"));
            ids.Add(id);
            Assert.Equal(HttpStatusCode.OK, (await app.UploadMaterialAsync(id, token, "reel", "reel.mp4", "video/mp4", TestApp.Mp4)).StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, (await app.Client.SendAsync(TestApp.As(token, HttpMethod.Post, $"/api/applications/{id}/submit"))).StatusCode);
            await app.SettleAsync();
            Assert.Equal(Stage.InReview, (await app.StateAsync(id)).Stage);

            foreach (var assignment in (await app.StateAsync(id)).Assignments.Where(a => a.Status == AssignmentStatus.Open))
            {
                var review = await app.Client.PostAsJsonAsync("/api/reviews/" + WebKit.ReviewToken(app, id, assignment),
                    new { scores = WebKit.Program(app).Rubric.ToDictionary(c => c.Id, _ => 5), recommendation = "advance", comment = "Yes." });
                Assert.Equal(HttpStatusCode.OK, review.StatusCode);
            }
            await app.SettleAsync();
            Assert.Equal(HttpStatusCode.OK, (await app.Staff.PostAsJsonAsync($"/api/staff/applications/{id}/decision", new { decision = "offer" })).StatusCode);
            await app.SettleAsync();
            var accept = await app.Client.PostAsJsonAsync("/api/offers/" + await WebKit.OfferTokenAsync(app, id), new { response = "accept" });
            Assert.Equal(HttpStatusCode.OK, accept.StatusCode);
            await app.SettleAsync();

            var state = await app.StateAsync(id);
            Assert.Equal(Stage.Accepted, state.Stage);
            Assert.Empty(state.NeedsAttention);
        }

        var expected = new[]
        {
            "DraftStarted", "SubmissionReceived", "UnderReview", "MentorReviewRequest", "MentorReviewRequest", "MentorThankYou", "MentorThankYou",
            "StaffApplicationReviewed", "OfferMade", "AcceptedWelcome", "StaffOfferAccepted",
        };
        var accepted = sendGrid.Accepted.Where(m => ids.Contains(m.ApplicationId)).ToList();
        var delivered = accepted.GroupBy(m => m.EffectId).Select(g => g.First()).ToList();
        foreach (var id in ids)
        {
            Assert.Equal(expected.Order(), delivered.Where(m => m.ApplicationId == id).Select(m => m.Kind).Order());
        }
        var attempted = sendGrid.Requests.Select(r => EffectIdOf(r.Body)).OfType<string>().Where(e => ids.Any(id => e.StartsWith(id + ":", StringComparison.Ordinal))).ToHashSet();
        Assert.Subset(delivered.Select(m => m.EffectId).ToHashSet(), attempted);
        var failures = sendGrid.Requests.Count(r => r.StatusCode == 500);
        Assert.True(failures > 0, "The fake injected no failure; the test proved nothing.");

        output.WriteLine($"SendGrid: {sendGrid.Requests.Count} requests, {failures} injected 500s, {accepted.Count} accepted, "
                         + $"{delivered.Count} distinct effect ids, {sendGrid.DuplicateCount} duplicate(s).");
    }

    private static Dictionary<string, string?> SendGridSettings(FakeSendGridServer sendGrid) => new()
    {
        ["Email:SendGridApiKey"] = sendGrid.ApiKey,
        ["Email:SendGridBaseUrl"] = sendGrid.BaseUrl.AbsoluteUri,
    };

    private static string? EffectIdOf(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.GetProperty("personalizations")[0].GetProperty("custom_args").GetProperty("effectId").GetString();
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
