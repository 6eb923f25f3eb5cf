using Azure;
using Azure.Data.Tables;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Storage.Tests;

/// <summary>
/// What the app relies on from Azure.Data.Tables, checked against Azurite: entity-group transactions are all or
/// nothing and name the failing action, conditional writes refuse a stale ETag, filters built with
/// <see cref="TableClient.CreateQueryFilter(FormattableString)"/> are safe for any text, and pages resume from a token.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class SdkContractTests(AzuriteFixture azurite)
{
    private async Task<TableClient> NewTableAsync()
    {
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient(AzuriteFixture.UniqueTableName());
        await table.CreateIfNotExistsAsync();
        return table;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_transaction_with_a_conflict_leaves_nothing_and_names_the_failing_action(int failing)
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("app", "r" + failing) { ["Taken"] = true });
        var actions = Enumerable.Range(0, 3)
            .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("app", "r" + i) { ["N"] = i }))
            .ToList();

        var error = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(actions));

        Assert.Equal(409, error.Status);
        Assert.Equal(failing, error.FailedTransactionActionIndex);
        var rows = await table.QueryAsync<TableEntity>(e => e.PartitionKey == "app").ToListAsync();
        var only = Assert.Single(rows);
        Assert.Equal("r" + failing, only.RowKey);
        Assert.Null(only.GetInt32("N"));
    }

    [Fact]
    public async Task A_replace_with_a_stale_ETag_is_refused_with_412()
    {
        var table = await NewTableAsync();
        var added = await table.AddEntityAsync(new TableEntity("p", "r") { ["V"] = 1 });
        await table.UpdateEntityAsync(new TableEntity("p", "r") { ["V"] = 2 }, added.Headers.ETag!.Value, TableUpdateMode.Replace);

        var error = await Assert.ThrowsAsync<RequestFailedException>(
            () => table.UpdateEntityAsync(new TableEntity("p", "r") { ["V"] = 3 }, added.Headers.ETag!.Value, TableUpdateMode.Replace));

        Assert.Equal(412, error.Status);
        Assert.Equal(2, (await table.GetEntityAsync<TableEntity>("p", "r")).Value.GetInt32("V"));
    }

    [Theory]
    [InlineData("O'Brien")]
    [InlineData("林小雨")]
    [InlineData("🎬 reel")]
    [InlineData("' or PartitionKey ne '")]
    public async Task Filters_match_exactly_the_text_they_were_given(string value)
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "match") { ["Name"] = value });
        await table.AddEntityAsync(new TableEntity("p", "other") { ["Name"] = value + "x" });

        var rows = await table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"p"} and Name eq {value}")).ToListAsync();

        Assert.Equal("match", Assert.Single(rows).RowKey);
    }

    [Fact]
    public async Task Pages_resume_from_their_continuation_token()
    {
        var table = await NewTableAsync();
        var all = Enumerable.Range(0, 5).Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", $"r{i}"))).ToList();
        await table.SubmitTransactionAsync(all);

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            await foreach (var page in table.QueryAsync<TableEntity>(maxPerPage: 2).AsPages(token, 2))
            {
                seen.AddRange(page.Values.Select(e => e.RowKey));
                token = page.ContinuationToken;
                break;
            }
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(["r0", "r1", "r2", "r3", "r4"], seen);
        Assert.Equal(3, pages);
    }
}

internal static class AsyncEnumerableExtensions
{
    public static async Task<List<T>> ToListAsync<T>(this IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }
        return list;
    }
}
