using TalentFunctions.Storage.Tables;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Storage.Tests;

[Collection(AzuriteFixture.Collection)]
public sealed class TableClientTests(AzuriteFixture azurite)
{
    private readonly TableServiceClient _service = new(azurite.ConnectionString);

    [Fact]
    public async Task Create_is_idempotent_and_delete_removes_the_table()
    {
        var table = _service.GetTableClient(AzuriteFixture.UniqueTableName());

        Assert.True(await table.CreateIfNotExistsAsync());
        Assert.False(await table.CreateIfNotExistsAsync());
        Assert.True(await table.DeleteAsync());
        Assert.False(await table.DeleteAsync());

        var error = await Assert.ThrowsAsync<StorageRequestFailedException>(() => table.AddEntityAsync(new TableEntity("p", "r")));
        Assert.Equal(404, error.Status);
        Assert.Equal("TableNotFound", error.ErrorCode);
    }

    [Fact]
    public async Task Add_then_get_returns_the_entity_with_etag_and_timestamp()
    {
        var table = await NewTableAsync();
        var etag = await table.AddEntityAsync(new TableEntity("app-1", "state") { ["Stage"] = "Submitted", ["Version"] = 3 });

        var read = await table.GetEntityAsync("app-1", "state");

        Assert.NotNull(read);
        Assert.Equal("app-1", read.PartitionKey);
        Assert.Equal("state", read.RowKey);
        Assert.Equal("Submitted", read.GetString("Stage"));
        Assert.Equal(3, read.GetInt32("Version"));
        Assert.Equal(etag, read.ETag);
        Assert.NotNull(read.Timestamp);
        Assert.False(read.ContainsKey("Timestamp"));
    }

