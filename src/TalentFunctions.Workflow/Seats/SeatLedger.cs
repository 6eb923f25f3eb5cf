using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;

namespace TalentFunctions.Workflow.Seats;

/// <summary>The answer to a hold: the seat is now held, was held already by this application, or the cohort is full.</summary>
public enum SeatHoldOutcome
{
    Held,
    AlreadyHeld,
    Full,
}

/// <summary>
/// A hold's outcome and the ledger's count after it (seats held by offers outstanding and acceptances). <see cref="HeldBy"/>
/// is who took the seat, as the hold named it (a waitlist promotion names the freed seat it fills; staff offers name none).
/// </summary>
public sealed record SeatHold(SeatHoldOutcome Outcome, int SeatsHeld, int Capacity, string? HeldBy = null);

/// <summary>A program cycle's seats: how many are held (offers outstanding plus acceptances) against the capacity.</summary>
public sealed record SeatCount(int Held, int Capacity)
{
    public int Free => Math.Max(0, Capacity - Held);
}

/// <summary>
/// The seats of a program's cohort, held exactly (issue 12). One partition per program cycle in the <c>Seats</c> table:
/// a <c>ledger</c> row with the number of seats held, and one <c>h-{applicationId}</c> row per holder. A hold or a
/// release changes both in one entity-group transaction, the ledger row written with If-Match: two offers at the same
/// instant cannot both take the last seat (one loses the race, re-reads, and finds the cohort full), and a hold or
/// release repeated for the same application changes nothing (the holder row is there, or gone).
/// An offer over capacity (staff's <c>allowOverCapacity</c>) holds a seat too, so the count can pass the capacity.
/// </summary>
public sealed partial class SeatLedger(OrchestrationStorage storage, TimeProvider time, ILogger<SeatLedger> logger)
{
    private const string LedgerRow = "ledger";
    private const int MaxAttempts = 100;

    private TableClient Table => storage.Seats;

    public static string Partition(string programId, string cycle) => $"{programId}|{cycle}";

    private static string HolderRow(string applicationId) => "h-" + applicationId;

    /// <summary>Holds a seat for <paramref name="applicationId"/>, unless the cohort is full and <paramref name="overCapacity"/> is false.</summary>
    public Task<SeatHold> HoldAsync(string programId, string cycle, int capacity, string applicationId, bool overCapacity, CancellationToken cancellationToken = default) =>
        HoldAsync(programId, cycle, capacity, applicationId, overCapacity, heldBy: null, cancellationToken);

