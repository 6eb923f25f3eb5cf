using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Web.Tests.Infrastructure;
using TalentFunctions.Workflow;
using TalentFunctions.Workflow.Commands;
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

    private static async Task<string> ReviewedAsync(TestApp app, string email)
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
        return id;
    }
}
