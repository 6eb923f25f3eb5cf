using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using TalentFunctions.TestSupport;
using TalentFunctions.Workflow.Store;

namespace TalentFunctions.Workflow.Tests;

/// <summary>
/// Idempotency claims on Azurite (ADR 0020): a replay gets the first claim, concurrent first uses agree on one
/// application, and erasure removes an application's claims with one partition query (no scan of the table), including
/// claims made before the pointer rows existed, once.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class IdempotencyClaimsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Concurrent_first_uses_of_a_key_agree_on_one_application_and_leave_one_pointer()
    {
        var (storage, _) = await StorageAsync();
        var claims = new IdempotencyClaims(storage);
        var ids = 0;

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            claims.ClaimAsync("create", "key-1", "hash-1", () => $"app-{Interlocked.Increment(ref ids):D4}"))));

        var winner = Assert.Single(results, r => !r.IsReplay);
        Assert.All(results, r => Assert.Equal((winner.ApplicationId, "hash-1"), (r.ApplicationId, r.BodyHash)));
        var rows = await RowsAsync(storage);
        Assert.Equal([(winner.ApplicationId, "claim|create|key-1"), ("create", "key-1")], rows.Select(r => (r.PartitionKey, r.RowKey)).OrderBy(r => r.PartitionKey, StringComparer.Ordinal));
        var replay = await claims.ClaimAsync("create", "key-1", "hash-2", () => "app-unused");
        Assert.Equal((winner.ApplicationId, "hash-1", true), (replay.ApplicationId, replay.BodyHash, replay.IsReplay));
        Assert.Equal(2, (await RowsAsync(storage)).Count);
    }

    [Fact]
    public async Task Forgetting_an_application_removes_its_claims_and_only_them_reading_one_partition()
    {
        var (storage, requests) = await StorageAsync();
        var claims = new IdempotencyClaims(storage);
        var kept = await claims.ClaimAsync("create", "kept", "h", () => "app-kept");
        var gone = await claims.ClaimAsync("create", "a key with spaces / and slashes", "h", () => "app-gone");
        // The first erasure of a store passes over the table once; claims made with their pointers are not written again.
        requests.Clear();
        await claims.ForgetAsync("app-none");
        Assert.DoesNotContain(requests, r => r.Contains("claim|create|"));

        requests.Clear();
        Assert.Equal(1, await claims.ForgetAsync(gone.ApplicationId));

        // The application's partition, the claim it names, two deletes; no query of the table.
        Assert.Equal(4, requests.Count);
        Assert.DoesNotContain(requests, r => r.Contains("()?") && !r.Contains("PartitionKey eq 'app-gone'"));
        var rows = await RowsAsync(storage);
        Assert.DoesNotContain(rows, r => r.PartitionKey == gone.ApplicationId || r.GetString("ApplicationId") == gone.ApplicationId);
        Assert.Contains(rows, r => r.GetString("ApplicationId") == kept.ApplicationId);
        Assert.Equal(0, await claims.ForgetAsync(gone.ApplicationId));
        Assert.True((await claims.ClaimAsync("create", "kept", "h", () => "app-other")).IsReplay);
    }

    [Fact]
    public async Task Claims_from_before_the_pointers_get_them_once_and_are_forgotten()
    {
        var (storage, requests) = await StorageAsync();
        // Two claims as the app wrote them before ADR 0020: the claim row alone.
        await storage.Idempotency.AddEntityAsync(new TableEntity("create", "old-1") { ["ApplicationId"] = "app-old1", ["BodyHash"] = "h" });
        await storage.Idempotency.AddEntityAsync(new TableEntity("create", "old-2") { ["ApplicationId"] = "app-old2", ["BodyHash"] = "h" });
        var claims = new IdempotencyClaims(storage);

        Assert.Equal(1, await claims.ForgetAsync("app-old1"));

        var rows = await RowsAsync(storage);
        Assert.DoesNotContain(rows, r => r.PartitionKey == "app-old1" || r.RowKey == "old-1");
        Assert.Contains(rows, r => (r.PartitionKey, r.RowKey) == ("app-old2", "claim|create|old-2"));
        // Another process (a fresh instance) sees the marker and does not pass over the table again.
        requests.Clear();
        Assert.Equal(1, await new IdempotencyClaims(storage).ForgetAsync("app-old2"));
        Assert.DoesNotContain(requests, r => r.Contains("()?") && !r.Contains("PartitionKey eq 'app-old2'"));
        Assert.All(await RowsAsync(storage), r => Assert.Equal("~pointers", r.PartitionKey));
    }

    private static async Task<List<TableEntity>> RowsAsync(OrchestrationStorage storage)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in storage.Idempotency.QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }
        return rows;
    }

    private async Task<(OrchestrationStorage Storage, List<string> Requests)> StorageAsync()
    {
        var requests = new List<string>();
        var options = new TableClientOptions();
        options.AddPolicy(new RequestLog(requests), HttpPipelinePosition.PerCall);
        var storage = new OrchestrationStorage(new TableServiceClient(azurite.ConnectionString, options), new BlobServiceClient(azurite.ConnectionString),
            new OrchestrationOptions { TablePrefix = "claims" + Guid.NewGuid().ToString("N")[..10] });
        await storage.Idempotency.CreateIfNotExistsAsync();
        return (storage, requests);
    }

    /// <summary>Notes each request's method and unescaped path with query ("GET /account/table()?$filter=…").</summary>
    private sealed class RequestLog(List<string> requests) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message)
        {
            lock (requests)
            {
                requests.Add($"{message.Request.Method} {Uri.UnescapeDataString(message.Request.Uri.PathAndQuery)}");
            }
        }
    }
}
