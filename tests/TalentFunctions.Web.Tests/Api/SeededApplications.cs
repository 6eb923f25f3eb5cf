using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TalentFunctions.Web.Tests.Infrastructure;
using TalentFunctions.Workflow;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Web.Tests.Api;

/// <summary>An application seeded through the API: its id and access token.</summary>
public sealed record SeededApplication(string Id, string Token);

/// <summary>Everything that must not change when the API refuses a request.</summary>
public sealed record StateSnapshot(IReadOnlyDictionary<string, (long Version, int Events)> Applications, int ApplicationRows, int IdempotencyRows);

/// <summary>
/// One app per test class (a class fixture, started on first use with the shared Azurite), seeded through
/// the API with: <see cref="Target"/> (a draft with a verified reel and script), <see cref="Other"/> (another
/// applicant's draft without materials) and <see cref="Withdrawn"/> (a withdrawn draft).
/// </summary>
public sealed class SeededApplications : IAsyncLifetime
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private TestApp? app;

    public TestApp App => app ?? throw new InvalidOperationException("Call StartAsync first.");

    public SeededApplication Target { get; private set; } = new("", "");

    public SeededApplication Other { get; private set; } = new("", "");

    public SeededApplication Withdrawn { get; private set; } = new("", "");

    public async Task<SeededApplications> StartAsync(AzuriteFixture azurite)
    {
        await gate.WaitAsync();
        try
        {
            if (app is null)
            {
                var started = await TestApp.StartAsync(azurite);
                try
                {
                    await SeedAsync(started);
                }
                catch
                {
                    await started.DisposeAsync();
                    throw;
                }
                app = started;
            }
            return this;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task SeedAsync(TestApp started)
    {
        var (targetId, targetToken) = await started.CreateAsync("xiaoyu.target@example.com");
        Assert.Equal(HttpStatusCode.OK, (await started.UploadMaterialAsync(targetId, targetToken, "reel", "雨季-reel.mp4", "video/mp4", TestApp.Mp4)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await started.UploadMaterialAsync(targetId, targetToken, "script", "script.pdf", "application/pdf", TestApp.Pdf)).StatusCode);
        Target = new SeededApplication(targetId, targetToken);

        var (otherId, otherToken) = await started.CreateAsync("other.applicant@example.com");
        Other = new SeededApplication(otherId, otherToken);

        var (withdrawnId, withdrawnToken) = await started.CreateAsync("withdrawn.applicant@example.com");
        var withdraw = await started.Client.SendAsync(TestApp.As(withdrawnToken, HttpMethod.Post, $"/api/applications/{withdrawnId}/withdraw"));
        Assert.Equal(HttpStatusCode.Accepted, withdraw.StatusCode);
        Withdrawn = new SeededApplication(withdrawnId, withdrawnToken);
    }

    /// <summary>The seeded applications' versions and event counts, and the rows of the applications and idempotency tables.</summary>
    public async Task<StateSnapshot> SnapshotAsync()
    {
        // Rows of pending effects come and go while the orchestrations work: compare settled states.
        await App.SettleAsync();
        var applications = new Dictionary<string, (long, int)>(StringComparer.Ordinal);
        foreach (var seeded in new[] { Target, Other, Withdrawn })
        {
            applications[seeded.Id] = await App.VersionAndEventCountAsync(seeded.Id);
        }
        var storage = App.Get<OrchestrationStorage>();
        return new StateSnapshot(applications, await CountAsync(storage.Applications), await CountAsync(storage.Idempotency));
    }

    private static async Task<int> CountAsync(Azure.Data.Tables.TableClient table)
    {
        var count = 0;
        await foreach (var _ in table.QueryAsync<Azure.Data.Tables.TableEntity>(select: ["PartitionKey"]))
        {
            count++;
        }
        return count;
    }

    /// <summary>Announces a material on <see cref="Target"/> and uploads <paramref name="bytes"/> (if any) through its SAS URL.</summary>
    public async Task<string> AnnounceAndUploadAsync(string kind, string fileName, string contentType, long declaredLength, byte[]? bytes)
    {
        var announce = await App.Client.SendAsync(TestApp.As(Target.Token, HttpMethod.Post, $"/api/applications/{Target.Id}/materials",
            new { kind, fileName, contentType, length = declaredLength }));
        var ticket = await announce.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(announce.StatusCode == HttpStatusCode.Created, $"announcing a material answered {(int)announce.StatusCode}: {ticket}");
        if (bytes is not null)
        {
            using var put = new HttpRequestMessage(HttpMethod.Put, ticket.GetProperty("uploadUrl").GetString()) { Content = new ByteArrayContent(bytes) };
            put.Headers.Add("x-ms-blob-type", "BlockBlob");
            using var uploaded = await TestApp.Storage.SendAsync(put);
            uploaded.EnsureSuccessStatusCode();
        }
        return ticket.GetProperty("materialId").GetString()!;
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
        gate.Dispose();
    }

    public Task InitializeAsync() => Task.CompletedTask;
}
