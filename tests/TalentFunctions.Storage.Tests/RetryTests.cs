using System.Diagnostics;
using System.Text;
using TalentFunctions.Storage.Auth;
using TalentFunctions.Storage.Blobs;
using TalentFunctions.Storage.Tables;

namespace TalentFunctions.Storage.Tests;

/// <summary>Retry behaviour of the pipeline, against a scripted loopback server.</summary>
public sealed class RetryTests
{
    private const string EntityJson = """{"odata.etag":"W/\"1\"","PartitionKey":"p","RowKey":"r","Name":"ok"}""";

    private static readonly StorageSharedKeyCredential Key = new("devstoreaccount1", Convert.ToBase64String(new byte[32]));

    [Fact]
    public async Task A_503_is_retried_and_the_operation_counted_once()
    {
        await using var server = new LoopbackServer((context, index) => index == 0
            ? LoopbackServer.WriteAsync(context, 503, """{"odata.error":{"code":"ServerBusy","message":{"value":"busy"}}}""")
            : LoopbackServer.WriteAsync(context, 200, EntityJson));
        var counter = new StorageOperationCounter();
        var table = Tables(server, new StorageClientOptions { RetryDelay = TimeSpan.FromMilliseconds(1), Counter = counter });

        var entity = await table.GetEntityAsync("p", "r");

        Assert.Equal("ok", entity!.GetString("Name"));
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(1, counter.Count);
        Assert.Equal(1, counter.Retries);
        Assert.All(server.Requests, r =>
        {
            Assert.StartsWith("SharedKey devstoreaccount1:", r.Headers["Authorization"]);
            Assert.True(r.Headers.ContainsKey("x-ms-date"));
            Assert.Equal("2024-11-04", r.Headers["x-ms-version"]);
        });
    }

