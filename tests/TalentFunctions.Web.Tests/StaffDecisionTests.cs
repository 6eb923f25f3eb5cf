using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Web.Api;
using TalentFunctions.Web.Tests.Infrastructure;
using TalentFunctions.Web.Tests.Web;
using TalentFunctions.Workflow;
using TalentFunctions.Workflow.Commands;
using TalentFunctions.Workflow.Queries;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Web.Tests;

[Collection(AzuriteFixture.Collection)]
public sealed class StaffDecisionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Seats_are_held_exactly_when_offers_cross_and_a_declined_offer_frees_its_seat()
    {
        var programs = ProgramCatalog.LoadDefault();
        var small = ProgramCatalog.From([.. programs.All.Select(p => p.Id == "hina-directors" ? p with { CohortCapacity = 2 } : p)]);
        await using var app = await TestApp.StartAsync(azurite, services: s => s.AddSingleton(small));
        string[] ids = [await ReviewedAsync(app, "cohort-1@example.com"), await ReviewedAsync(app, "cohort-2@example.com"), await ReviewedAsync(app, "cohort-3@example.com")];

        // Three offers at the same instant for two seats: exactly two are made.
        var answers = await Task.WhenAll(ids.Select(id => app.Staff.PostAsJsonAsync($"/api/staff/applications/{id}/decision", new { decision = "offer", note = "" })));
        Assert.Equal(2, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        var full = Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Conflict);
        var problem = await full.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("/problems/cohort-full", problem.GetProperty("type").GetString());
        Assert.Contains("2 of 2 places", problem.GetProperty("detail").GetString());
        var waiting = ids[Array.IndexOf(answers, full)];
        Assert.Equal(Stage.Reviewed, (await app.StateAsync(waiting)).Stage);
        var offered = ids.Where(id => id != waiting).ToArray();
        Assert.Equal(2, (await DashboardAsync(app)).GetProperty("seatsHeld").GetInt32());

        // An offer declined frees its seat (the orchestration releases it); the next offer takes it.
        var declined = await app.StateAsync(offered[0]);
        Assert.IsType<CommandApplied>(await app.Get<ApplicationCommands>().ExecuteAsync(offered[0], new RespondToOffer("decline", "applicant", declined.Offer!.OfferId, Accept: false)));
        await Eventually.AssertAsync(async () => (await DashboardAsync(app)).GetProperty("seatsFree").GetInt32() == 1, TimeSpan.FromSeconds(30), "the declined offer's seat is free");
        var next = await app.Staff.PostAsJsonAsync($"/api/staff/applications/{waiting}/decision", new { decision = "offer", note = "" });
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);

        // Staff who mean it offer over capacity: the offer holds a seat too, and the history says so.
        var extra = await ReviewedAsync(app, "cohort-4@example.com");
        Assert.Equal(HttpStatusCode.Conflict, (await app.Staff.PostAsJsonAsync($"/api/staff/applications/{extra}/decision", new { decision = "offer", note = "" })).StatusCode);
        var anyway = await app.Staff.PostAsJsonAsync($"/api/staff/applications/{extra}/decision", new { decision = "offer", note = "", allowOverCapacity = true });
        Assert.Equal(HttpStatusCode.OK, anyway.StatusCode);
        var dashboard = await DashboardAsync(app);
        Assert.Equal(2, dashboard.GetProperty("capacity").GetInt32());
        Assert.Equal(3, dashboard.GetProperty("seatsHeld").GetInt32());
        Assert.Equal(0, dashboard.GetProperty("seatsFree").GetInt32());
        var detail = await app.Staff.GetFromJsonAsync<JsonElement>($"/api/staff/applications/{extra}");
        var offer = detail.GetProperty("history").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "OfferMade");
        Assert.True(offer.GetProperty("data").GetProperty("overCapacity").GetBoolean());
    }

    [Fact]
    public async Task Automatic_waitlist_a_declined_offer_goes_to_the_best_waitlisted_application_at_once()
    {
        await using var app = await StartAsync(capacity: 1, WaitlistMode.Automatic);
        var offered = await ReviewedAsync(app, "wl-a@example.com");
        var fair = await ReviewedAsync(app, "wl-b@example.com", score: 3);
        var best = await ReviewedAsync(app, "wl-c@example.com", score: 5);
        await DecideAsync(app, offered, "offer");
        await DecideAsync(app, fair, "waitlist");
        await DecideAsync(app, best, "waitlist");
        await app.SettleAsync();
        var before = await DashboardAsync(app);
        Assert.Equal("automatic", before.GetProperty("waitlistMode").GetString());
        Assert.Equal(2, before.GetProperty("waitlisted").GetInt32());

        await DeclineAsync(app, offered);

        await Eventually.AssertAsync(async () => (await app.StateAsync(best)).Stage == Stage.Offered, TimeSpan.FromSeconds(30), "the best waitlisted application is offered the seat");
        await app.SettleAsync();
        Assert.Equal(Stage.Waitlisted, (await app.StateAsync(fair)).Stage);
        var dashboard = await DashboardAsync(app);
        Assert.Equal(1, dashboard.GetProperty("seatsHeld").GetInt32());
        Assert.Equal(1, dashboard.GetProperty("waitlisted").GetInt32());
        // The usual offer: its email and its timers.
        var state = await app.StateAsync(best);
        Assert.Contains(state.PendingTimers, t => t.Kind == TimerKind.OfferExpiry);
        var applicantMail = await WebKit.MailAsync(app, "wl-c@example.com", best);
        Assert.Single(applicantMail, m => m.Kind == "OfferMade");
        // Staff see where the offer came from; the applicant sees an offer, nothing about the waitlist's order.
        var offer = (await HistoryAsync(app, best)).Single(e => e.GetProperty("type").GetString() == "OfferMade");
        Assert.True(offer.GetProperty("data").GetProperty("fromWaitlist").GetBoolean());
        Assert.Equal("waitlist", offer.GetProperty("actor").GetString());
        var timeline = ApplicationViews.PublicTimeline(await app.Get<ApplicationQueries>().GetHistoryAsync(best));
        Assert.Equal("An offer was made.", timeline[^1].Description);
        Assert.DoesNotContain(timeline, e => e.Description.Contains("waitlist", StringComparison.OrdinalIgnoreCase) && e.Type != "waitlisted");
    }

    [Fact]
    public async Task Automatic_waitlist_a_seat_freed_while_the_cohort_is_over_capacity_promotes_nobody()
    {
        await using var app = await StartAsync(capacity: 1, WaitlistMode.Automatic);
        var first = await ReviewedAsync(app, "over-a@example.com");
        var extra = await ReviewedAsync(app, "over-b@example.com");
        var waiting = await ReviewedAsync(app, "over-c@example.com");
        await DecideAsync(app, first, "offer");
        await DecideAsync(app, extra, "offer", allowOverCapacity: true);
        await DecideAsync(app, waiting, "waitlist");
        Assert.Equal(2, (await DashboardAsync(app)).GetProperty("seatsHeld").GetInt32());

        await DeclineAsync(app, first);

        await Eventually.AssertAsync(async () => (await DashboardAsync(app)).GetProperty("seatsHeld").GetInt32() == 1, TimeSpan.FromSeconds(30), "the declined offer's seat is released");
        await app.SettleAsync();
        Assert.Equal(Stage.Waitlisted, (await app.StateAsync(waiting)).Stage);
        Assert.Equal(1, (await DashboardAsync(app)).GetProperty("seatsHeld").GetInt32());
    }

    [Fact]
    public async Task Automatic_waitlist_two_seats_freeing_at_once_go_to_two_different_applications()
    {
        await using var app = await StartAsync(capacity: 2, WaitlistMode.Automatic);
        string[] offered = [await ReviewedAsync(app, "two-a@example.com"), await ReviewedAsync(app, "two-b@example.com")];
        string[] waitlisted = [await ReviewedAsync(app, "two-c@example.com", score: 5), await ReviewedAsync(app, "two-d@example.com", score: 4), await ReviewedAsync(app, "two-e@example.com", score: 3)];
        foreach (var id in offered)
        {
            await DecideAsync(app, id, "offer");
        }
        foreach (var id in waitlisted)
        {
            await DecideAsync(app, id, "waitlist");
        }
        await app.SettleAsync();

        // A decline and a withdrawal cross: two seats free at the same time.
        var declined = await app.StateAsync(offered[0]);
        var commands = app.Get<ApplicationCommands>();
        await Task.WhenAll(
            commands.ExecuteAsync(offered[0], new RespondToOffer("decline", "applicant", declined.Offer!.OfferId, Accept: false)),
            commands.ExecuteAsync(offered[1], new Withdraw("withdraw", "applicant")));

        await Eventually.AssertAsync(async () => (await app.StateAsync(waitlisted[1])).Stage == Stage.Offered, TimeSpan.FromSeconds(45), "the second best waitlisted application is offered a seat");
        await app.SettleAsync();
        Assert.Equal(Stage.Offered, (await app.StateAsync(waitlisted[0])).Stage);
        Assert.Equal(Stage.Waitlisted, (await app.StateAsync(waitlisted[2])).Stage);
        var dashboard = await DashboardAsync(app);
        Assert.Equal(2, dashboard.GetProperty("seatsHeld").GetInt32());
        Assert.Equal(2, dashboard.GetProperty("countsByStage").GetProperty("Offered").GetInt32());
        foreach (var id in waitlisted[..2])
        {
            Assert.Single(await HistoryAsync(app, id), e => e.GetProperty("type").GetString() == "OfferMade");
            Assert.Single(await WebKit.MailAsync(app, (await app.StateAsync(id)).Applicant.Email, id), m => m.Kind == "OfferMade");
        }
    }

    [Fact]
    public async Task Suggest_waitlist_a_declined_offer_emails_staff_who_is_next_and_offers_nobody()
    {
        await using var app = await StartAsync(capacity: 1, WaitlistMode.Suggest);
        var offered = await ReviewedAsync(app, "sug-a@example.com");
        var fair = await ReviewedAsync(app, "sug-b@example.com", score: 3);
        var best = await ReviewedAsync(app, "sug-c@example.com", score: 5);
        await DecideAsync(app, offered, "offer");
        await DecideAsync(app, fair, "waitlist");
        await DecideAsync(app, best, "waitlist");
        await app.SettleAsync();
        Assert.Equal("suggest", (await DashboardAsync(app)).GetProperty("waitlistMode").GetString());

        await DeclineAsync(app, offered);

        var staff = WebKit.Program(app).StaffEmail;
        await Eventually.AssertAsync(async () => (await WebKit.MailAsync(app, staff, best)).Any(m => m.Kind == "StaffWaitlistNext"), TimeSpan.FromSeconds(30), "staff are told who is next");
        var next = Assert.Single(await WebKit.MailAsync(app, staff, best), m => m.Kind == "StaffWaitlistNext");
        Assert.Contains(best, next.Text);
        Assert.DoesNotContain(await WebKit.MailAsync(app, staff, fair), m => m.Kind == "StaffWaitlistNext");
        Assert.Equal(Stage.Waitlisted, (await app.StateAsync(best)).Stage);
        Assert.Equal(Stage.Waitlisted, (await app.StateAsync(fair)).Stage);
        Assert.Equal(0, (await DashboardAsync(app)).GetProperty("seatsHeld").GetInt32());
        var suggested = Assert.Single(await HistoryAsync(app, best), e => e.GetProperty("type").GetString() == "WaitlistNextSuggested");
        Assert.Equal(offered, suggested.GetProperty("data").GetProperty("freedBy").GetString());
        Assert.DoesNotContain(ApplicationViews.PublicTimeline(await app.Get<ApplicationQueries>().GetHistoryAsync(best)), e => e.Type != "waitlisted" && e.Description.Contains("waitlist", StringComparison.OrdinalIgnoreCase));
    }

    private Task<TestApp> StartAsync(int capacity, WaitlistMode mode)
    {
        var programs = ProgramCatalog.LoadDefault();
        var small = ProgramCatalog.From([.. programs.All.Select(p => p.Id == "hina-directors" ? p with { CohortCapacity = capacity, Waitlist = new WaitlistSettings(mode) } : p)]);
        return TestApp.StartAsync(azurite, services: s => s.AddSingleton(small));
    }

    private static async Task DecideAsync(TestApp app, string id, string decision, bool allowOverCapacity = false)
    {
        var answer = await app.Staff.PostAsJsonAsync($"/api/staff/applications/{id}/decision", new { decision, note = "", allowOverCapacity });
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    private static async Task DeclineAsync(TestApp app, string id)
    {
        var state = await app.StateAsync(id);
        Assert.IsType<CommandApplied>(await app.Get<ApplicationCommands>().ExecuteAsync(id, new RespondToOffer("decline", "applicant", state.Offer!.OfferId, Accept: false)));
    }

    private static async Task<List<JsonElement>> HistoryAsync(TestApp app, string id) =>
        [.. (await app.Staff.GetFromJsonAsync<JsonElement>($"/api/staff/applications/{id}")).GetProperty("history").EnumerateArray()];

    private static async Task<JsonElement> DashboardAsync(TestApp app) =>
        await app.Staff.GetFromJsonAsync<JsonElement>("/api/staff/dashboard?programId=hina-directors");

    [Fact]
    public async Task Errors_raised_by_the_framework_carry_a_stable_problem_type()
    {
        await using var app = await TestApp.StartAsync(azurite);

        var wrongMethod = await app.Client.DeleteAsync("/api/programs");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Assert.Equal("/problems/method-not-allowed", (await wrongMethod.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());

        var wrongType = await app.Client.PostAsync("/api/applications", new StringContent("<xml/>", System.Text.Encoding.UTF8, "application/xml"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        Assert.Equal("/problems/unsupported-media-type", (await wrongType.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Staff_can_fill_review_slots_again_once_mentors_are_free_and_clear_the_flag()
    {
        // Three mentors who can each hold one open review: the second application finds one of them free.
        var programs = ProgramCatalog.LoadDefault();
        var hina = programs.Get("hina-directors")!;
        var tight = hina with { Mentors = [.. hina.Mentors.Where(m => !m.Affiliations.Contains("USC", StringComparer.OrdinalIgnoreCase)).Take(3).Select(m => m with { MaxOpenReviews = 1 })] };
        await using var app = await TestApp.StartAsync(azurite, services: s => s.AddSingleton(ProgramCatalog.From([tight, .. programs.All.Where(p => p.Id != tight.Id)])));

        var first = await SubmittedAsync(app, "slots-1@example.com");
        var second = await SubmittedAsync(app, "slots-2@example.com");
        var stuck = await app.StateAsync(second);
        Assert.Contains("no-mentor-left", stuck.NeedsAttention);
        Assert.Single(stuck.Assignments, a => a.Status == AssignmentStatus.Open);

        // Nobody is free yet: asking again changes nothing.
        var busy = await app.Staff.PostAsync($"/api/staff/applications/{second}/assign-mentors", null);
        Assert.Equal(HttpStatusCode.OK, busy.StatusCode);
        Assert.Single((await app.StateAsync(second)).Assignments, a => a.Status == AssignmentStatus.Open);

        // The first application's mentors finish; staff fill the slots of the second.
        var program = app.Get<ProgramCatalog>().Get("hina-directors")!;
        foreach (var a in (await app.StateAsync(first)).Assignments.Where(a => a.Status == AssignmentStatus.Open))
        {
            var review = new SubmitReview("review-" + a.AssignmentId, "mentor", a.AssignmentId, program.Rubric.ToDictionary(c => c.Id, _ => 4), Recommendation.Advance, "Good.");
            Assert.IsType<CommandApplied>(await app.Get<ApplicationCommands>().ExecuteAsync(first, review));
        }
        await app.SettleAsync(); // the mentors' open reviews (a read model) follow the reviews
        var assigned = await app.Staff.PostAsync($"/api/staff/applications/{second}/assign-mentors", null);
        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        var state = await app.StateAsync(second);
        Assert.Equal(2, state.Assignments.Count(a => a.Status == AssignmentStatus.Open));

        var resolved = await app.Staff.PostAsJsonAsync($"/api/staff/applications/{second}/resolve-attention", new { reason = "no-mentor-left" });
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.DoesNotContain("no-mentor-left", (await app.StateAsync(second)).NeedsAttention);
    }

    private static async Task<string> SubmittedAsync(TestApp app, string email)
    {
        var (id, token) = await app.CreateAsync(email);
        (await app.UploadMaterialAsync(id, token, "reel", "reel.mp4", "video/mp4", TestApp.Mp4)).EnsureSuccessStatusCode();
        (await app.Client.SendAsync(TestApp.As(token, HttpMethod.Post, $"/api/applications/{id}/submit"))).EnsureSuccessStatusCode();
        await app.SettleAsync();
        return id;
    }

    private static async Task<string> ReviewedAsync(TestApp app, string email, int score = 4)
    {
        var (id, token) = await app.CreateAsync(email);
        (await app.UploadMaterialAsync(id, token, "reel", "reel.mp4", "video/mp4", TestApp.Mp4)).EnsureSuccessStatusCode();
        (await app.Client.SendAsync(TestApp.As(token, HttpMethod.Post, $"/api/applications/{id}/submit"))).EnsureSuccessStatusCode();
        await app.SettleAsync();
        var state = await app.StateAsync(id);
        var program = app.Get<ProgramCatalog>().Get(state.ProgramId)!;
        foreach (var a in state.Assignments.Where(a => a.Status == AssignmentStatus.Open))
        {
            var review = new SubmitReview("review-" + a.AssignmentId, "mentor", a.AssignmentId, program.Rubric.ToDictionary(c => c.Id, _ => score), Recommendation.Advance, "Good.");
            Assert.IsType<CommandApplied>(await app.Get<ApplicationCommands>().ExecuteAsync(id, review));
        }
        Assert.Equal(Stage.Reviewed, (await app.StateAsync(id)).Stage);
        return id;
    }
}
