using System.Diagnostics;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.DependencyInjection;
using TalentFunctions.Storage;
using TalentFunctions.Storage.Emulator;

namespace TalentFunctions.Bench;

/// <summary>
/// Physical-limit anchors of storage against a fresh in-memory Azurite on this machine, on the Azure SDK clients
/// exactly as the app registers them (<c>AddStorageClients</c>: retries, Base64 queue messages, the operation counter):
/// each operation sequentially and with 16 concurrent callers, plus a mixed-operation rate that workflow benchmarks
/// compare with. Options: <c>--seconds N</c> per measurement (default 3).
/// </summary>
public static class StorageScenario
{
    public const int Concurrency = 16;
    private const int BlobSize = 64 * 1024 * 1024;
    private const int BlockSize = 4 * 1024 * 1024;

    // The hand-written layer's UploadStagedAsync keeps 4 blocks in flight.
    private const int BlockConcurrency = 4;

    public static async Task<int> RunAsync(string[] args)
    {
        var duration = TimeSpan.FromSeconds(ParseSeconds(args));
        var total = Stopwatch.StartNew();
        Metrics.Note("starting in-memory Azurite");
        await using var azurite = await AzuriteProcess.StartAsync(new AzuriteOptions());
        var connectionString = azurite.ConnectionString;
        var clients = new Clients(connectionString);

        // Both runtimes (.NET tiered JIT, Node's V8) start slow: without this the first metric reads low.
        Metrics.Note("warming up");
        await MixedOpsPerSecondAsync(connectionString, 1, TimeSpan.FromSeconds(2), CancellationToken.None);
        await MixedOpsPerSecondAsync(connectionString, Concurrency, TimeSpan.FromSeconds(2), CancellationToken.None);

        foreach (var callers in new[] { 1, Concurrency })
        {
            var suffix = callers == 1 ? string.Empty : $".c{callers}";
            Metrics.Report($"table.insert{suffix}.per_s", await TableInsertAsync(clients, callers, duration), "ops/s");
            Metrics.Report($"table.point_read{suffix}.per_s", await TablePointReadAsync(clients, callers, duration), "ops/s");
            Metrics.Report($"table.batch10{suffix}.per_s", await TableBatch10Async(clients, callers, duration), "tx/s");
            Metrics.Report($"queue.roundtrip{suffix}.per_s", await QueueRoundTripAsync(clients, callers, duration), "roundtrips/s");
            Metrics.Report($"blob.staged_upload{suffix}.mb_per_s", await BlobStagedUploadAsync(clients, callers, duration), "MB/s");
        }

        Metrics.Report($"storage.ops.c{Concurrency}.per_s", await MeasureOpsPerSecondC16(connectionString, duration), "ops/s");
        Metrics.Note(string.Create(CultureInfo.InvariantCulture, $"storage scenario done in {total.Elapsed.TotalSeconds:0.0} s"));
        return 0;
    }

    /// <summary>
    /// Mixed storage operations per second with 16 concurrent callers on the Azure SDK clients, counted by
    /// <see cref="StorageOperationCounter"/> in each client's pipeline. One round per caller: table insert,
    /// point read, conditional replace; queue send, receive, delete; 4 KB blob upload and download (8 operations).
    /// </summary>
    public static Task<double> MeasureOpsPerSecondC16(string connectionString, TimeSpan? duration = null, CancellationToken cancellationToken = default) =>
        MixedOpsPerSecondAsync(connectionString, Concurrency, duration ?? TimeSpan.FromSeconds(3), cancellationToken);

    internal static async Task<double> MixedOpsPerSecondAsync(string connectionString, int callers, TimeSpan window, CancellationToken cancellationToken)
    {
        var clients = new Clients(connectionString);
        var counter = clients.Counter;
        var table = clients.Tables.GetTableClient("benchmixed" + Guid.NewGuid().ToString("N"));
        var queue = clients.Queues.GetQueueClient("bench-mixed-" + Guid.NewGuid().ToString("N"));
        var container = clients.Blobs.GetBlobContainerClient("bench-mixed-" + Guid.NewGuid().ToString("N"));
        await table.CreateIfNotExistsAsync(cancellationToken);
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var payload = BinaryData.FromBytes(RandomBytes(4096));
        var uploadOptions = new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/octet-stream" } };

        async Task<long> Round(int caller, long iteration)
        {
            var partition = $"app-{caller}-{iteration}";
            var added = await table.AddEntityAsync(new TableEntity(partition, "state") { ["Stage"] = "Submitted", ["Version"] = 1 }, cancellationToken);
            var read = await table.GetEntityIfExistsAsync<TableEntity>(partition, "state", cancellationToken: cancellationToken);
            var etag = read.HasValue ? read.Value!.ETag : added.Headers.ETag ?? ETag.All;
            await table.UpdateEntityAsync(new TableEntity(partition, "state") { ["Stage"] = "Screening", ["Version"] = 2 }, etag, TableUpdateMode.Replace, cancellationToken);
            await queue.SendMessageAsync($$"""{"applicationId":"{{partition}}"}""", cancellationToken);
            var message = await ReceiveOneAsync(queue, cancellationToken);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
            var blob = container.GetBlobClient($"{partition}/doc.bin");
            await blob.UploadAsync(payload, uploadOptions, cancellationToken);
            await blob.DownloadContentAsync(cancellationToken);
            return 8;
        }

        await Load.RunAsync(callers, TimeSpan.FromMilliseconds(300), Round, cancellationToken);
        var before = counter.Count;
        var stopwatch = Stopwatch.StartNew();
        var (units, _) = await Load.RunAsync(callers, window, Round, cancellationToken);
        var operations = counter.Count - before;
        var rounds = units / 8.0;
        if (rounds > 0 && Math.Abs((operations / rounds) - 8) > 0.01)
        {
            Metrics.Note(string.Create(CultureInfo.InvariantCulture, $"sdk mixed ops: {operations / rounds:0.00} counted operations per round, expected 8"));
        }

        return operations / stopwatch.Elapsed.TotalSeconds;
    }

