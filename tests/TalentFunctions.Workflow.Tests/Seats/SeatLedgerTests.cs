using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging.Abstractions;
using TalentFunctions.TestSupport;
using TalentFunctions.Workflow.Seats;

namespace TalentFunctions.Workflow.Tests.Seats;

/// <summary>The seat ledger on Azurite: holds are exact under concurrency, and holds and releases are idempotent.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class SeatLedgerTests(AzuriteFixture azurite)
{
    private const string Program = "hina-directors";
    private const string Cycle = "2027";

    [Fact]
    public async Task Thirty_two_offers_at_once_for_five_free_seats_hold_exactly_five()
    {
        var ledger = await LedgerAsync();
        // A cohort of 12 with 7 seats already held: 5 free.
        for (var i = 0; i < 7; i++)
        {
            Assert.Equal(SeatHoldOutcome.Held, (await ledger.HoldAsync(Program, Cycle, 12, $"app-held{i}", overCapacity: false)).Outcome);
        }

        var holds = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(() => ledger.HoldAsync(Program, Cycle, 12, $"app-new{i}", overCapacity: false))));

        Assert.Equal(5, holds.Count(h => h.Outcome == SeatHoldOutcome.Held));
        Assert.Equal(27, holds.Count(h => h.Outcome == SeatHoldOutcome.Full));
        Assert.Equal(new SeatCount(12, 12), await ledger.CountAsync(Program, Cycle, 12));

        // One declines: one seat is free again, and only one of the waiting offers gets it.
        var holder = Enumerable.Range(0, 32).First(i => holds[i].Outcome == SeatHoldOutcome.Held);
        Assert.True(await ledger.ReleaseAsync(Program, Cycle, $"app-new{holder}"));
        Assert.Equal(1, (await ledger.CountAsync(Program, Cycle, 12)).Free);
        var retries = await Task.WhenAll(Enumerable.Range(0, 32).Where(i => holds[i].Outcome == SeatHoldOutcome.Full)
            .Select(i => Task.Run(() => ledger.HoldAsync(Program, Cycle, 12, $"app-new{i}", overCapacity: false))));
        Assert.Single(retries, h => h.Outcome == SeatHoldOutcome.Held);
        Assert.Equal(new SeatCount(12, 12), await ledger.CountAsync(Program, Cycle, 12));
    }

    [Fact]
    public async Task Holding_or_releasing_twice_changes_the_count_once()
    {
        var ledger = await LedgerAsync();

        Assert.Equal(SeatHoldOutcome.Held, (await ledger.HoldAsync(Program, Cycle, 3, "app-a", overCapacity: false)).Outcome);
        var repeats = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => ledger.HoldAsync(Program, Cycle, 3, "app-a", overCapacity: false))));
        Assert.All(repeats, h => Assert.Equal(SeatHoldOutcome.AlreadyHeld, h.Outcome));
        Assert.Equal(1, (await ledger.CountAsync(Program, Cycle, 3)).Held);

        var releases = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => ledger.ReleaseAsync(Program, Cycle, "app-a"))));
        Assert.Single(releases, r => r);
        Assert.Equal(0, (await ledger.CountAsync(Program, Cycle, 3)).Held);
        Assert.False(await ledger.HoldsAsync(Program, Cycle, "app-a"));
    }

    [Fact]
    public async Task An_offer_over_capacity_holds_a_seat_too_and_other_cycles_and_programs_are_separate()
    {
        var ledger = await LedgerAsync();
        Assert.Equal(SeatHoldOutcome.Held, (await ledger.HoldAsync(Program, Cycle, 1, "app-a", overCapacity: false)).Outcome);
        Assert.Equal(SeatHoldOutcome.Full, (await ledger.HoldAsync(Program, Cycle, 1, "app-b", overCapacity: false)).Outcome);

        var over = await ledger.HoldAsync(Program, Cycle, 1, "app-b", overCapacity: true);

        Assert.Equal(new SeatHold(SeatHoldOutcome.Held, 2, 1), over);
        Assert.Equal(new SeatCount(2, 1), await ledger.CountAsync(Program, Cycle, 1));
        Assert.Equal(0, (await ledger.CountAsync(Program, Cycle, 1)).Free);
        Assert.Equal(SeatHoldOutcome.Held, (await ledger.HoldAsync(Program, "2028", 1, "app-c", overCapacity: false)).Outcome);
        Assert.Equal(SeatHoldOutcome.Held, (await ledger.HoldAsync("other-program", Cycle, 1, "app-d", overCapacity: false)).Outcome);
    }

    [Fact]
    public async Task A_hold_on_behalf_of_a_freed_seat_is_found_by_it_and_told_apart_from_other_holds()
    {
        var ledger = await LedgerAsync();
        Assert.Equal(SeatHoldOutcome.Held, (await ledger.HoldAsync(Program, Cycle, 3, "app-staff", overCapacity: false)).Outcome);

        var promoted = await ledger.HoldAsync(Program, Cycle, 3, "app-next", overCapacity: false, heldBy: "app-freed-9-seat-waitlist");

        Assert.Equal(new SeatHold(SeatHoldOutcome.Held, 2, 3, "app-freed-9-seat-waitlist"), promoted);
        Assert.Equal("app-freed-9-seat-waitlist", (await ledger.HoldAsync(Program, Cycle, 3, "app-next", overCapacity: false, heldBy: "another-seat")).HeldBy);
        Assert.Null((await ledger.HoldAsync(Program, Cycle, 3, "app-staff", overCapacity: false, heldBy: "another-seat")).HeldBy);
        Assert.Equal("app-next", await ledger.FindHeldByAsync(Program, Cycle, "app-freed-9-seat-waitlist"));
        Assert.Null(await ledger.FindHeldByAsync(Program, Cycle, "another-seat"));
        Assert.Equal(2, (await ledger.CountAsync(Program, Cycle, 3)).Held);
    }

    private async Task<SeatLedger> LedgerAsync()
    {
        var options = new OrchestrationOptions { TablePrefix = "seats" + Guid.NewGuid().ToString("N")[..10] };
        var storage = new OrchestrationStorage(new TableServiceClient(azurite.ConnectionString), new BlobServiceClient(azurite.ConnectionString), options);
        await storage.Seats.CreateIfNotExistsAsync();
        return new SeatLedger(storage, TimeProvider.System, NullLogger<SeatLedger>.Instance);
    }
}
