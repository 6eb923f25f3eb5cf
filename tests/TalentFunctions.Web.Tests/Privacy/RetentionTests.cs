using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Notifications;
using TalentFunctions.Notifications.Mailbox;
using TalentFunctions.TestSupport;
using TalentFunctions.Web.Tests.Console;
using TalentFunctions.Web.Tests.Infrastructure;
using TalentFunctions.Web.Tests.Web;
using TalentFunctions.Workflow.Privacy;

namespace TalentFunctions.Web.Tests.Privacy;

/// <summary>
/// The retention sweep (issue 13, ADR 0017) on the real app, engine and Azurite: a cycle's deadline passes with one
/// application accepted, one rejected and one withdrawn; staff are told, the two not accepted are reduced to statistics
/// and the storage account is searched for their applicants; the accepted one is untouched.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class RetentionTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task After_the_cycle_closes_the_applications_not_accepted_are_reduced_to_statistics_and_staff_are_told()
    {
        var staffEmail = WebKit.UniqueEmail("retention-staff");
        var deadline = TestApp.Start.AddSeconds(20);
        var team = StaffTeam.Unique();
        await using var app = await TestApp.StartAsync(azurite, team.Settings(), services: s => s.AddSingleton(TestApp.Programs(WebKit.ProgramId, p => p with
        {
            Deadline = deadline,
            StaffEmail = staffEmail,
            Timings = p.Timings with { RetentionDelay = TimeSpan.FromSeconds(8), RetentionNotice = TimeSpan.FromSeconds(4) },
        })));
        var program = WebKit.Program(app);

        var (accepted, acceptedToken, acceptedEmail) = await WebKit.OfferedAsync(app, "en");
        Assert.Equal(HttpStatusCode.OK, (await app.Client.PostAsJsonAsync("/api/offers/" + await WebKit.OfferTokenAsync(app, accepted), new { response = "accept" })).StatusCode);
        var (rejected, rejectedToken, rejectedEmail) = await WebKit.InReviewAsync(app, "zh");
        await WebKit.ReviewAllAsync(app, rejected, score: 2, recommendation: "decline", comment: "Not this year.");
        Assert.Equal(HttpStatusCode.OK, (await app.Staff.PostAsJsonAsync($"/api/staff/applications/{rejected}/decision", new { decision = "reject" })).StatusCode);
        var (withdrawn, withdrawnToken, withdrawnEmail) = await WebKit.DraftAsync(app, "zh");
        Assert.Equal(HttpStatusCode.Accepted, (await app.Client.SendAsync(TestApp.As(withdrawnToken, HttpMethod.Post, $"/api/applications/{withdrawn}/withdraw"))).StatusCode);
        await app.SettleAsync();
        Assert.Equal(Stage.Accepted, (await app.StateAsync(accepted)).Stage);
        Assert.Equal(Stage.Rejected, (await app.StateAsync(rejected)).Stage);
        Assert.Equal(Stage.Withdrawn, (await app.StateAsync(withdrawn)).Stage);
        Assert.NotEmpty(await StorageScan.ScanAsync(azurite.ConnectionString, [rejectedEmail, withdrawnEmail]));

        // Nothing happens before the deadline: the cycle is open. Then the deadline passes.
        Assert.Empty(await MailOfKindAsync(app, staffEmail, EmailKinds.StaffRetentionUpcoming));
        app.Clock.Advance(deadline - app.Clock.GetUtcNow() + TimeSpan.FromSeconds(1));

        var notice = await Eventually.ReferenceAsync(
            async () => (await MailOfKindAsync(app, staffEmail, EmailKinds.StaffRetentionUpcoming)).SingleOrDefault(), Wait, "the retention notice to staff");
        Assert.Contains("2", notice.Text, StringComparison.Ordinal);
        Assert.Contains(program.Cycle, notice.Text, StringComparison.Ordinal);
        var done = await Eventually.ReferenceAsync(
            async () => (await MailOfKindAsync(app, staffEmail, EmailKinds.StaffRetentionDone)).SingleOrDefault(), Wait, "the retention summary to staff");
        Assert.Contains(program.Cycle, done.Text, StringComparison.Ordinal);

        // The two not accepted: gone from every table, blob, queue and the task hub; their credentials no longer work;
        // their listing rows stay for the statistics, anonymised; the audit row names the sweep.
        var left = await StorageScan.ScanAsync(azurite.ConnectionString, [rejectedEmail, withdrawnEmail]);
        Assert.True(left.Count == 0, "Still found after the sweep:\n" + string.Join("\n", left));
        foreach (var (id, token) in new[] { (rejected, rejectedToken), (withdrawn, withdrawnToken) })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await app.Client.SendAsync(TestApp.As(token, HttpMethod.Get, $"/api/applications/{id}"))).StatusCode);
            var audit = await app.Get<ErasureRecords>().GetAsync(id);
            Assert.Equal(RetentionSweeps.Actor, audit?.RequestedBy);
            Assert.Null(audit!.ConfirmationSentAt);
            Assert.NotNull(audit.ErasedAt);
            Assert.Empty(await MaterialBlobsAsync(app, id));
        }
        var listed = await app.Staff.GetFromJsonAsync<JsonElement>($"/api/staff/applications?programId={WebKit.ProgramId}&stage=Rejected&pageSize=200");
        var row = Assert.Single(listed.GetProperty("items").EnumerateArray(), i => i.GetProperty("applicationId").GetString() == rejected);
        Assert.Equal("", row.GetProperty("applicantName").GetString());
        Assert.True(row.TryGetProperty("erasedAt", out _));

        // The accepted one is kept whole: record, materials, credential.
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(TestApp.As(acceptedToken, HttpMethod.Get, $"/api/applications/{accepted}"))).StatusCode);
        Assert.NotEmpty(await MaterialBlobsAsync(app, accepted));
        Assert.Null(await app.Get<ErasureRecords>().GetAsync(accepted));
        Assert.Contains(await StorageScan.ScanAsync(azurite.ConnectionString, [acceptedEmail]), f => f.Kind == "table");

        // The sweep finished, once; its status says so.
        var instance = await app.Get<DurableTaskClient>().GetInstanceAsync(RetentionProcess.InstanceId(WebKit.ProgramId, program.Cycle), getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance?.RuntimeStatus);
        var status = await app.Get<RetentionSweeps>().GetStatusAsync(WebKit.ProgramId, program.Cycle);
        Assert.NotNull(status?.SweptAt);
        Assert.NotNull(status!.NoticeSentAt);
        Assert.Equal((0, 0, 1, 2), (status.Open, status.ToReduce, status.Accepted, status.Reduced));
        Assert.Single(await MailOfKindAsync(app, staffEmail, EmailKinds.StaffRetentionUpcoming));
        Assert.Single(await MailOfKindAsync(app, staffEmail, EmailKinds.StaffRetentionDone));
        var console = await StaffTeam.SignedInAsync(app, team.Reader);
        var dashboard = await console.GetStringAsync($"/console?programId={WebKit.ProgramId}&lang=en");
        Assert.Contains("reduced to anonymised statistics and their materials deleted: 2.", dashboard, StringComparison.Ordinal);
        Assert.Contains("Accepted applications, kept: 1.", dashboard, StringComparison.Ordinal);
    }

    private static async Task<IReadOnlyList<MailboxMessage>> MailOfKindAsync(TestApp app, string to, string kind)
    {
        var reader = new MailboxReader(app.Get<BlobServiceClient>().GetBlobContainerClient(BlobMailbox.ContainerName));
        return [.. (await reader.ListAsync(to, max: 500)).Where(m => m.Kind == kind)];
    }

    private static async Task<IReadOnlyList<string>> MaterialBlobsAsync(TestApp app, string applicationId)
    {
        var names = new List<string>();
        await foreach (var blob in app.Get<BlobServiceClient>().GetBlobContainerClient("materials").GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, applicationId + "/", CancellationToken.None))
        {
            names.Add(blob.Name);
        }
        return names;
    }
}
