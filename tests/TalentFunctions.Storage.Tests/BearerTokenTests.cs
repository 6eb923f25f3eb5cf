using TalentFunctions.Storage.Blobs;
using TalentFunctions.Storage.Queues;
using TalentFunctions.Storage.Tables;

namespace TalentFunctions.Storage.Tests;

/// <summary>Token clients send <c>Authorization: Bearer</c> (checked on a loopback server, not on storage).</summary>
public sealed class BearerTokenTests
{
    [Fact]
    public async Task Token_clients_send_a_bearer_token_for_the_storage_scope_and_cache_it()
    {
        await using var server = new LoopbackServer((context, _) => LoopbackServer.WriteAsync(context, 204, headers: ("ETag", "W/\"1\"")));
        var credential = new StaticTokenCredential("token-abc");
        var table = new TableServiceClient(server.Endpoint, credential).GetTableClient("t");

        await table.CreateIfNotExistsAsync();
        await table.UpsertEntityAsync(new TableEntity("p", "r"));

        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal("Bearer token-abc", r.Headers["Authorization"]));
        Assert.All(server.Requests, r => Assert.Equal("2024-11-04", r.Headers["x-ms-version"]));
        Assert.Equal(1, credential.Calls);
        Assert.Equal(["https://storage.azure.com/.default"], Assert.Single(credential.RequestedScopes));
    }

    [Fact]
    public async Task Blob_and_queue_token_clients_send_the_token_too()
    {
        await using var server = new LoopbackServer((context, _) => LoopbackServer.WriteAsync(context, 201));
        var credential = new StaticTokenCredential("token-xyz");

        await new BlobServiceClient(server.Endpoint, credential).GetBlobContainerClient("c").CreateIfNotExistsAsync();
        await new QueueServiceClient(server.Endpoint, credential).GetQueueClient("q").CreateIfNotExistsAsync();

        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal("Bearer token-xyz", r.Headers["Authorization"]));
    }
}
