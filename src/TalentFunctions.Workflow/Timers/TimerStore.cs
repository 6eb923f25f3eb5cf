using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace TalentFunctions.Workflow.Timers;

public sealed record DueTimer(string ApplicationId, string TimerId, DateTimeOffset DueAt, string Bucket, string RowKey, ETag ETag);

/// <summary>
/// The <c>Timers</c> table: partition = due hour (<c>yyyyMMddHH</c>, UTC), row =
/// <c>{dueTicks:D19}|{appId}|{timerId}</c>. A sweep reads only the buckets that are due.
/// </summary>
public sealed class TimerStore(OrchestrationStorage storage)
{
    private const string CursorPartition = "cursor";
    private TableClient Table => storage.Timers;

    public static string Bucket(DateTimeOffset dueAt) => dueAt.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);

    public static string Row(string applicationId, string timerId, DateTimeOffset dueAt) =>
        $"{dueAt.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}|{applicationId}|{timerId}";

    public Task<Response> ScheduleAsync(string applicationId, string timerId, DateTimeOffset dueAt, string kind, CancellationToken cancellationToken = default) =>
        Table.UpsertEntityAsync(new TableEntity(Bucket(dueAt), Row(applicationId, timerId, dueAt))
        {
            ["ApplicationId"] = applicationId,
            ["TimerId"] = timerId,
            ["DueAt"] = dueAt,
            ["Kind"] = kind,
        }, TableUpdateMode.Replace, cancellationToken);

    public Task<Response> CancelAsync(string applicationId, string timerId, DateTimeOffset dueAt, CancellationToken cancellationToken = default) =>
        Table.DeleteEntityAsync(Bucket(dueAt), Row(applicationId, timerId, dueAt), ETag.All, cancellationToken);

    /// <summary>Timers in one hour bucket that are due at <paramref name="now"/>.</summary>
    public async Task<IReadOnlyList<DueTimer>> ListDueAsync(string bucket, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var upper = (now.UtcTicks + 1).ToString("D19", CultureInfo.InvariantCulture);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {bucket} and RowKey lt {upper}");
        var due = new List<DueTimer>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            due.Add(new DueTimer(
                row.GetString("ApplicationId") ?? "",
                row.GetString("TimerId") ?? "",
                row.GetDateTimeOffset("DueAt") ?? now,
                bucket,
                row.RowKey,
                row.ETag));
        }
        return due;
    }

    public async Task DeleteFiredAsync(DueTimer timer, CancellationToken cancellationToken = default)
    {
        try
        {
            await Table.DeleteEntityAsync(timer.Bucket, timer.RowKey, timer.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            // Rescheduled meanwhile for the same instant: keep the newer row.
        }
    }

    /// <summary>The oldest hour that may still hold unfired timers, with the ETag guarding it.</summary>
    public async Task<(DateTimeOffset? Hour, ETag? ETag)> GetCursorAsync(CancellationToken cancellationToken = default)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(CursorPartition, CursorPartition, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? (row.Value!.GetDateTimeOffset("Hour"), row.Value.ETag) : (null, null);
    }

    public async Task TryAdvanceCursorAsync(DateTimeOffset hour, ETag? etag, CancellationToken cancellationToken = default)
    {
        var row = new TableEntity(CursorPartition, CursorPartition) { ["Hour"] = hour };
        try
        {
            if (etag is null)
            {
                await Table.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await Table.UpdateEntityAsync(row, etag.Value, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Another sweeper moved it; it will be right on the next sweep.
        }
    }
}
