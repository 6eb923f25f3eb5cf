using System.Net;
using System.Net.Http.Json;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Web.Tests.Infrastructure;
using TalentFunctions.TestSupport;
using Xunit.Abstractions;

namespace TalentFunctions.Web.Tests.Web;

/// <summary>
/// Mail scanners open every link in an email. A lifecycle runs through the app with the dev mailbox; then every
/// link of every email it sent is opened with GET, and nothing may change: no event, no new email, no stage.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class NoGetChangesStateTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task Following_every_link_in_every_email_with_get_changes_nothing()
    {
        await using var app = await TestApp.StartAsync(azurite);

        // Offered: a conflict of interest (reassigned), two reviews through the page, the offer, its reminder.
        var (offered, _, offeredEmail) = await WebKit.InReviewAsync(app, "zh");
        var first = (await app.StateAsync(offered)).Assignments[0];
        var conflict = await WebKit.PostFormAsync(app.Client, "/review/" + WebKit.ReviewToken(app, offered, first),
            new Dictionary<string, string> { ["intent"] = "conflict", ["conflictOfInterest"] = "yes" });
        Assert.Equal(HttpStatusCode.OK, conflict.StatusCode);
        await app.SettleAsync();
        foreach (var assignment in (await app.StateAsync(offered)).Assignments.Where(a => a.Status == AssignmentStatus.Open))
        {
            var review = await WebKit.PostFormAsync(app.Client, "/review/" + WebKit.ReviewToken(app, offered, assignment), WebKit.ReviewForm(app));
            Assert.Equal(HttpStatusCode.OK, review.StatusCode);
        }
        var decision = await app.Staff.PostAsJsonAsync($"/api/staff/applications/{offered}/decision", new { decision = "offer" });
        Assert.Equal(HttpStatusCode.OK, decision.StatusCode);

        // Withdrawn while in review (its mentors are told), and a draft that is screened out.
        var (withdrawn, withdrawnToken, withdrawnEmail) = await WebKit.InReviewAsync(app, "en");
        var withdraw = await app.Client.SendAsync(TestApp.As(withdrawnToken, HttpMethod.Post, $"/api/applications/{withdrawn}/withdraw"));
        Assert.Equal(HttpStatusCode.Accepted, withdraw.StatusCode);
        var screenedEmail = WebKit.UniqueEmail("nogetx");
        var (screened, screenedToken) = await app.CreateAsync(screenedEmail);
        await app.UploadMaterialAsync(screened, screenedToken, "reel", "reel.mp4", "video/mp4", TestApp.Mp4);
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await app.Get<Workflow.Commands.ApplicationCommands>().ExecuteAsync(screened, new EditDraft("edit-school", "applicant",
            Applicant: (await app.StateAsync(screened)).Applicant with { School = "Unknown Film School" }));
        await app.Client.SendAsync(TestApp.As(screenedToken, HttpMethod.Post, $"/api/applications/{screened}/submit"));
        await app.SettleAsync();
        Assert.Equal(Stage.ScreenedOut, (await app.StateAsync(screened)).Stage);

        // The offer reminder (two days before it expires).
        var reminder = (await app.StateAsync(offered)).PendingTimers.Single(t => t.Kind == TimerKind.OfferReminder);
        app.Clock.Advance(reminder.DueAt - app.Clock.GetUtcNow() + TimeSpan.FromMinutes(1));
        await app.WakeAsync(offered);

        var applications = new[] { (offered, offeredEmail), (withdrawn, withdrawnEmail), (screened, screenedEmail) };
        var ids = applications.Select(a => a.Item1).ToArray();
        var mail = await WebKit.AllMailAsync(app, applications);
        var kinds = mail.Select(m => m.Kind).ToHashSet();
        foreach (var kind in new[] { "DraftStarted", "SubmissionReceived", "UnderReview", "MentorReviewRequest", "MentorThankYou",
                     "StaffApplicationReviewed", "OfferMade", "OfferReminder", "WithdrawalConfirmed", "MentorReviewCancelled", "ScreenedOut" })
        {
            Assert.Contains(kind, kinds);
        }
        var links = mail.SelectMany(m => m.Links).Distinct(StringComparer.Ordinal).ToList();
        var appLinks = links.Select(WebKit.AppPath).OfType<string>().ToList();
        Assert.Contains(appLinks, l => l.StartsWith("/review/", StringComparison.Ordinal));
        Assert.Contains(appLinks, l => l.StartsWith("/offer/", StringComparison.Ordinal));
        Assert.Contains(appLinks, l => l.StartsWith("/applications/", StringComparison.Ordinal));
        Assert.Contains(appLinks, l => l.StartsWith("/api/staff/", StringComparison.Ordinal));
        // The staff console's pages (issue 11) are opened the same way: they only read.
        appLinks.AddRange(ids.Select(id => $"/console/applications/{id}?done=offer"));
        appLinks.Add("/console/applications?programId=hina-directors&stage=Offered&sort=score&minScore=1");

        var before = await SnapshotAsync(app, ids);
        var statuses = new Dictionary<int, int>();
        foreach (var link in appLinks)
        {
            foreach (var client in new[] { app.Client, app.Staff })
            {
                var response = await client.GetAsync(link);
                Assert.True((int)response.StatusCode < 500, $"{link}: {(int)response.StatusCode}");
                statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
            }
        }
        output.WriteLine($"{mail.Count} emails, {links.Count} distinct links ({appLinks.Count} to the app), GET answers: "
                         + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));

        Assert.Equal(before, await SnapshotAsync(app, ids));
        Assert.Equal(mail.Count, (await WebKit.AllMailAsync(app, applications)).Count);

        // The links still work for people: the offer is accepted with a post from its page.
        var offerLink = appLinks.First(l => l.StartsWith("/offer/", StringComparison.Ordinal));
        var accept = await WebKit.PostFormAsync(app.Client, offerLink, new Dictionary<string, string> { ["response"] = "accept" });
        Assert.Equal(HttpStatusCode.OK, accept.StatusCode);
        Assert.Equal(Stage.Accepted, (await app.StateAsync(offered)).Stage);
    }

    private static async Task<string> SnapshotAsync(TestApp app, IEnumerable<string> ids)
    {
        var parts = new List<string>();
        foreach (var id in ids)
        {
            var (version, events) = await app.VersionAndEventCountAsync(id);
            var state = await app.StateAsync(id);
            parts.Add($"{id}:{version}:{events}:{state.Stage}:{string.Join('/', state.Assignments.Select(a => a.Status))}:{state.NeedsAttention.Count}");
        }
        return string.Join(" | ", parts);
    }
}