    [Fact]
    public async Task Adding_an_existing_row_throws_409_EntityAlreadyExists()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "r"));

        var error = await Assert.ThrowsAsync<StorageRequestFailedException>(() => table.AddEntityAsync(new TableEntity("p", "r")));

        Assert.Equal(409, error.Status);
        Assert.Equal("EntityAlreadyExists", error.ErrorCode);
    }

    [Fact]
    public async Task A_missing_row_is_null()
    {
        var table = await NewTableAsync();

        Assert.Null(await table.GetEntityAsync("nobody", "nothing"));
    }

    [Fact]
    public async Task Get_with_select_returns_only_the_selected_properties()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "r") { ["A"] = "a", ["B"] = "b", ["C"] = 3 });

        var read = await table.GetEntityAsync("p", "r", ["A", "C"]);

        Assert.NotNull(read);
        Assert.Equal("a", read.GetString("A"));
        Assert.Equal(3, read.GetInt32("C"));
        Assert.False(read.ContainsKey("B"));
    }

    [Fact]
    public async Task Update_replace_with_current_etag_succeeds_and_a_stale_etag_is_refused_with_412()
    {
        var table = await NewTableAsync();
        var first = await table.AddEntityAsync(new TableEntity("p", "r") { ["Stage"] = "Submitted", ["Keep"] = "x" });

        var second = await table.UpdateEntityAsync(new TableEntity("p", "r") { ["Stage"] = "Screening" }, first);

        Assert.NotEqual(first, second);
        var error = await Assert.ThrowsAsync<StorageRequestFailedException>(
            () => table.UpdateEntityAsync(new TableEntity("p", "r") { ["Stage"] = "Rejected" }, first));
        Assert.Equal(412, error.Status);
        Assert.Equal("UpdateConditionNotSatisfied", error.ErrorCode);

        var read = await table.GetEntityAsync("p", "r");
        Assert.Equal("Screening", read!.GetString("Stage"));
        Assert.False(read.ContainsKey("Keep")); // replace dropped it
        Assert.Equal(second, read.ETag);
    }

    [Fact]
    public async Task Update_merge_keeps_other_properties()
    {
        var table = await NewTableAsync();
        var etag = await table.AddEntityAsync(new TableEntity("p", "r") { ["Stage"] = "Submitted", ["Keep"] = "x" });

        await table.UpdateEntityAsync(new TableEntity("p", "r") { ["Stage"] = "Review" }, etag, TableUpdateMode.Merge);

        var read = await table.GetEntityAsync("p", "r");
        Assert.Equal("Review", read!.GetString("Stage"));
        Assert.Equal("x", read.GetString("Keep"));
    }

    [Fact]
    public async Task Update_of_a_missing_row_throws_404_and_requires_an_etag()
    {
        var table = await NewTableAsync();

        var error = await Assert.ThrowsAsync<StorageRequestFailedException>(
            () => table.UpdateEntityAsync(new TableEntity("p", "missing"), "*"));
        Assert.Equal(404, error.Status);
        await Assert.ThrowsAnyAsync<ArgumentException>(() => table.UpdateEntityAsync(new TableEntity("p", "r"), ""));
    }

    [Fact]
    public async Task Upsert_inserts_then_replaces_or_merges()
    {
        var table = await NewTableAsync();

        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["A"] = 1, ["B"] = 2 });
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["A"] = 10 }, TableUpdateMode.Merge);
        var merged = await table.GetEntityAsync("p", "r");
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["C"] = 3 });
        var replaced = await table.GetEntityAsync("p", "r");

        Assert.Equal(10, merged!.GetInt32("A"));
        Assert.Equal(2, merged.GetInt32("B"));
        Assert.Null(replaced!.GetInt32("A"));
        Assert.Equal(3, replaced.GetInt32("C"));
    }

    [Fact]
    public async Task Delete_honours_the_etag_and_reports_missing_rows()
    {
        var table = await NewTableAsync();
        var first = await table.AddEntityAsync(new TableEntity("p", "r") { ["V"] = 1 });
        var second = await table.UpdateEntityAsync(new TableEntity("p", "r") { ["V"] = 2 }, first);

        var error = await Assert.ThrowsAsync<StorageRequestFailedException>(() => table.DeleteEntityAsync("p", "r", first));
        Assert.Equal(412, error.Status);
        Assert.True(await table.DeleteEntityAsync("p", "r", second));
        Assert.False(await table.DeleteEntityAsync("p", "r"));
        Assert.Null(await table.GetEntityAsync("p", "r"));
    }

    [Fact]
    public async Task Keys_with_quotes_unicode_and_spaces_work_in_point_operations()
    {
        var table = await NewTableAsync();
        string[] keys = ["O'Brien", "林小雨", "🎬 film & co", "a+b=c;d", "100% sure"];
        foreach (var key in keys)
        {
            await table.AddEntityAsync(new TableEntity(key, key) { ["Name"] = key });
        }

        foreach (var key in keys)
        {
            var read = await table.GetEntityAsync(key, key);
            Assert.Equal(key, read?.GetString("Name"));
            var etag = await table.UpdateEntityAsync(new TableEntity(key, key) { ["Name"] = key + "!" }, read!.ETag!);
            Assert.True(await table.DeleteEntityAsync(key, key, etag));
        }
    }

    [Fact]
    public async Task Typed_properties_round_trip()
    {
        var table = await NewTableAsync();
        var when = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)).AddTicks(1234567);
        var id = Guid.NewGuid();
        byte[] bytes = [0, 1, 2, 250, 255];
        await table.AddEntityAsync(new TableEntity("p", "r")
        {
            ["Text"] = "héllo \"quoted\" 林",
            ["Int"] = -42,
            ["Big"] = 9_007_199_254_740_993L,
            ["SmallLong"] = 5L,
            ["Ratio"] = 1.5,
            ["Whole"] = 3.0,
            ["Yes"] = true,
            ["No"] = false,
            ["When"] = when,
            ["WhenUtc"] = new DateTime(2030, 5, 6, 7, 8, 9, DateTimeKind.Utc),
            ["Id"] = id,
            ["Bytes"] = bytes,
            ["Data"] = BinaryData.FromString("binary"),
            ["Nothing"] = null,
        });

        var read = (await table.GetEntityAsync("p", "r"))!;

        Assert.Equal("héllo \"quoted\" 林", read["Text"]);
        Assert.Equal(-42, read["Int"]);
        Assert.Equal(9_007_199_254_740_993L, read["Big"]);
        Assert.Equal(5L, read["SmallLong"]);
        Assert.Equal(1.5, read["Ratio"]);
        Assert.Equal(3.0, read.GetDouble("Whole"));
        Assert.Equal(true, read["Yes"]);
        Assert.Equal(false, read["No"]);
        Assert.Equal(when, read.GetDateTimeOffset("When"));
        Assert.Equal(TimeSpan.Zero, read.GetDateTimeOffset("When")!.Value.Offset);
        Assert.Equal(new DateTimeOffset(2030, 5, 6, 7, 8, 9, TimeSpan.Zero), read["WhenUtc"]);
        Assert.Equal(id, read["Id"]);
        Assert.Equal(bytes, read.GetBinary("Bytes"));
        Assert.Equal("binary", System.Text.Encoding.UTF8.GetString(read.GetBinary("Data")!));
        Assert.False(read.ContainsKey("Nothing"));
        Assert.Null(read.GetString("Absent"));
        Assert.Throws<InvalidOperationException>(() => read.GetString("Int"));
    }

    [Fact]
    public async Task Unsupported_property_types_are_refused_before_sending()
    {
        var table = await NewTableAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => table.AddEntityAsync(new TableEntity("p", "r") { ["Money"] = 1.5m }));
    }

    [Fact]
    public async Task Filters_with_quotes_chinese_text_and_emoji_return_exactly_the_right_rows()
    {
        var table = await NewTableAsync();
        string[] names = ["O'Brien", "OBrien", "O''Brien", "林小雨", "林小", "🎬 Director", "🎬", "plain"];
        var rows = names.Select((name, i) => new TableTransactionAction(
            TableTransactionActionType.Add, new TableEntity("people", $"r{i:D2}") { ["Name"] = name, ["Score"] = i * 1.5 })).ToList();
        await table.SubmitTransactionAsync(rows);

        foreach (var name in names)
        {
            var found = await ToListAsync(table.QueryAsync(TableFilter.Create($"PartitionKey eq {"people"} and Name eq {name}")));
            var single = Assert.Single(found);
            Assert.Equal(name, single.GetString("Name"));
        }

        var injected = await ToListAsync(table.QueryAsync(TableFilter.Create($"Name eq {"x' or Name ne 'x"}")));
        Assert.Empty(injected);

        var high = await ToListAsync(table.QueryAsync(TableFilter.Create($"Score gt {6.0}")));
        Assert.Equal(["🎬 Director", "🎬", "plain"], high.Select(e => e.GetString("Name")));
    }

    [Fact]
    public async Task Filters_on_typed_values_match()
    {
        var table = await NewTableAsync();
        var id = Guid.NewGuid();
        var when = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        await table.AddEntityAsync(new TableEntity("p", "1") { ["Id"] = id, ["When"] = when, ["Big"] = 5_000_000_000L, ["Flag"] = true, ["N"] = 7 });
        await table.AddEntityAsync(new TableEntity("p", "2") { ["Id"] = Guid.NewGuid(), ["When"] = when.AddDays(1), ["Big"] = 1L, ["Flag"] = false, ["N"] = 8 });

        Assert.Equal("1", Assert.Single(await ToListAsync(table.QueryAsync(TableFilter.Create($"Id eq {id}")))).RowKey);
        Assert.Equal("2", Assert.Single(await ToListAsync(table.QueryAsync(TableFilter.Create($"When gt {when}")))).RowKey);
        Assert.Equal("1", Assert.Single(await ToListAsync(table.QueryAsync(TableFilter.Create($"Big gt {10L}")))).RowKey);
        Assert.Equal("2", Assert.Single(await ToListAsync(table.QueryAsync(TableFilter.Create($"Flag eq {false}")))).RowKey);
        Assert.Equal("2", Assert.Single(await ToListAsync(table.QueryAsync(TableFilter.Create($"N ge {8}")))).RowKey);
    }

    [Fact]
    public async Task Query_with_select_and_top()
    {
        var table = await NewTableAsync();
        await table.SubmitTransactionAsync(Enumerable.Range(0, 5)
            .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", $"{i}") { ["A"] = i, ["B"] = "b" }))
            .ToList());

        var page = await table.QueryPageAsync(null, top: 2, select: ["A"]);

        Assert.Equal(2, page.Items.Count);
        Assert.NotNull(page.ContinuationToken);
        Assert.All(page.Items, e => Assert.False(e.ContainsKey("B")));
        Assert.Equal([0, 1], page.Items.Select(e => e.GetInt32("A")!.Value));
        var next = await table.QueryPageAsync(null, top: 2, continuationToken: page.ContinuationToken, select: ["A"]);
        Assert.Equal([2, 3], next.Items.Select(e => e.GetInt32("A")!.Value));
    }

    [Fact]
    public async Task Paging_over_more_than_1000_entities_follows_continuations()
    {
        var table = await NewTableAsync();
        const int total = 1_150;
        var inserts = new List<Task>();
        for (var batch = 0; batch * 100 < total; batch++)
        {
            var actions = Enumerable.Range(batch * 100, Math.Min(100, total - (batch * 100)))
                .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity($"p{batch}", $"{i:D5}") { ["I"] = i }))
                .ToList();
            inserts.Add(table.SubmitTransactionAsync(actions));
        }

        await Task.WhenAll(inserts);

        var firstPage = await table.QueryPageAsync(null);
        Assert.Equal(1000, firstPage.Items.Count);
        Assert.NotNull(firstPage.ContinuationToken);
        Assert.DoesNotContain(firstPage.ContinuationToken!, c => c is '+' or '/' or '=' or '&' or '?');

        var all = await ToListAsync(table.QueryAsync());
        Assert.Equal(total, all.Count);
        Assert.Equal(Enumerable.Range(0, total), all.Select(e => e.GetInt32("I")!.Value).Order());

        var small = await ToListAsync(table.QueryAsync(TableFilter.Create($"I lt {250}"), maxPerPage: 100));
        Assert.Equal(250, small.Count);
    }

    [Fact]
    public async Task A_transaction_applies_mixed_operations_and_returns_etags_in_order()
    {
        var table = await NewTableAsync();
        var existingEtag = await table.AddEntityAsync(new TableEntity("app", "state") { ["Version"] = 1 });
        await table.AddEntityAsync(new TableEntity("app", "o1") { ["Effect"] = "email" });
        await table.AddEntityAsync(new TableEntity("app", "merge") { ["Keep"] = "yes" });

        var etags = await table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.UpdateReplace, new TableEntity("app", "state") { ["Version"] = 2 }, existingEtag),
            new(TableTransactionActionType.Add, new TableEntity("app", "e0000000002") { ["Type"] = "Screened" }),
            new(TableTransactionActionType.Delete, new TableEntity("app", "o1")),
            new(TableTransactionActionType.UpsertReplace, new TableEntity("app", "c-cmd-1")),
            new(TableTransactionActionType.UpdateMerge, new TableEntity("app", "merge") { ["New"] = 1 }),
            new(TableTransactionActionType.UpsertMerge, new TableEntity("app", "upmerge") { ["X"] = 1 }),
        ]);

        Assert.Equal(6, etags.Count);
        Assert.Null(etags[2]);
        var state = await table.GetEntityAsync("app", "state");
        Assert.Equal(2, state!.GetInt32("Version"));
        Assert.Equal(etags[0], state.ETag);
        Assert.NotNull(await table.GetEntityAsync("app", "e0000000002"));
        Assert.Null(await table.GetEntityAsync("app", "o1"));
        Assert.NotNull(await table.GetEntityAsync("app", "c-cmd-1"));
        var merged = await table.GetEntityAsync("app", "merge");
        Assert.Equal("yes", merged!.GetString("Keep"));
        Assert.Equal(1, merged.GetInt32("New"));
        Assert.NotNull(await table.GetEntityAsync("app", "upmerge"));
    }

    [Fact]
    public async Task A_transaction_failing_in_the_middle_applies_nothing_and_names_the_operation()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("app", "c-dup"));

        var error = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("app", "e1")),
            new(TableTransactionActionType.Add, new TableEntity("app", "e2")),
            new(TableTransactionActionType.Add, new TableEntity("app", "c-dup")),
            new(TableTransactionActionType.Add, new TableEntity("app", "e3")),
        ]));

        Assert.Equal(2, error.FailedOperationIndex);
        Assert.Equal(409, error.Status);
        Assert.Equal("EntityAlreadyExists", error.ErrorCode);
        Assert.Contains("operation 2", error.Message);
        Assert.Equal(["c-dup"], (await ToListAsync(table.QueryAsync())).Select(e => e.RowKey));
    }

    [Fact]
    public async Task A_transaction_failing_last_on_a_stale_etag_applies_nothing()
    {
        var table = await NewTableAsync();
        var stale = await table.AddEntityAsync(new TableEntity("app", "state") { ["Version"] = 1 });
        await table.UpdateEntityAsync(new TableEntity("app", "state") { ["Version"] = 2 }, stale);

        var error = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("app", "e1")),
            new(TableTransactionActionType.Add, new TableEntity("app", "o1")),
            new(TableTransactionActionType.UpdateReplace, new TableEntity("app", "state") { ["Version"] = 3 }, stale),
        ]));

        Assert.Equal(2, error.FailedOperationIndex);
        Assert.Equal(412, error.Status);
        Assert.Equal("UpdateConditionNotSatisfied", error.ErrorCode);
        var rows = await ToListAsync(table.QueryAsync());
        Assert.Equal(["state"], rows.Select(e => e.RowKey));
        Assert.Equal(2, rows[0].GetInt32("Version"));
    }

    [Fact]
    public async Task Transactions_are_validated_before_sending()
    {
        var table = await NewTableAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync([]));
        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync(
            Enumerable.Range(0, 101).Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", $"{i}"))).ToList()));
        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p1", "r")),
            new(TableTransactionActionType.Add, new TableEntity("p2", "r")),
        ]));
        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "r")),
            new(TableTransactionActionType.Delete, new TableEntity("p", "r")),
        ]));
    }

    [Fact]
    public async Task A_transaction_of_100_operations_succeeds()
    {
        var table = await NewTableAsync();

        var etags = await table.SubmitTransactionAsync(Enumerable.Range(0, 100)
            .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", $"{i:D3}") { ["Text"] = new string('x', 500) }))
            .ToList());

        Assert.Equal(100, etags.Count);
        Assert.All(etags, Assert.NotNull);
    }

    [Fact]
    public async Task The_counter_counts_logical_operations()
    {
        var counter = new StorageOperationCounter();
        var table = new TableServiceClient(azurite.ConnectionString, new StorageClientOptions { Counter = counter })
            .GetTableClient(AzuriteFixture.UniqueTableName());

        await table.CreateIfNotExistsAsync();
        await table.SubmitTransactionAsync([new(TableTransactionActionType.Add, new TableEntity("p", "1")), new(TableTransactionActionType.Add, new TableEntity("p", "2"))]);
        await table.GetEntityAsync("p", "1");

        Assert.Equal(3, counter.Count);
        Assert.Equal(0, counter.Retries);
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }

    private async Task<TableClient> NewTableAsync()
    {
        var table = _service.GetTableClient(AzuriteFixture.UniqueTableName());
        await table.CreateIfNotExistsAsync();
        return table;
    }
}
