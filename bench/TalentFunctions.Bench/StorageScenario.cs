using System.Diagnostics;
using System.Globalization;
using TalentFunctions.Storage;
using TalentFunctions.Storage.Blobs;
using TalentFunctions.Storage.Emulator;
using TalentFunctions.Storage.Queues;
using TalentFunctions.Storage.Tables;

namespace TalentFunctions.Bench;

/// <summary>
/// Physical-limit anchors of the storage layer against a fresh in-memory Azurite on this machine:
/// each operation sequentially and with 16 concurrent callers, plus a mixed-operation rate that
/// workflow benchmarks compare with. Options: <c>--seconds N</c> per measurement (default 3).
/// </summary>
public static class StorageScenario
{
    public const int Concurrency = 16;
    private const int BlobSize = 64 * 1024 * 1024;
    private const int BlockSize = 4 * 1024 * 1024;

    public static async Task<int> RunAsync(string[] args)
    {
        var duration = TimeSpan.FromSeconds(ParseSeconds(args));
        var total = Stopwatch.StartNew();
        Metrics.Note("starting in-memory Azurite");
        await using var azurite = await AzuriteProcess.StartAsync(new AzuriteOptions());
        var connectionString = azurite.ConnectionString;

        // Both runtimes (.NET tiered JIT, Node's V8) start slow: without this the first metric reads low.
        Metrics.Note("warming up");
        await MixedOpsPerSecondAsync(connectionString, 1, TimeSpan.FromSeconds(2), CancellationToken.None);
        await MixedOpsPerSecondAsync(connectionString, Concurrency, TimeSpan.FromSeconds(2), CancellationToken.None);

        foreach (var callers in new[] { 1, Concurrency })
        {
            var suffix = callers == 1 ? string.Empty : $".c{callers}";
            Metrics.Report($"table.insert{suffix}.per_s", await TableInsertAsync(connectionString, callers, duration), "ops/s");
            Metrics.Report($"table.point_read{suffix}.per_s", await TablePointReadAsync(connectionString, callers, duration), "ops/s");
            Metrics.Report($"table.batch10{suffix}.per_s", await TableBatch10Async(connectionString, callers, duration), "tx/s");
            Metrics.Report($"queue.roundtrip{suffix}.per_s", await QueueRoundTripAsync(connectionString, callers, duration), "roundtrips/s");
            Metrics.Report($"blob.staged_upload{suffix}.mb_per_s", await BlobStagedUploadAsync(connectionString, callers, duration), "MB/s");
        }

        Metrics.Report($"storage.ops.c{Concurrency}.per_s", await MeasureOpsPerSecondC16(connectionString, duration), "ops/s");
        Metrics.Note(string.Create(CultureInfo.InvariantCulture, $"storage scenario done in {total.Elapsed.TotalSeconds:0.0} s"));
        return 0;
    }

    /// <summary>
    /// Mixed storage operations per second with 16 concurrent callers, counted by <see cref="StorageOperationCounter"/>.
    /// One round per caller: table insert, point read, conditional replace; queue send, receive, delete;
    /// 4 KB blob upload and download (8 operations).
    /// </summary>
    public static Task<double> MeasureOpsPerSecondC16(string connectionString, TimeSpan? duration = null, CancellationToken cancellationToken = default) =>
        MixedOpsPerSecondAsync(connectionString, Concurrency, duration ?? TimeSpan.FromSeconds(3), cancellationToken);

    private static async Task<double> MixedOpsPerSecondAsync(string connectionString, int callers, TimeSpan window, CancellationToken cancellationToken)
    {
        var counter = new StorageOperationCounter();
        var options = new StorageClientOptions { Counter = counter };
        var table = new TableServiceClient(connectionString, options).GetTableClient("benchmixed" + Guid.NewGuid().ToString("N"));
        var queue = new QueueServiceClient(connectionString, options).GetQueueClient("bench-mixed-" + Guid.NewGuid().ToString("N"));
        var container = new BlobServiceClient(connectionString, options).GetBlobContainerClient("bench-mixed-" + Guid.NewGuid().ToString("N"));
        await table.CreateIfNotExistsAsync(cancellationToken);
        await queue.CreateIfNotExistsAsync(cancellationToken);
        await container.CreateIfNotExistsAsync(cancellationToken);
        var payload = new byte[4096];
        Random.Shared.NextBytes(payload);

        async Task<long> Round(int caller, long iteration)
        {
            var partition = $"app-{caller}-{iteration}";
            var etag = await table.AddEntityAsync(new TableEntity(partition, "state") { ["Stage"] = "Submitted", ["Version"] = 1 }, cancellationToken);
            var read = await table.GetEntityAsync(partition, "state", cancellationToken: cancellationToken);
            await table.UpdateEntityAsync(new TableEntity(partition, "state") { ["Stage"] = "Screening", ["Version"] = 2 }, read?.ETag ?? etag, cancellationToken: cancellationToken);
            await queue.SendMessageAsync($$"""{"applicationId":"{{partition}}"}""", cancellationToken: cancellationToken);
            var message = await ReceiveOneAsync(queue, cancellationToken);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
            var blob = container.GetBlobClient($"{partition}/doc.bin");
            await blob.UploadAsync(payload, "application/octet-stream", cancellationToken: cancellationToken);
            await blob.DownloadContentAsync(cancellationToken);
            return 8;
        }

        await Load.RunAsync(callers, TimeSpan.FromMilliseconds(300), Round, cancellationToken);
        var before = counter.Count;
        var stopwatch = Stopwatch.StartNew();
        await Load.RunAsync(callers, window, Round, cancellationToken);
        return (counter.Count - before) / stopwatch.Elapsed.TotalSeconds;
    }