    /// <summary>
    /// Holds a seat for <paramref name="applicationId"/> on behalf of <paramref name="heldBy"/> (kept on the holder row and
    /// answered in <see cref="SeatHold.HeldBy"/>, so a repeated hold can tell its own seat from someone else's).
    /// </summary>
    public async Task<SeatHold> HoldAsync(string programId, string cycle, int capacity, string applicationId, bool overCapacity, string? heldBy, CancellationToken cancellationToken = default)
    {
        var partition = Partition(programId, cycle);
        for (var attempt = 1; ; attempt++)
        {
            var ledger = await ReadLedgerAsync(partition, cancellationToken).ConfigureAwait(false);
            var held = ledger?.GetInt32("Held") ?? 0;
            if (await Table.GetEntityIfExistsAsync<TableEntity>(partition, HolderRow(applicationId), ["PartitionKey", "HeldBy"], cancellationToken).ConfigureAwait(false) is { HasValue: true } existing)
            {
                return new SeatHold(SeatHoldOutcome.AlreadyHeld, held, capacity, existing.Value!.GetString("HeldBy"));
            }
            if (held >= capacity && !overCapacity)
            {
                return new SeatHold(SeatHoldOutcome.Full, held, capacity);
            }

            var holder = new TableEntity(partition, HolderRow(applicationId))
            {
                ["ApplicationId"] = applicationId,
                ["HeldAt"] = time.GetUtcNow(),
                ["OverCapacity"] = held >= capacity,
            };
            if (heldBy is not null)
            {
                holder["HeldBy"] = heldBy;
            }
            var actions = new List<TableTransactionAction> { LedgerAction(partition, ledger, held + 1), new(TableTransactionActionType.Add, holder) };
            try
            {
                await Table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                return new SeatHold(SeatHoldOutcome.Held, held + 1, capacity, heldBy);
            }
            catch (TableTransactionFailedException ex) when (ex.FailedTransactionActionIndex == 1 && ex.Status == 409 && attempt < MaxAttempts)
            {
                // Held meanwhile by a concurrent hold for this application: the next round reads who holds it.
            }
            catch (TableTransactionFailedException ex) when (IsLostRace(ex) && attempt < MaxAttempts)
            {
                LogLostRace(partition, attempt);
                await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Releases the seat <paramref name="applicationId"/> holds, if it holds one. Returns whether this call freed it.</summary>
    public async Task<bool> ReleaseAsync(string programId, string cycle, string applicationId, CancellationToken cancellationToken = default)
    {
        var partition = Partition(programId, cycle);
        for (var attempt = 1; ; attempt++)
        {
            var holder = await Table.GetEntityIfExistsAsync<TableEntity>(partition, HolderRow(applicationId), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!holder.HasValue)
            {
                return false;
            }
            var ledger = await ReadLedgerAsync(partition, cancellationToken).ConfigureAwait(false);
            var held = ledger?.GetInt32("Held") ?? 0;
            var actions = new List<TableTransactionAction>
            {
                LedgerAction(partition, ledger, Math.Max(0, held - 1)),
                new(TableTransactionActionType.Delete, holder.Value!, holder.Value!.ETag),
            };
            try
            {
                await Table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (TableTransactionFailedException ex) when (ex.FailedTransactionActionIndex == 1 && ex.Status is 404 or 412)
            {
                return false; // released by a concurrent repeat of this release
            }
            catch (TableTransactionFailedException ex) when (IsLostRace(ex) && attempt < MaxAttempts)
            {
                LogLostRace(partition, attempt);
                await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The seats held in a program cycle.</summary>
    public async Task<SeatCount> CountAsync(string programId, string cycle, int capacity, CancellationToken cancellationToken = default)
    {
        var ledger = await ReadLedgerAsync(Partition(programId, cycle), cancellationToken).ConfigureAwait(false);
        return new SeatCount(ledger?.GetInt32("Held") ?? 0, capacity);
    }

    /// <summary>The application holding a seat on behalf of <paramref name="heldBy"/>, if any (a holder row names it).</summary>
    public async Task<string?> FindHeldByAsync(string programId, string cycle, string heldBy, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(programId, cycle)} and HeldBy eq {heldBy}");
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, select: ["ApplicationId"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            return row.GetString("ApplicationId");
        }
        return null;
    }

    /// <summary>Whether <paramref name="applicationId"/> holds a seat.</summary>
    public async Task<bool> HoldsAsync(string programId, string cycle, string applicationId, CancellationToken cancellationToken = default) =>
        (await Table.GetEntityIfExistsAsync<TableEntity>(Partition(programId, cycle), HolderRow(applicationId), ["PartitionKey"], cancellationToken).ConfigureAwait(false)).HasValue;

    private async Task<TableEntity?> ReadLedgerAsync(string partition, CancellationToken cancellationToken)
    {
        var ledger = await Table.GetEntityIfExistsAsync<TableEntity>(partition, LedgerRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        return ledger.HasValue ? ledger.Value : null;
    }

    // The ledger row: added when there is none (a concurrent add loses with 409), else replaced only if unchanged since read.
    private static TableTransactionAction LedgerAction(string partition, TableEntity? ledger, int held)
    {
        var row = new TableEntity(partition, LedgerRow) { ["Held"] = held };
        return ledger is null
            ? new TableTransactionAction(TableTransactionActionType.Add, row)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, ledger.ETag);
    }

    private static bool IsLostRace(TableTransactionFailedException ex) => ex.FailedTransactionActionIndex == 0 && ex.Status is 409 or 412;

    private static TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(200, 5 * (1 << Math.Min(attempt, 6)));
        return TimeSpan.FromMilliseconds(Random.Shared.Next(ceiling / 2, ceiling + 1));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Seat ledger {Partition}: lost a concurrent update (attempt {Attempt}); retrying.")]
    private partial void LogLostRace(string partition, int attempt);
}
