using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Workflow.Effects;

namespace TalentFunctions.Workflow.Index;

public sealed record SummaryPage(IReadOnlyList<ApplicationSummary> Items, string? ContinuationToken);

/// <summary>
/// The staff listing index, so listing by program and stage never reads application partitions.
/// Partition = program id. Row <c>s|{stage}|{appId}</c> holds the summary; row <c>a|{appId}</c>
/// points at the stage the application is listed under and the version that put it there, so
/// updates arriving out of order (two dispatchers) never move an application backwards.
/// The listing row also holds the values the staff listing filters on as columns of their own (<c>Track</c>,
/// <c>School</c>, <c>Language</c>, <c>Score</c>; see <see cref="ListingFilter"/>), so a filter is part of the table
/// query. Rows written before those columns existed lack them until the application's next index update (there is no
/// migration): until then a filter on a column does not match them.
/// <para>
/// The dashboard's numbers are counters in the same partition (<see cref="ProgramCounters"/>), changed in the same
/// entity-group transaction that moves the pointer, so each version of an application is counted exactly once: the
/// transaction is conditional on the pointer's ETag (and on the counter row's), a retry after a lost answer finds the
/// pointer at that version already and stops, and of two dispatchers racing one commits and the other reads again. The
/// pointer keeps what it counted (<c>Counted</c>, <c>Attention</c>, <c>Score</c>, <c>ReviewCount</c>), so the next version takes exactly that
/// away. Pointers written before the counters existed have no <c>Counted</c>: the first update counts the application
/// afresh, and <see cref="ReadCountsAsync"/> counts the rest once (<see cref="RebuildCountsAsync"/>).
/// </para>
/// </summary>
public sealed class ApplicationIndex(OrchestrationStorage storage, ProgramCatalog programs)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private TableClient Table => storage.Index;

    private const int MaxRememberedPointers = 4096;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, PointerRow> pointers = new(StringComparer.Ordinal);

    /// <summary>An application's pointer row: where it is listed, at which version, and what it added to the counters (null: nothing yet).</summary>
    private sealed record PointerRow(string Stage, long Version, ETag ETag, Contribution? Counted)
    {
        public static PointerRow From(TableEntity row)
        {
            var stage = row.GetString("Stage") ?? "";
            var counted = row.GetBoolean("Counted") == true
                ? new Contribution(stage, row.GetBoolean("Attention") == true, row.GetDouble("Score"), row.GetInt32("ReviewCount") ?? 0, row.GetString("MentorScores"))
                : (Contribution?)null;
            return new PointerRow(stage, row.GetInt64("Version") ?? -1, row.ETag, counted);
        }
    }

    /// <summary>The pointer row of an application listed under <paramref name="counted"/>'s stage, marked as counted.</summary>
    private static TableEntity NewPointer(string programId, string applicationId, long version, Contribution counted)
    {
        var pointer = CountedPointer(programId, applicationId, counted);
        pointer["Stage"] = counted.Stage;
        pointer["Version"] = version;
        return pointer;
    }

    /// <summary>The pointer columns that say what an application added to the counters (merged by a rebuild, part of every new pointer).</summary>
    private static TableEntity CountedPointer(string programId, string applicationId, Contribution counted)
    {
        var pointer = new TableEntity(programId, Pointer(applicationId))
        {
            ["Counted"] = true,
            ["Attention"] = counted.NeedsAttention,
            ["ReviewCount"] = counted.Reviews,
        };
        if (counted.Score is { } score)
        {
            pointer["Score"] = score;
        }
        if (counted.MentorScores is { } mentorScores)
        {
            pointer["MentorScores"] = mentorScores;
        }
        return pointer;
    }

    private void RememberPointer(string applicationId, PointerRow pointer)
    {
        if (pointers.Count >= MaxRememberedPointers)
        {
            pointers.Clear();
        }
        pointers[applicationId] = pointer;
    }

    private static string Pointer(string applicationId) => "a|" + applicationId;

    /// <summary>The rows of one program listed under one stage: a RowKey range, no scan of other stages.</summary>
    private static string StageFilter(string programId, string stage, ListingFilter? filter = null)
    {
        var from = $"s|{stage}|";
        var to = $"s|{stage}}}";
        return TableClient.CreateQueryFilter($"PartitionKey eq {programId} and RowKey ge {from} and RowKey lt {to}") + filter?.ODataConditions();
    }

    /// <summary>Every listing row of a program (all stages), filtered.</summary>
    private static string ProgramFilter(string programId, ListingFilter? filter = null) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {programId} and RowKey ge {"s|"} and RowKey lt {"s}"}") + filter?.ODataConditions();
    private static string Entry(string stage, string applicationId) => $"s|{stage}|{applicationId}";

    public async Task ApplyAsync(ApplicationSummary summary, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            // The pointer this process wrote last is usually still current; a stale one costs a 412 and a read.
            PointerRow? pointer;
            if (attempt > 0 || !pointers.TryGetValue(summary.ApplicationId, out pointer))
            {
                var row = await Table.GetEntityIfExistsAsync<TableEntity>(summary.ProgramId, Pointer(summary.ApplicationId), cancellationToken: cancellationToken).ConfigureAwait(false);
                pointer = row.HasValue ? PointerRow.From(row.Value!) : null;
            }
            if ((pointer?.Version ?? -1) >= summary.Version)
            {
                return;
            }
            var previousStage = pointer?.Stage;
            var counted = Contribution.Of(summary, programs.Get(summary.ProgramId));
            var actions = new List<TableTransactionAction>(4);
            var newPointer = NewPointer(summary.ProgramId, summary.ApplicationId, summary.Version, counted);
            actions.Add(pointer is null
                ? new TableTransactionAction(TableTransactionActionType.Add, newPointer)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, newPointer, pointer.ETag));
            if (previousStage is not null && previousStage != summary.Stage)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete,
                    new TableEntity(summary.ProgramId, Entry(previousStage, summary.ApplicationId)), ETag.All));
            }
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, ListingRow(summary)));
            // Most updates (dates, drafts, assignments) change no count: those leave the counter rows alone.
            var change = ProgramCounters.Change(pointer?.Counted, counted);
            if (!change.IsEmpty)
            {
                var counter = ProgramCounters.ShardRow(ProgramCounters.ShardOf(summary.ApplicationId));
                var current = await Table.GetEntityIfExistsAsync<TableEntity>(summary.ProgramId, counter, cancellationToken: cancellationToken).ConfigureAwait(false);
                actions.Add(change.AddedTo(summary.ProgramId, counter, current.HasValue ? current.Value : null));
            }
            try
            {
                var responses = await Table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                RememberPointer(summary.ApplicationId, new PointerRow(summary.Stage, summary.Version, responses.Value[0].Headers.ETag!.Value, counted));
                return;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412 && attempt < 20)
            {
                // Another dispatcher updated the pointer, or another application of the shard its counter row, first:
                // read again. Nothing of this transaction was written.
                pointers.TryRemove(summary.ApplicationId, out _);
            }
        }
    }

    /// <summary>The listing row of a summary, with the values the listing filters on as columns of their own.</summary>
    internal static TableEntity ListingRow(ApplicationSummary summary)
    {
        var entry = new TableEntity(summary.ProgramId, Entry(summary.Stage, summary.ApplicationId))
        {
            ["Stage"] = summary.Stage,
            ["Version"] = summary.Version,
            ["Summary"] = JsonSerializer.Serialize(summary, Json),
            // The filterable values (ListingFilter), in the forms the filter compares.
            ["Track"] = summary.Track,
            ["School"] = ListingFilter.SchoolColumn(summary.School),
            ["Language"] = ListingFilter.LanguageColumn(summary.ProjectLanguage),
        };
        if (summary.WeightedScore is { } score)
        {
            entry["Score"] = score;
        }
        if (summary.Reviews is { Count: > 0 } reviews)
        {
            // Also a column of its own, so calibration reads the reviews of a cycle without the summaries.
            entry["Reviews"] = JsonSerializer.Serialize(reviews, Json);
        }
        return entry;
    }

    /// <summary>
    /// Lists applications of one program that were never listed, in entity-group transactions of
    /// <see cref="AddNewBatchSize"/> applications (their pointer and listing rows, as <see cref="ApplyAsync"/> writes them)
    /// plus one counter row: a bulk load (test fixtures of thousands of applications) at a storage call per
    /// 49 applications instead of three. Pointers are added, never replaced: an application already listed fails its batch
    /// with 409, and nothing of that batch is written.
    /// </summary>
    public async Task AddNewAsync(string programId, IReadOnlyList<ApplicationSummary> summaries, CancellationToken cancellationToken = default)
    {
        var program = programs.Get(programId);
        foreach (var batch in summaries.Chunk(AddNewBatchSize))
        {
            var actions = new List<TableTransactionAction>(batch.Length * 2 + 1);
            var change = new ProgramCounters();
            foreach (var summary in batch)
            {
                if (summary.ProgramId != programId)
                {
                    throw new ArgumentException($"Application {summary.ApplicationId} is not of program {programId}.", nameof(summaries));
                }
                var counted = Contribution.Of(summary, program);
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, NewPointer(programId, summary.ApplicationId, summary.Version, counted)));
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, ListingRow(summary)));
                change.Add(counted, +1);
            }
            await AddToCountersAsync(programId, ProgramCounters.ShardOf(batch[0].ApplicationId), change, actions, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Applications per <see cref="AddNewAsync"/> transaction: two rows each and a counter row, within the 100 operations a transaction may hold.</summary>
    public const int AddNewBatchSize = 49;

    /// <summary>
    /// Commits <paramref name="actions"/> together with <paramref name="change"/> added to counter shard
    /// <paramref name="shard"/>, reading the counter row again when another writer changed it in between.
    /// </summary>
    internal async Task AddToCountersAsync(string programId, int shard, ProgramCounters change, List<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        var counter = ProgramCounters.ShardRow(shard);
        for (var attempt = 0; ; attempt++)
        {
            var current = await Table.GetEntityIfExistsAsync<TableEntity>(programId, counter, cancellationToken: cancellationToken).ConfigureAwait(false);
            try
            {
                await Table.SubmitTransactionAsync([.. actions, change.AddedTo(programId, counter, current.HasValue ? current.Value : null)], cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412 && ex.FailedTransactionActionIndex == actions.Count && attempt < 20)
            {
                // Only the counter row was taken by another writer: read it again.
            }
        }
    }

    /// <summary>
    /// The counts of a program from its counter rows: one query of at most <see cref="ProgramCounters.Shards"/> + 1 rows,
    /// whatever the number of applications. When the counters were never completed (<see cref="ProgramCounters.BuiltRow"/>
    /// missing: the program's applications were listed before the counters existed, or it has none yet), counts the
    /// applications not yet counted first (<see cref="RebuildCountsAsync"/>), once.
    /// </summary>
    public async Task<ProgramCounts> ReadCountsAsync(string programId, CancellationToken cancellationToken = default)
    {
        var counts = new ProgramCounters();
        var built = false;
        await foreach (var row in Table.QueryAsync<TableEntity>(ProgramCounters.RangeFilter(programId), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.RowKey == ProgramCounters.BuiltRow)
            {
                // A marker from before the mentors' calibration sums (ADR 0019) asks for the pass that adds them.
                built = row.GetBoolean(ProgramCounters.MentorSumsColumn) == true;
            }
            else
            {
                counts.AddRow(row);
            }
        }
        if (!built)
        {
            await RebuildCountsAsync(programId, cancellationToken).ConfigureAwait(false);
            return await ReadCountsAsync(programId, cancellationToken).ConfigureAwait(false);
        }
        return counts.ToCounts();
    }

    /// <summary>
    /// Counts every application of a program whose pointer has not counted it yet (written before the counters existed),
    /// and adds the calibration sums of the reviews of every application counted before those sums existed (ADR 0019),
    /// from its listing row; then marks the counters complete (<see cref="ProgramCounters.BuiltRow"/>). Each batch updates
    /// up to 99 pointers and adds them to a counter row in one transaction conditional on all their ETags, so an
    /// application counted meanwhile by <see cref="ApplyAsync"/> fails the batch instead of being counted twice; the pass
    /// then starts again with what is still to count. Safe to run twice at once for the same reason. Reads the program's
    /// pointer and listing rows: a one-off cost the first time a program's counts are read after an upgrade.
    /// </summary>
    public async Task RebuildCountsAsync(string programId, CancellationToken cancellationToken = default)
    {
        var program = programs.Get(programId);
        for (var pass = 0; ; pass++)
        {
            var toCount = new List<(string ApplicationId, PointerRow Pointer)>();
            var pointerFilter = TableClient.CreateQueryFilter($"PartitionKey eq {programId} and RowKey ge {"a|"} and RowKey lt {"a}"}");
            await foreach (var row in Table.QueryAsync<TableEntity>(pointerFilter,
                select: ["RowKey", "Stage", "Version", "Counted", "Attention", "Score", "ReviewCount", "MentorScores"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                var pointer = PointerRow.From(row);
                if (pointer.Counted is not { } counted || (counted.Reviews > 0 && counted.MentorScores is null && program is not null))
                {
                    toCount.Add((row.RowKey[2..], pointer));
                }
            }
            var listed = new Dictionary<string, ApplicationSummary>(StringComparer.Ordinal);
            if (toCount.Count > 0)
            {
                await foreach (var summary in ListProgramAsync(programId, cancellationToken).ConfigureAwait(false))
                {
                    listed[summary.ApplicationId] = summary;
                }
            }
            var raced = false;
            foreach (var batch in toCount.Chunk(RebuildBatchSize))
            {
                var actions = new List<TableTransactionAction>(RebuildBatchSize + 1);
                var change = new ProgramCounters();
                foreach (var (applicationId, pointer) in batch)
                {
                    // A listing row of another stage than the pointer's was written after the pointer was read: the
                    // pointer's ETag has changed too, and this batch fails and is tried again on the next pass.
                    var current = listed.TryGetValue(applicationId, out var summary) && summary.Stage == pointer.Stage
                        ? Contribution.Of(summary, program)
                        : new Contribution(pointer.Stage, false, null, 0);
                    // Counted before the calibration sums: what it counted stays, only its reviews' sums are added.
                    var counted = pointer.Counted is { } before ? before with { MentorScores = current.MentorScores } : current;
                    actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateMerge, CountedPointer(programId, applicationId, counted), pointer.ETag));
                    if (pointer.Counted is { } old)
                    {
                        change.Add(old, -1);
                    }
                    change.Add(counted, +1);
                }
                try
                {
                    await AddToCountersAsync(programId, ProgramCounters.ShardOf(batch[0].ApplicationId), change, actions, cancellationToken).ConfigureAwait(false);
                }
                catch (TableTransactionFailedException ex) when (ex.Status is 404 or 412 && pass < 20)
                {
                    // A pointer of the batch changed since it was read (ApplyAsync counted it): count the rest on the next pass.
                    raced = true;
                }
            }
            if (!raced)
            {
                await Table.UpsertEntityAsync(new TableEntity(programId, ProgramCounters.BuiltRow)
                {
                    ["CountedByRebuild"] = toCount.Count,
                    [ProgramCounters.MentorSumsColumn] = true,
                }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return;
            }
        }
    }

    /// <summary>Pointers per rebuild transaction, with the counter row: the 100 operations a transaction may hold.</summary>
    private const int RebuildBatchSize = 99;

    /// <summary>
    /// Keeps an erased application's listing row for the statistics (stage, track, dates, scores) with its personal
    /// fields emptied and <see cref="ApplicationSummary.ErasedAt"/> set, and moves its pointer to the last version there
    /// is, so no late update can write the old summary back (ADR 0014). Idempotent; nothing to do when it was never listed.
    /// </summary>
    public async Task AnonymiseAsync(string programId, string applicationId, DateTimeOffset erasedAt, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            pointers.TryRemove(applicationId, out _);
            var pointer = await Table.GetEntityIfExistsAsync<TableEntity>(programId, Pointer(applicationId), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!pointer.HasValue)
            {
                return;
            }
            var stage = pointer.Value!.GetString("Stage") ?? "";
            var entry = await Table.GetEntityIfExistsAsync<TableEntity>(programId, Entry(stage, applicationId), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!entry.HasValue)
            {
                return;
            }
            var summary = Read(entry.Value!);
            if (summary.ErasedAt is not null && pointer.Value.GetInt64("Version") == long.MaxValue)
            {
                return;
            }
            var anonymous = summary with { ProjectTitle = "", ApplicantName = "", School = "", ErasedAt = summary.ErasedAt ?? erasedAt };
            var row = new TableEntity(programId, Entry(stage, applicationId))
            {
                ["Stage"] = stage,
                ["Version"] = long.MaxValue,
                ["Summary"] = JsonSerializer.Serialize(anonymous, Json),
            };
            if (anonymous.Reviews is { Count: > 0 } reviews)
            {
                row["Reviews"] = JsonSerializer.Serialize(reviews, Json);
            }
            TableTransactionAction[] actions =
            [
                // Merged, not replaced: the stage, attention, score and reviews stay as counted, so the counters need no change.
                new(TableTransactionActionType.UpdateMerge, new TableEntity(programId, Pointer(applicationId)) { ["Version"] = long.MaxValue }, pointer.Value.ETag),
                new(TableTransactionActionType.UpdateReplace, row, entry.Value!.ETag),
            ];
            try
            {
                await Table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 404 or 412 && attempt < 10)
            {
                // A listing update won the race: read again.
            }
        }
    }

    /// <summary>A page of summaries of one program in one stage, oldest application id first.</summary>
    public Task<SummaryPage> ListAsync(string programId, string stage, int pageSize, string? continuationToken, CancellationToken cancellationToken = default) =>
        ListAsync(programId, stage, ListingFilter.None, pageSize, continuationToken, cancellationToken);

    /// <summary>
    /// A page of the summaries of one program in one stage that match <paramref name="listingFilter"/>, oldest application
    /// id first. A continuation token is good only for the listing that issued it (program, stage and filter).
    /// </summary>
    public async Task<SummaryPage> ListAsync(string programId, string stage, ListingFilter listingFilter, int pageSize, string? continuationToken, CancellationToken cancellationToken = default)
    {
        var filter = StageFilter(programId, stage, listingFilter);
        var listing = ListingKey(programId, stage) + listingFilter.Key;
        var pages = Table.QueryAsync<TableEntity>(filter, pageSize, ["Summary"], cancellationToken)
            .AsPages(StorageToken(listing, continuationToken), pageSize);
        try
        {
            await foreach (var page in pages.ConfigureAwait(false))
            {
                return new SummaryPage(page.Values.Select(Read).ToList(), ApiToken(listing, page.ContinuationToken));
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 400 && continuationToken is not null)
        {
            throw new FormatException("The continuation token is not one this index issued.", ex);
        }
        return new SummaryPage([], null);
    }

    // Callers get the SDK's continuation token (opaque: the service chooses what it holds) wrapped with the listing it
    // belongs to, Base64url encoded. A token is taken back only for that listing (same program, stage and filter); anything
    // else is a FormatException, which the API answers with 422. Whatever a forged token holds, the query's filter
    // still limits the rows to this program and stage.
    private static string ListingKey(string programId, string stage) => $"{programId}/{stage}";

    private static string? StorageToken(string listingKey, string? token)
    {
        if (token is null)
        {
            return null;
        }
        string text;
        try
        {
            text = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            throw new FormatException("The continuation token is not one this index issued.");
        }
        return text.Split('\n', 2) is [var listing, { Length: > 0 } storageToken]
               && listing == listingKey
               && !storageToken.Any(char.IsControl)
            ? storageToken
            : throw new FormatException("The continuation token is not one this index issued.");
    }

    private static string? ApiToken(string listingKey, string? storageToken) =>
        storageToken is null
            ? null
            : System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(listingKey + "\n" + storageToken));

    /// <summary>How many applications of a program are listed under <paramref name="stage"/>.</summary>
    public async Task<int> CountAsync(string programId, string stage, CancellationToken cancellationToken = default)
    {
        var filter = StageFilter(programId, stage);
        var count = 0;
        await foreach (var _ in Table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            count++;
        }
        return count;
    }

    /// <summary>Every summary of a program (for the dashboard and the CSV export).</summary>
    public IAsyncEnumerable<ApplicationSummary> ListProgramAsync(string programId, CancellationToken cancellationToken = default) =>
        ListProgramAsync(programId, null, ListingFilter.None, cancellationToken);

    /// <summary>Every summary of a program, or of one of its stages, that matches <paramref name="listingFilter"/> (the CSV export).</summary>
    public async IAsyncEnumerable<ApplicationSummary> ListProgramAsync(
        string programId, string? stage, ListingFilter listingFilter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = stage is null ? ProgramFilter(programId, listingFilter) : StageFilter(programId, stage, listingFilter);
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, select: ["Summary"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return Read(row);
        }
    }

    /// <summary>
    /// Every summary of a program listed under <paramref name="stage"/>, up to <paramref name="limit"/> + 1 of them (the
    /// caller tells "more than the limit" from that extra one).
    /// </summary>
    public async Task<IReadOnlyList<ApplicationSummary>> ListStageAsync(string programId, string stage, int limit, CancellationToken cancellationToken = default) =>
        await ListStageAsync(programId, stage, ListingFilter.None, limit, cancellationToken).ConfigureAwait(false);

    /// <summary>As <see cref="ListStageAsync(string, string, int, CancellationToken)"/>, only the rows matching <paramref name="listingFilter"/>.</summary>
    public async Task<IReadOnlyList<ApplicationSummary>> ListStageAsync(string programId, string stage, ListingFilter listingFilter, int limit, CancellationToken cancellationToken = default)
    {
        var items = new List<ApplicationSummary>();
        await foreach (var row in Table.QueryAsync<TableEntity>(StageFilter(programId, stage, listingFilter), select: ["Summary"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            items.Add(Read(row));
            if (items.Count > limit)
            {
                break;
            }
        }
        return items;
    }

    /// <summary>The application id of a listing row <c>s|{stage}|{appId}</c>.</summary>
    private static string ApplicationIdOf(string rowKey) => rowKey[(rowKey.LastIndexOf('|') + 1)..];

    private static ApplicationSummary Read(TableEntity row) =>
        JsonSerializer.Deserialize<ApplicationSummary>(row.GetString("Summary") ?? "null", Json)
        ?? throw new InvalidDataException($"Index row {row.RowKey} has no summary.");
}
