using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Web.Tests.Infrastructure;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Web.Tests;

[Collection(AzuriteFixture.Collection)]
public sealed class ApiLifecycleTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task An_application_goes_from_draft_to_accepted_through_http_only()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (id, token) = await app.CreateAsync("lifecycle@example.com");

        var reel = await app.UploadMaterialAsync(id, token, "reel", "reel.mp4", "video/mp4", TestApp.Mp4);
        Assert.Equal(HttpStatusCode.OK, reel.StatusCode);
        var script = await app.UploadMaterialAsync(id, token, "script", "script.pdf", "application/pdf", TestApp.Pdf);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);

        var submit = await app.Client.SendAsync(TestApp.As(token, HttpMethod.Post, $"/api/applications/{id}/submit"));
        Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        await app.SettleAsync();

        var state = await app.StateAsync(id);
        Assert.True(state.Stage == Stage.InReview, $"{state.Stage} {string.Join(",", state.ScreeningResult?.Reasons.Select(r => r.Detail) ?? [])}");
        var program = app.Get<TalentFunctions.Domain.Programs.ProgramCatalog>().Get("hina-directors")!;
        foreach (var a in state.Assignments.Where(a => a.Status == AssignmentStatus.Open))
        {
            var review = new SubmitReview("review-" + a.AssignmentId, "mentor", a.AssignmentId, program.Rubric.ToDictionary(c => c.Id, _ => 5), Recommendation.Advance, "Wonderful.");
            Assert.IsType<TalentFunctions.Workflow.Commands.CommandApplied>(await app.Get<TalentFunctions.Workflow.Commands.ApplicationCommands>().ExecuteAsync(id, review));
        }

        var decision = await app.Staff.PostAsJsonAsync($"/api/staff/applications/{id}/decision", new { decision = "offer", note = "欢迎加入！" });
        Assert.Equal(HttpStatusCode.OK, decision.StatusCode);
        var offer = (await app.StateAsync(id)).Offer!;
        var accept = await app.Get<TalentFunctions.Workflow.Commands.ApplicationCommands>().ExecuteAsync(id, new RespondToOffer("respond", "applicant", offer.OfferId, true));
        Assert.IsType<TalentFunctions.Workflow.Commands.CommandApplied>(accept);

        var view = await app.Client.SendAsync(TestApp.As(token, HttpMethod.Get, $"/api/applications/{id}"));
        var body = await view.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Accepted", body.GetProperty("stage").GetString());
        Assert.Contains(body.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("type").GetString() == "offer-accepted");

        await app.SettleAsync();
        var listed = await app.Staff.GetFromJsonAsync<JsonElement>("/api/staff/applications?programId=hina-directors&stage=Accepted");
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), s => s.GetProperty("applicationId").GetString() == id);
        var csv = await app.Staff.GetByteArrayAsync("/api/staff/applications.csv?programId=hina-directors");
        Assert.Equal([0xEF, 0xBB, 0xBF], csv[..3]);
        Assert.Contains("林小雨", System.Text.Encoding.UTF8.GetString(csv));
    }

    [Fact]
    public async Task The_resume_link_in_the_draft_email_lets_an_applicant_who_lost_the_token_finish()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (id, _) = await app.CreateAsync("lost-token@example.com");
        var started = Assert.Single(await app.MailboxAsync("lost-token@example.com"));
        var resume = new Uri(started.Links.First(l => l.Contains($"/applications/{id}?token=", StringComparison.Ordinal)));
        var resumeToken = System.Web.HttpUtility.ParseQueryString(resume.Query)["token"]!;

        Assert.Equal(HttpStatusCode.OK, (await app.UploadMaterialAsync(id, resumeToken, "reel", "reel.mp4", "video/mp4", TestApp.Mp4)).StatusCode);
        var submit = await app.Client.SendAsync(TestApp.As(resumeToken, HttpMethod.Post, $"/api/applications/{id}/submit"));
        Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);

        // The link is bound to its application: it opens no other.
        var (other, _) = await app.CreateAsync("someone-else@example.com");
        var probe = await app.Client.SendAsync(TestApp.As(resumeToken, HttpMethod.Get, $"/api/applications/{other}"));
        Assert.Equal(HttpStatusCode.NotFound, probe.StatusCode);
    }
}
