using Azure.Data.Tables;

namespace TalentFunctions.Storage.Tests;

/// <summary>The counter in an SDK client's pipeline: one count per call, retries counted apart.</summary>
public sealed class StorageOperationCounterTests
{
    private const string DevKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    [Fact]
    public async Task A_call_counts_once_however_often_it_is_retried()
    {
        // First attempt 503, then the entity.
        await using var server = new LoopbackServer((context, index) => index == 0
            ? LoopbackServer.WriteAsync(context, 503, """{"odata.error":{"code":"ServerBusy","message":{"value":"busy"}}}""")
            : LoopbackServer.WriteAsync(context, 200, """{"PartitionKey":"p","RowKey":"r","V":1}""", "application/json;odata=minimalmetadata"));
        var counter = new StorageOperationCounter();
        var options = new TableClientOptions();
        StorageServiceCollectionExtensions.ConfigureRetries(options.Retry);
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        counter.AddTo(options);
        var table = new TableServiceClient($"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevKey};TableEndpoint={server.Endpoint}", options)
            .GetTableClient("things");

        var entity = await table.GetEntityAsync<TableEntity>("p", "r");

        Assert.Equal(1, entity.Value.GetInt32("V"));
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(1, counter.Count);
        Assert.Equal(1, counter.Retries);

        await table.GetEntityAsync<TableEntity>("p", "r");
        Assert.Equal(2, counter.Count);
        Assert.Equal(1, counter.Retries);
    }
}
