using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.TestSupport;
using TalentFunctions.Web.Tests.Infrastructure;
using TalentFunctions.Workflow.Commands;

namespace TalentFunctions.Web.Tests;

/// <summary>Results announced together (issue 12): decisions before the program's release date reach applicants at it.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class StaffDecisionReleaseTests(AzuriteFixture azurite)
{
    /// <summary>
    /// How long after a decision its release timer fires: the business clock stands still in tests, so every decision is
    /// this far from the release date.
    /// </summary>
    private static readonly TimeSpan ReleaseIn = TimeSpan.FromSeconds(12);

    [Fact]
    public async Task A_decision_before_the_release_date_reaches_the_applicant_only_when_its_timer_fires_or_staff_release_it()
    {
        var releaseAt = TestApp.Start + ReleaseIn;
        var catalog = TestApp.Programs("hina-directors", p => p with { Decisions = new DecisionSettings(releaseAt) });
        await using var app = await TestApp.StartAsync(azurite, services: s => s.AddSingleton(catalog));
        var (timed, timedToken) = await ReviewedAsync(app, "release-timer@example.com");

        var decided = await app.Staff.PostAsJsonAsync($"/api/staff/applications/{timed}/decision", new { decision = "offer", note = "Welcome!" });

        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        Assert.Equal("Reviewed", (await decided.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stage").GetString());
        await app.SettleAsync();
        var before = await ApplicantViewAsync(app, timed, timedToken);
        Assert.Equal("Reviewed", before.GetProperty("stage").GetString());
        Assert.True(!before.TryGetProperty("offer", out var offer) || offer.ValueKind == JsonValueKind.Null);
        Assert.DoesNotContain(before.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("type").GetString() is "offer-made" or "rejected" or "waitlisted");
        Assert.DoesNotContain(await app.MailboxAsync("release-timer@example.com"), m => m.Kind is "OfferMade" or "Rejected" or "Waitlisted");
        var staffView = await app.Staff.GetFromJsonAsync<JsonElement>($"/api/staff/applications/{timed}");
        var pending = staffView.GetProperty("application").GetProperty("pendingDecision");
        Assert.Equal("offer", pending.GetProperty("decision").GetString());
        Assert.Equal(releaseAt, pending.GetProperty("releaseAt").GetDateTimeOffset());
        Assert.Contains(staffView.GetProperty("history").EnumerateArray(), e => e.GetProperty("type").GetString() == nameof(DecisionRecorded));
        Assert.Equal(1, (await app.Staff.GetFromJsonAsync<JsonElement>("/api/staff/dashboard?programId=hina-directors")).GetProperty("seatsHeld").GetInt32());

        // The durable timer fires at the release date: the offer goes out, its validity counted from then.
        await Eventually.AssertAsync(async () => (await app.StateAsync(timed)).Stage == Stage.Offered, TimeSpan.FromSeconds(45), "the release timer sends the offer");
        var offered = await app.StateAsync(timed);
        Assert.Null(offered.PendingDecision);
        Assert.Equal(app.Clock.GetUtcNow() + catalog.Get("hina-directors")!.Timings.OfferValidity, offered.Offer!.ExpiresAt);
        Assert.Single(await app.MailboxAsync("release-timer@example.com"), m => m.Kind == "OfferMade" && m.ApplicationId == timed);
        Assert.Contains((await ApplicantViewAsync(app, timed, timedToken)).GetProperty("timeline").EnumerateArray(), e => e.GetProperty("type").GetString() == "offer-made");

        // Staff release a selection at once; each application answers for itself.
        var (early, _) = await ReviewedAsync(app, "release-bulk@example.com");
        var (undecided, _) = await ReviewedAsync(app, "release-none@example.com");
        Assert.Equal(HttpStatusCode.OK, (await app.Staff.PostAsJsonAsync($"/api/staff/applications/{early}/decision", new { decision = "reject", note = "Not this year." })).StatusCode);
        Assert.Equal(Stage.Reviewed, (await app.StateAsync(early)).Stage);

        var released = await app.Staff.PostAsJsonAsync("/api/staff/decisions/release", new { applicationIds = new[] { early, undecided, "no-such-application" } });

        Assert.Equal(HttpStatusCode.OK, released.StatusCode);
        var results = (await released.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([early, undecided, "no-such-application"], results.Select(r => r.GetProperty("applicationId").GetString()));
        Assert.Equal([200, 409, 404], results.Select(r => r.GetProperty("status").GetInt32()));
        Assert.Equal("Rejected", results[0].GetProperty("stage").GetString());
        Assert.Equal("no-pending-decision", results[1].GetProperty("code").GetString());
        Assert.Equal(Stage.Rejected, (await app.StateAsync(early)).Stage);
        Assert.Single(await app.MailboxAsync("release-bulk@example.com"), m => m.Kind == "Rejected" && m.ApplicationId == early);
        Assert.Equal(Stage.Reviewed, (await app.StateAsync(undecided)).Stage);

        var empty = await app.Staff.PostAsJsonAsync("/api/staff/decisions/release", new { applicationIds = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
    }

    [Fact]
    public async Task Staff_move_the_announcement_date_and_every_pending_decision_and_later_decision_waits_for_the_new_one()
    {
        var catalog = TestApp.Programs("hina-directors", p => p with { Decisions = new DecisionSettings(TestApp.Start.AddDays(30)) });
        await using var app = await TestApp.StartAsync(azurite, services: s => s.AddSingleton(catalog));
        var (first, _) = await ReviewedAsync(app, "move-first@example.com");
        var (later, _) = await ReviewedAsync(app, "move-later@example.com");
        Assert.Equal(HttpStatusCode.OK, (await app.Staff.PostAsJsonAsync($"/api/staff/applications/{first}/decision", new { decision = "offer" })).StatusCode);
        const string Route = "/api/staff/programs/hina-directors/decisions/release-at";

        // Bad requests change nothing.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await app.Staff.PostAsJsonAsync(Route, new { releaseAt = "next Friday" })).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await app.Staff.PostAsJsonAsync(Route, new { releaseAt = "2026-05-20T10:00:00" })).StatusCode); // no offset
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await app.Staff.PostAsJsonAsync(Route, new { releaseAt = TestApp.Start.AddMinutes(-5).ToString("O") })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Staff.PostAsJsonAsync("/api/staff/programs/no-such-program/decisions/release-at", new { releaseAt = TestApp.Start.AddDays(1).ToString("O") })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client.PostAsJsonAsync(Route, new { releaseAt = TestApp.Start.AddDays(1).ToString("O") })).StatusCode);
        Assert.Equal(TestApp.Start.AddDays(30), (await app.StateAsync(first)).PendingDecision!.ReleaseAt);

        var newDate = TestApp.Start + ReleaseIn;
        var moved = await app.Staff.PostAsJsonAsync(Route, new { releaseAt = newDate.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz") });

        var view = await moved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(moved.StatusCode == HttpStatusCode.OK, view.ToString());
        Assert.Equal(newDate, view.GetProperty("releaseAt").GetDateTimeOffset());
        Assert.Equal(1, view.GetProperty("pendingDecisionsMoved").GetInt32());
        Assert.Equal(newDate, (await app.StateAsync(first)).PendingDecision!.ReleaseAt);
        var history = (await app.Staff.GetFromJsonAsync<JsonElement>($"/api/staff/applications/{first}")).GetProperty("history");
        Assert.Contains(history.EnumerateArray(), e => e.GetProperty("type").GetString() == nameof(DecisionReleaseMoved));

        // A decision made after the move waits for the new date too; both go out when its timers fire.
        Assert.Equal(HttpStatusCode.OK, (await app.Staff.PostAsJsonAsync($"/api/staff/applications/{later}/decision", new { decision = "reject" })).StatusCode);
        Assert.Equal(newDate, (await app.StateAsync(later)).PendingDecision!.ReleaseAt);
        await Eventually.AssertAsync(async () => (await app.StateAsync(first)).Stage == Stage.Offered && (await app.StateAsync(later)).Stage == Stage.Rejected,
            TimeSpan.FromSeconds(45), "the moved release timers send the decisions");

        // Once the date has passed it can no longer move.
        app.Clock.Advance(ReleaseIn + TimeSpan.FromMinutes(1));
        var tooLate = await app.Staff.PostAsJsonAsync(Route, new { releaseAt = TestApp.Start.AddDays(2).ToString("O") });
        Assert.Equal(HttpStatusCode.Conflict, tooLate.StatusCode);
        Assert.Equal("release-date-passed", (await tooLate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    private static async Task<JsonElement> ApplicantViewAsync(TestApp app, string id, string token)
    {
        var answer = await app.Client.SendAsync(TestApp.As(token, HttpMethod.Get, $"/api/applications/{id}"));
        answer.EnsureSuccessStatusCode();
        return await answer.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<(string Id, string Token)> ReviewedAsync(TestApp app, string email)
    {
        var (id, token) = await app.CreateAsync(email);
        (await app.UploadMaterialAsync(id, token, "reel", "reel.mp4", "video/mp4", TestApp.Mp4)).EnsureSuccessStatusCode();
        (await app.Client.SendAsync(TestApp.As(token, HttpMethod.Post, $"/api/applications/{id}/submit"))).EnsureSuccessStatusCode();
        await app.SettleAsync();
        var state = await app.StateAsync(id);
        var program = app.Get<ProgramCatalog>().Get(state.ProgramId)!;
        foreach (var a in state.Assignments.Where(a => a.Status == AssignmentStatus.Open))
        {
            var review = new SubmitReview("review-" + a.AssignmentId, "mentor", a.AssignmentId, program.Rubric.ToDictionary(c => c.Id, _ => 4), Recommendation.Advance, "Good.");
            Assert.IsType<CommandApplied>(await app.Get<ApplicationCommands>().ExecuteAsync(id, review));
        }
        Assert.Equal(Stage.Reviewed, (await app.StateAsync(id)).Stage);
        return (id, token);
    }
}