    internal static async Task<double> TableInsertAsync(Clients clients, int callers, TimeSpan duration)
    {
        var table = await NewTableAsync(clients, "insert");
        var payload = new string('x', 200);
        return await Load.RatePerSecondAsync(callers, duration, async (caller, i) =>
        {
            // Small partitions, like one application per partition.
            await table.AddEntityAsync(new TableEntity($"p{caller}-{i / 50}", $"r{i}") { ["Data"] = payload, ["N"] = i });
            return 1;
        });
    }

    internal static async Task<double> TablePointReadAsync(Clients clients, int callers, TimeSpan duration)
    {
        var table = await NewTableAsync(clients, "read");
        const int partitions = 40;
        const int rowsPerPartition = 50;
        await Task.WhenAll(Enumerable.Range(0, partitions).Select(p => table.SubmitTransactionAsync(
            Enumerable.Range(0, rowsPerPartition)
                .Select(r => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity($"p{p}", $"r{r}") { ["N"] = r }))
                .ToList())));
        return await Load.RatePerSecondAsync(callers, duration, async (_, _) =>
        {
            // A missing entity throws RequestFailedException (404), as the old scenario's null check throws.
            var entity = await table.GetEntityAsync<TableEntity>($"p{Random.Shared.Next(partitions)}", $"r{Random.Shared.Next(rowsPerPartition)}");
            return entity.Value is null ? throw new InvalidOperationException("A seeded entity was missing.") : 1;
        });
    }

    internal static async Task<double> TableBatch10Async(Clients clients, int callers, TimeSpan duration)
    {
        var table = await NewTableAsync(clients, "batch");
        return await Load.RatePerSecondAsync(callers, duration, async (caller, i) =>
        {
            var partition = $"p{caller}-{i}";
            await table.SubmitTransactionAsync(Enumerable.Range(0, 10)
                .Select(r => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, $"e{r:D10}") { ["N"] = r }))
                .ToList());
            return 1;
        });
    }

    internal static async Task<double> QueueRoundTripAsync(Clients clients, int callers, TimeSpan duration)
    {
        var queue = clients.Queues.GetQueueClient("bench-queue-" + Guid.NewGuid().ToString("N"));
        await queue.CreateIfNotExistsAsync();
        return await Load.RatePerSecondAsync(callers, duration, async (caller, i) =>
        {
            await queue.SendMessageAsync($$"""{"caller":{{caller}},"i":{{i}}}""");
            var message = await ReceiveOneAsync(queue, CancellationToken.None);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            return 1;
        });
    }

    internal static async Task<double> BlobStagedUploadAsync(Clients clients, int callers, TimeSpan duration)
    {
        var container = clients.Blobs.GetBlobContainerClient("bench-blob-" + Guid.NewGuid().ToString("N"));
        await container.CreateIfNotExistsAsync();
        var source = RandomBytes(BlobSize);

        // As the old layer's UploadStagedAsync(stream, 4 MiB, contentType): 4 MiB blocks, 4 in flight, one commit.
        // InitialTransferSize = the block size, so a 64 MiB blob is always staged, never sent in one Put Blob.
        var options = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/octet-stream" },
            TransferOptions = new StorageTransferOptions
            {
                InitialTransferSize = BlockSize,
                MaximumTransferSize = BlockSize,
                MaximumConcurrency = BlockConcurrency,
            },
        };

        async Task UploadOnce(string name)
        {
            var blob = container.GetBlobClient(name);
            await blob.UploadAsync(new MemoryStream(source, writable: false), options);
            await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots);
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
            QueueMessage[] messages = await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30), cancellationToken);
            if (messages.Length == 1)
            {
                return messages[0];
            }
        }

        throw new InvalidOperationException("No message could be received.");
    }

    private static async Task<TableClient> NewTableAsync(Clients clients, string purpose)
    {
        var table = clients.Tables.GetTableClient("bench" + purpose + Guid.NewGuid().ToString("N"));
        await table.CreateIfNotExistsAsync();
        return table;
    }

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    private static double ParseSeconds(string[] args)
    {
        var index = Array.IndexOf(args, "--seconds");
        return index >= 0 && index + 1 < args.Length && double.TryParse(args[index + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? seconds
            : 3;
    }

    /// <summary>
    /// One long-lived, shared service client per kind, registered as the app registers them, with a counter of their own.
    /// </summary>
    internal sealed class Clients
    {
        public Clients(string connectionString)
        {
            var services = new ServiceCollection().AddStorageClients(connectionString).BuildServiceProvider();
            Counter = services.GetRequiredService<StorageOperationCounter>();
            Tables = services.GetRequiredService<TableServiceClient>();
            Queues = services.GetRequiredService<QueueServiceClient>();
            Blobs = services.GetRequiredService<BlobServiceClient>();
        }

        public StorageOperationCounter Counter { get; }

        public TableServiceClient Tables { get; }

        public QueueServiceClient Queues { get; }

        public BlobServiceClient Blobs { get; }
    }
}