    [Fact]
    public async Task A_429_waits_for_retry_after()
    {
        await using var server = new LoopbackServer((context, index) => index == 0
            ? LoopbackServer.WriteAsync(context, 429, null, headers: ("Retry-After", "1"))
            : LoopbackServer.WriteAsync(context, 200, EntityJson));
        var table = Tables(server, new StorageClientOptions { RetryDelay = TimeSpan.FromMilliseconds(1) });
        var stopwatch = Stopwatch.StartNew();

        await table.GetEntityAsync("p", "r");

        Assert.Equal(2, server.Requests.Count);
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(950), $"retried after {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task A_400_is_not_retried()
    {
        await using var server = new LoopbackServer((context, _) => LoopbackServer.WriteAsync(
            context, 400, """{"odata.error":{"code":"InvalidInput","message":{"lang":"en-US","value":"bad"}}}""", headers: ("x-ms-request-id", "req-1")));
        var counter = new StorageOperationCounter();
        var table = Tables(server, new StorageClientOptions { RetryDelay = TimeSpan.FromMilliseconds(1), Counter = counter });

        var error = await Assert.ThrowsAsync<StorageRequestFailedException>(() => table.AddEntityAsync(new TableEntity("p", "r")));

        Assert.Equal(400, error.Status);
        Assert.Equal("InvalidInput", error.ErrorCode);
        Assert.Equal("req-1", error.RequestId);
        Assert.Single(server.Requests);
        Assert.Equal(0, counter.Retries);
    }

    [Fact]
    public async Task Retries_stop_after_max_retries_with_the_last_status()
    {
        await using var server = new LoopbackServer((context, _) => LoopbackServer.WriteAsync(
            context, 503, "<?xml version=\"1.0\"?><Error><Code>ServerBusy</Code><Message>busy</Message></Error>", "application/xml"));
        var blob = Blobs(server, new StorageClientOptions { MaxRetries = 2, RetryDelay = TimeSpan.FromMilliseconds(1) });

        var error = await Assert.ThrowsAsync<StorageRequestFailedException>(() => blob.DownloadContentAsync());

        Assert.Equal(503, error.Status);
        Assert.Equal("ServerBusy", error.ErrorCode);
        Assert.Equal(3, server.Requests.Count);
    }

    [Theory]
    [InlineData(408)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(504)]
    public async Task Other_transient_statuses_are_retried(int status)
    {
        await using var server = new LoopbackServer((context, index) => index == 0
            ? LoopbackServer.WriteAsync(context, status)
            : LoopbackServer.WriteAsync(context, 200, EntityJson));
        var table = Tables(server, new StorageClientOptions { RetryDelay = TimeSpan.FromMilliseconds(1) });

        Assert.NotNull(await table.GetEntityAsync("p", "r"));
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task The_request_body_is_resent_identically_on_retry()
    {
        await using var server = new LoopbackServer((context, index) => LoopbackServer.WriteAsync(context, index == 0 ? 500 : 201, headers: ("ETag", "\"0x1\"")));
        var blob = Blobs(server, new StorageClientOptions { RetryDelay = TimeSpan.FromMilliseconds(1) });
        var content = new MemoryStream(Encoding.UTF8.GetBytes("--reel bytes--"));

        var etag = await blob.UploadAsync(content, "video/mp4");

        Assert.Equal("\"0x1\"", etag);
        var requests = server.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Equal("--reel bytes--", Encoding.UTF8.GetString(requests[0].Body));
        Assert.Equal(requests[0].Body, requests[1].Body);
        Assert.NotEqual(requests[0].Headers["Authorization"], string.Empty);
    }

    [Fact]
    public async Task Network_errors_are_retried_then_surface_as_status_0()
    {
        var closedPort = LoopbackServer.FreePort();
        var counter = new StorageOperationCounter();
        var table = new TableServiceClient(
                new Uri($"http://127.0.0.1:{closedPort}/devstoreaccount1"),
                Key,
                new StorageClientOptions { MaxRetries = 2, RetryDelay = TimeSpan.FromMilliseconds(1), Counter = counter })
            .GetTableClient("t");

        var error = await Assert.ThrowsAsync<StorageRequestFailedException>(() => table.GetEntityAsync("p", "r"));

        Assert.Equal(0, error.Status);
        Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.Equal(1, counter.Count);
        Assert.Equal(2, counter.Retries);
    }

    [Fact]
    public async Task A_timed_out_attempt_is_retried()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new LoopbackServer(async (context, index) =>
        {
            if (index == 0)
            {
                await release.Task; // hold the first attempt until the test ends
            }

            await LoopbackServer.WriteAsync(context, 200, EntityJson);
        });
        var table = Tables(server, new StorageClientOptions { RetryDelay = TimeSpan.FromMilliseconds(1), NetworkTimeout = TimeSpan.FromMilliseconds(300) });

        try
        {
            Assert.NotNull(await table.GetEntityAsync("p", "r"));
            Assert.Equal(2, server.Requests.Count);
        }
        finally
        {
            release.SetResult();
        }
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_retried()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new LoopbackServer(async (context, _) =>
        {
            arrived.TrySetResult();
            await release.Task;
            await LoopbackServer.WriteAsync(context, 200, EntityJson);
        });
        var table = Tables(server, new StorageClientOptions { RetryDelay = TimeSpan.FromMilliseconds(1) });
        using var cts = new CancellationTokenSource();

        try
        {
            var call = table.GetEntityAsync("p", "r", cancellationToken: cts.Token);
            await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await cts.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
            Assert.Single(server.Requests);
        }
        finally
        {
            release.SetResult();
        }
    }

    private static TableClient Tables(LoopbackServer server, StorageClientOptions options) =>
        new TableServiceClient(server.Endpoint, Key, options).GetTableClient("t");

    private static BlobClient Blobs(LoopbackServer server, StorageClientOptions options) =>
        new BlobServiceClient(server.Endpoint, Key, options).GetBlobContainerClient("c").GetBlobClient("b");
}
