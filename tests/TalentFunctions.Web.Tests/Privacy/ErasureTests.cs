using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Xunit.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Notifications;
using TalentFunctions.TestSupport;
using TalentFunctions.Web.Tests.Infrastructure;
using TalentFunctions.Web.Tests.Web;
using TalentFunctions.Workflow;
using TalentFunctions.Workflow.Privacy;

namespace TalentFunctions.Web.Tests.Privacy;

/// <summary>
/// Export and erasure (issue 13, ADR 0014) on the real app and Azurite: an application that went the whole way (materials,
/// mentor reviews, an offer) is exported, erased, and the whole storage account is searched for what identified it.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class ErasureTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    /// <summary>Values no other test writes: a made-up name, title words in both scripts, a unique address.</summary>
    private sealed record Identity(string Email, string LatinName, string ChineseName, string LatinTitleWord, string ChineseTitleWord)
    {
        public static Identity New()
        {
            var tag = Guid.NewGuid().ToString("N")[..8];
            static string Cjk(int n) => string.Concat(Enumerable.Range(0, n).Select(_ => (char)Random.Shared.Next(0x4E00, 0x9FA5)));
            return new(WebKit.UniqueEmail("erase"), "Qorvath" + tag, "黎" + Cjk(3), "Zephyrquill" + tag, "雾" + Cjk(3));
        }

        public IReadOnlyList<string> Needles => [Email, LatinName, ChineseName, LatinTitleWord, ChineseTitleWord];
    }

    [Fact]
    public async Task Erasing_a_reviewed_and_offered_application_leaves_nothing_that_identifies_the_applicant()
    {
        var sent = new RecordingEmails();
        await using var app = await TestApp.StartAsync(azurite, services: s => sent.Decorate(s));
        var who = Identity.New();
        var (id, token) = await OfferedAsync(app, who);

        // Before: where storage holds the applicant, and the export, which must represent every one of those places.
        var before = await StorageScan.ScanAsync(azurite.ConnectionString, who.Needles);
        foreach (var place in before.GroupBy(f => $"{f.Kind}:{StoreKind(f.Store)}").OrderBy(g => g.Key))
        {
            output.WriteLine($"before erasure: {place.Key}: {place.Select(f => f.Item).Distinct().Count()} items, {string.Join(", ", place.Select(f => f.Needle == who.Email ? "email" : f.Needle.Contains(who.LatinName) || f.Needle == who.ChineseName ? "name" : "title").Distinct())}");
        }
        Assert.Contains(before, f => f.Kind == "table" && f.Needle == who.Email);
        Assert.Contains(before, f => f.Kind == "blob" && f.Store == "mailbox");
        var exportResponse = await app.Client.SendAsync(TestApp.As(token, HttpMethod.Get, $"/api/applications/{id}/export"));
        Assert.Equal(HttpStatusCode.OK, exportResponse.StatusCode);
        var export = await exportResponse.Content.ReadFromJsonAsync<JsonElement>();
        AssertExportRepresents(export, before, who);
        var staffExport = await app.Staff.GetFromJsonAsync<JsonElement>($"/api/staff/applications/{id}/export");
        Assert.Equal(who.Email, staffExport.GetProperty("profile").GetProperty("email").GetString());

        // Erase: 202 at once, the eraser runs in the background.
        var erase = await app.Client.SendAsync(TestApp.As(token, HttpMethod.Post, $"/api/applications/{id}/erasure"));
        Assert.Equal(HttpStatusCode.Accepted, erase.StatusCode);
        var accepted = await erase.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, accepted.GetProperty("applicationId").GetString());
        JsonElement gone = default;
        await Eventually.AssertAsync(async () =>
        {
            var detail = await app.Staff.GetAsync($"/api/staff/applications/{id}");
            if (detail.StatusCode != HttpStatusCode.Gone)
            {
                return false;
            }
            gone = await detail.Content.ReadFromJsonAsync<JsonElement>();
            return gone.TryGetProperty("erasedAt", out var at) && at.ValueKind == JsonValueKind.String;
        }, TimeSpan.FromSeconds(120), "the eraser to finish");
        Assert.Equal("application-erased", gone.GetProperty("code").GetString());
        Assert.DoesNotContain(who.Email, gone.ToString(), StringComparison.OrdinalIgnoreCase);

        // After: nothing anywhere in the account, and no idempotency claim of the application (it holds a hash of the body).
        var after = await StorageScan.ScanAsync(azurite.ConnectionString, who.Needles);
        Assert.True(after.Count == 0, "Still found after erasure:\n" + string.Join("\n", after));
        await foreach (var claim in app.Get<OrchestrationStorage>().Idempotency.QueryAsync<TableEntity>())
        {
            Assert.False(claim.PartitionKey == id || claim.GetString("ApplicationId") == id, $"idempotency row {claim.PartitionKey}/{claim.RowKey} names the erased application");
        }

        // The credential no longer works; the audit row stays; the applicant was told first; staff see no one.
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.SendAsync(TestApp.As(token, HttpMethod.Get, $"/api/applications/{id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.SendAsync(TestApp.As(token, HttpMethod.Get, $"/api/applications/{id}/export"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.SendAsync(TestApp.As(token, HttpMethod.Post, $"/api/applications/{id}/erasure"))).StatusCode);
        var audit = await app.Get<ErasureRecords>().GetAsync(id);
        Assert.NotNull(audit);
        Assert.Equal("applicant", audit.RequestedBy);
        Assert.NotNull(audit.ConfirmationSentAt);
        Assert.NotNull(audit.ErasedAt);
        var confirmation = Assert.Single(sent.Messages, m => m.Kind == EmailKinds.ErasureConfirmed);
        Assert.Equal(who.Email, confirmation.To);
        Assert.Equal(id, confirmation.ApplicationId);
        Assert.Null(await app.Get<DurableTaskClient>().GetInstanceAsync(id));
        var listed = await app.Staff.GetFromJsonAsync<JsonElement>($"/api/staff/applications?programId={WebKit.ProgramId}&stage=Withdrawn&pageSize=200");
        var row = Assert.Single(listed.GetProperty("items").EnumerateArray(), i => i.GetProperty("applicationId").GetString() == id);
        Assert.Equal("", row.GetProperty("applicantName").GetString());
        Assert.Equal("", row.GetProperty("projectTitle").GetString());
        Assert.True(row.TryGetProperty("erasedAt", out _));

        // A second erasure (staff this time) is 202 and changes nothing.
        var again = await app.Staff.PostAsync($"/api/staff/applications/{id}/erasure", null);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(audit.ErasedAt, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("erasedAt").GetDateTimeOffset());
        Assert.Equal(audit, await app.Get<ErasureRecords>().GetAsync(id));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await app.Get<DurableTaskClient>().GetInstanceAsync(ErasureProcess.InstanceId(id)))!.RuntimeStatus);
        Assert.Single(sent.Messages, m => m.Kind == EmailKinds.ErasureConfirmed);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Staff.PostAsync("/api/staff/applications/app-0123456789abcdef0123/erasure", null)).StatusCode);

        // Every step again, as after a crash: nothing left to do, nothing fails, the audit row is as it was.
        Assert.False(await app.Get<ErasureSteps>().WithdrawAsync(new ErasureInput(id, "applicant")));
        Assert.Equal(0, await app.Get<ErasureSteps>().ForgetLifecycleAsync(id));
        foreach (var part in Enum.GetValues<ErasurePart>())
        {
            Assert.Equal(0, await app.Get<ApplicationEraser>().EraseAsync(id, part));
        }
        Assert.Equal(audit, await app.Get<ErasureRecords>().GetAsync(id));
    }

    [Fact]
    public async Task The_export_leaves_reviews_out_unless_the_program_exports_them()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (id, token) = await OfferedAsync(app, Identity.New());
        var export = await app.Client.SendAsync(TestApp.As(token, HttpMethod.Get, $"/api/applications/{id}/export"));
        var json = await export.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(json.TryGetProperty("reviews", out _));
        Assert.DoesNotContain("strong voice", json.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains(json.GetProperty("emailsSent").EnumerateArray(), e => e.GetProperty("kind").GetString() == "OfferMade");
        Assert.All(json.GetProperty("materials").EnumerateArray(), m => Assert.StartsWith("http", m.GetProperty("downloadUrl").GetString()));

        await using var open = await TestApp.StartAsync(azurite, services: s =>
            s.AddSingleton(WebKit.NotBlind(p => p with { Privacy = new Domain.Programs.PrivacySettings(ExportReviews: true) })));
        var (openId, openToken) = await OfferedAsync(open, Identity.New());
        var withReviews = await (await open.Client.SendAsync(TestApp.As(openToken, HttpMethod.Get, $"/api/applications/{openId}/export"))).Content.ReadFromJsonAsync<JsonElement>();
        var reviews = withReviews.GetProperty("reviews").EnumerateArray().ToList();
        Assert.Equal(2, reviews.Count);
        Assert.All(reviews, r => Assert.Contains("strong voice", r.GetProperty("comment").GetString()));
        Assert.DoesNotContain("mentorId", withReviews.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("calibrated", withReviews.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A store's name without this test's unique prefix or task hub name.</summary>
    private static string StoreKind(string store) =>
        System.Text.RegularExpressions.Regex.Replace(store, "^(f[0-9a-f]{13}|t[0-9a-f]{20})", "{test}", System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    /// <summary>
    /// Every place the scan found the applicant is one the export covers: the record and the engine's copies of it (profile,
    /// project), the listing (profile, project), the mailbox (emails sent). A place with no rule here fails: decide first
    /// what of it the export shows.
    /// </summary>
    private static void AssertExportRepresents(JsonElement export, IReadOnlyList<Finding> found, Identity who)
    {
        var personal = export.GetProperty("profile").ToString() + export.GetProperty("project").ToString();
        foreach (var place in found)
        {
            var section = place switch
            {
                { Kind: "table" } when place.Store.EndsWith("Applications", StringComparison.Ordinal) => personal,
                { Kind: "table" } when place.Store.EndsWith("ApplicationIndex", StringComparison.Ordinal) => personal,
                { Kind: "table" } when place.Store.EndsWith("Translations", StringComparison.Ordinal) => export.GetProperty("translations").ToString() + personal,
                { Kind: "table" } when place.Store.EndsWith("History", StringComparison.Ordinal) || place.Store.EndsWith("Instances", StringComparison.Ordinal) => personal,
                { Kind: "blob", Store: "mailbox" } => export.GetProperty("emailsSent").GetArrayLength() > 0 ? personal : "",
                { Kind: "blob" } when place.Store.EndsWith("-largemessages", StringComparison.Ordinal) => personal,
                { Kind: "queue" } => personal,
                _ => null,
            };
            Assert.True(section is not null, $"The export has no section for {place}.");
            Assert.True(section!.Contains(place.Needle, StringComparison.Ordinal) || JsonSerializer.Serialize(place.Needle).Trim('"') is var escaped && section.Contains(escaped, StringComparison.Ordinal),
                $"The export does not show what {place}.");
        }
        Assert.Equal(who.Email, export.GetProperty("profile").GetProperty("email").GetString());
    }

    /// <summary>A draft with these personal values, a reel and a script, submitted, reviewed by both mentors and offered a place.</summary>
    private static async Task<(string Id, string Token)> OfferedAsync(TestApp app, Identity who)
    {
        var body = TestApp.CreateBody(who.Email);
        body["applicant"]!["name"] = $"{who.ChineseName} {who.LatinName}";
        body["project"]!["title"] = $"{who.ChineseTitleWord} The {who.LatinTitleWord} Season";
        body["project"]!["logline"] = $"A girl returns to {who.LatinTitleWord} in the rainy season.";
        // With an Idempotency-Key, as API clients send it on a retried create: its claim must go with the rest.
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/applications") { Content = JsonContent.Create(body) };
        create.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var created = await app.Client.SendAsync(create);
        var json = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(created.StatusCode == HttpStatusCode.Created, json.ToString());
        var id = json.GetProperty("id").GetString()!;
        var token = json.GetProperty("accessToken").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await app.UploadMaterialAsync(id, token, "reel", "reel.mp4", "video/mp4", TestApp.Mp4)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.UploadMaterialAsync(id, token, "script", "script.pdf", "application/pdf", TestApp.Pdf)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await app.Client.SendAsync(TestApp.As(token, HttpMethod.Post, $"/api/applications/{id}/submit"))).StatusCode);
        await app.SettleAsync();
        await WebKit.ReviewAllAsync(app, id);
        var decision = await app.Staff.PostAsJsonAsync($"/api/staff/applications/{id}/decision", new { decision = "offer", note = "欢迎加入！" });
        Assert.Equal(HttpStatusCode.OK, decision.StatusCode);
        await app.SettleAsync();
        Assert.Equal(Stage.Offered, (await app.StateAsync(id)).Stage);
        return (id, token);
    }

    /// <summary>Keeps what the app sends (kind, recipient, application) and passes it on to the real sender.</summary>
    private sealed class RecordingEmails
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<EmailMessage> messages = new();

        public IReadOnlyList<EmailMessage> Messages => [.. messages];

        public void Decorate(IServiceCollection services)
        {
            var original = services.Last(d => d.ServiceType == typeof(IEmailSender));
            services.AddSingleton<IEmailSender>(sp => new Sender((IEmailSender)original.ImplementationFactory!(sp), messages));
        }

        private sealed class Sender(IEmailSender inner, System.Collections.Concurrent.ConcurrentQueue<EmailMessage> messages) : IEmailSender
        {
            public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
            {
                await inner.SendAsync(message, cancellationToken);
                messages.Enqueue(message);
            }
        }
    }
}