    private static async Task<double> TableInsertAsync(string connectionString, int callers, TimeSpan duration)
    {
        var table = await NewTableAsync(connectionString, "insert");
        var payload = new string('x', 200);
        return await Load.RatePerSecondAsync(callers, duration, async (caller, i) =>
        {
            // Small partitions, like one application per partition.
            await table.AddEntityAsync(new TableEntity($"p{caller}-{i / 50}", $"r{i}") { ["Data"] = payload, ["N"] = i });
            return 1;
        });
    }

    private static async Task<double> TablePointReadAsync(string connectionString, int callers, TimeSpan duration)
    {
        var table = await NewTableAsync(connectionString, "read");
        const int partitions = 40;
        const int rowsPerPartition = 50;
        await Task.WhenAll(Enumerable.Range(0, partitions).Select(p => table.SubmitTransactionAsync(
            Enumerable.Range(0, rowsPerPartition)
                .Select(r => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity($"p{p}", $"r{r}") { ["N"] = r }))
                .ToList())));
        return await Load.RatePerSecondAsync(callers, duration, async (_, _) =>
        {
            var entity = await table.GetEntityAsync($"p{Random.Shared.Next(partitions)}", $"r{Random.Shared.Next(rowsPerPartition)}");
            return entity is null ? throw new InvalidOperationException("A seeded entity was missing.") : 1;
        });
    }

    private static async Task<double> TableBatch10Async(string connectionString, int callers, TimeSpan duration)
    {
        var table = await NewTableAsync(connectionString, "batch");
        return await Load.RatePerSecondAsync(callers, duration, async (caller, i) =>
        {
            var partition = $"p{caller}-{i}";
            await table.SubmitTransactionAsync(Enumerable.Range(0, 10)
                .Select(r => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, $"e{r:D10}") { ["N"] = r }))
                .ToList());
            return 1;
        });
    }

    private static async Task<double> QueueRoundTripAsync(string connectionString, int callers, TimeSpan duration)
    {
        var queue = new QueueServiceClient(connectionString).GetQueueClient("bench-queue-" + Guid.NewGuid().ToString("N"));
        await queue.CreateIfNotExistsAsync();
        return await Load.RatePerSecondAsync(callers, duration, async (caller, i) =>
        {
            await queue.SendMessageAsync($$"""{"caller":{{caller}},"i":{{i}}}""");
            var message = await ReceiveOneAsync(queue, CancellationToken.None);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            return 1;
        });
    }

    private static async Task<double> BlobStagedUploadAsync(string connectionString, int callers, TimeSpan duration)
    {
        var container = new BlobServiceClient(connectionString).GetBlobContainerClient("bench-blob-" + Guid.NewGuid().ToString("N"));
        await container.CreateIfNotExistsAsync();
        var source = new byte[BlobSize];
        Random.Shared.NextBytes(source);

        async Task UploadOnce(string name)
        {
            var blob = container.GetBlobClient(name);
            await blob.UploadStagedAsync(new MemoryStream(source, writable: false), BlockSize, "application/octet-stream");
            await blob.DeleteIfExistsAsync();
        }

        // Each caller uploads whole 64 MB blobs until the time is up (at least one each); MB/s over all callers.
        await UploadOnce("warmup");
        long uploads = 0;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            var i = 0;
            do
            {
                await UploadOnce($"c{caller}/u{i++}");
                Interlocked.Increment(ref uploads);
            }
            while (stopwatch.Elapsed < duration && callers == 1);
        })));
        var megabytes = uploads * (double)BlobSize / (1024 * 1024);
        return megabytes / stopwatch.Elapsed.TotalSeconds;
    }

    private static async Task<QueueMessage> ReceiveOneAsync(QueueClient queue, CancellationToken cancellationToken)
    {
        // Under concurrency another caller may have taken the visible message; one will be there shortly.
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var messages = await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30), cancellationToken);
            if (messages.Count == 1)
            {
                return messages[0];
            }
        }

        throw new InvalidOperationException("No message could be received.");
    }

    private static async Task<TableClient> NewTableAsync(string connectionString, string purpose)
    {
        var table = new TableServiceClient(connectionString).GetTableClient("bench" + purpose + Guid.NewGuid().ToString("N"));
        await table.CreateIfNotExistsAsync();
        return table;
    }

    private static double ParseSeconds(string[] args)
    {
        var index = Array.IndexOf(args, "--seconds");
        return index >= 0 && index + 1 < args.Length && double.TryParse(args[index + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? seconds
            : 3;
    }
}
