using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Workflow.Commands;
using TalentFunctions.Workflow.Work;
using Azure.Data.Tables;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Workflow.Tests;

[Collection(AzuriteFixture.Collection)]
public sealed class ReliabilityTests(AzuriteFixture azurite)
{
    private sealed class InjectedFailure() : Exception("injected failure");

    [Fact]
    public async Task Thirty_two_concurrent_commands_are_each_applied_exactly_once()
    {
        await using var h = await RuntimeHarness.StartAsync(azurite);
        const string id = "app-concurrent";
        await h.RunAsync(id, Commands.Create(id));
        var version = (await h.StateAsync(id)).Version;

        // 32 distinct commands, each delivered twice, all at once.
        var commands = Enumerable.Range(0, 32)
            .Select(i => new RequestMaterial($"req-{i}", "applicant", $"m{i}", MaterialKind.Script, $"s{i}.pdf", "application/pdf", 100 + i, $"materials/m{i}"))
            .ToList();
        var results = await Task.WhenAll(commands.Concat(commands).Select(c => Task.Run(() => h.RunAsync(id, c))));

        Assert.All(results, r => Assert.IsType<CommandApplied>(r));
        Assert.Equal(32, results.Cast<CommandApplied>().Count(r => !r.AlreadyApplied));
        var state = await h.StateAsync(id);
        Assert.Equal(version + 32, state.Version);
        Assert.Equal(32, state.Materials.Select(m => m.MaterialId).Distinct().Count());
        var history = await h.Queries.GetHistoryAsync(id);
        Assert.Equal(state.Version, history.Count);
        Assert.Equal(32, history.Count(e => e.Event is MaterialRequested));
    }

    [Fact]
    public async Task A_crash_after_the_commit_loses_no_effect()
    {
        await using var h = await RuntimeHarness.StartAsync(azurite);
        const string id = "app-crash-commit";
        h.Hooks.OnPoint = (point, _) => point == RuntimePoint.Committed ? throw new InjectedFailure() : Task.CompletedTask;

        await Assert.ThrowsAsync<InjectedFailure>(() => h.RunAsync(id, Commands.Create(id)));
        h.Hooks.OnPoint = null;

        // Committed, but nothing dispatched: the marker and the outbox rows wait for the sweeper.
        Assert.Equal(Stage.Draft, (await h.StateAsync(id)).Stage);
        Assert.NotEmpty(await h.Store.ReadOutboxAsync(id));
        Assert.NotNull(await h.Markers.GetAsync(id));
        Assert.Empty(h.Emails.KindsFor(id));

        // Not stale yet: the sweeper leaves it alone.
        Assert.Equal(0, await h.OutboxSweeper.SweepAsync());
        h.Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(1, await h.OutboxSweeper.SweepAsync());

        Assert.Empty(await h.Store.ReadOutboxAsync(id));
        Assert.Null(await h.Markers.GetAsync(id));
        Assert.Equal([EmailKind.DraftStarted], h.Emails.KindsFor(id));
        Assert.Equal(3, await h.CountRowsAsync(h.Storage.Timers, TableClient.CreateQueryFilter($"ApplicationId eq {id}")));
        Assert.Single((await h.Queries.ListAsync("hina-directors", Stage.Draft, 50, null)).Items, s => s.ApplicationId == id);
    }

    [Fact]
    public async Task A_crash_in_the_middle_of_dispatch_is_finished_by_the_sweeper()
    {
        await using var h = await RuntimeHarness.StartAsync(azurite);
        const string id = "app-crash-dispatch";
        var performed = 0;
        h.Hooks.OnPoint = (point, _) => point == RuntimePoint.EffectPerformed && Interlocked.Increment(ref performed) == 2
            ? throw new InjectedFailure()
            : Task.CompletedTask;

        // Inline dispatch swallows the failure (the command is committed) and leaves the rest.
        Assert.IsType<CommandApplied>(await h.RunAsync(id, Commands.Create(id)));
        h.Hooks.OnPoint = null;
        var left = await h.Store.ReadOutboxAsync(id);
        Assert.NotEmpty(left);
        Assert.NotNull(await h.Markers.GetAsync(id));

        h.Clock.Advance(TimeSpan.FromMinutes(3));
        await h.OutboxSweeper.SweepAsync();

        Assert.Empty(await h.Store.ReadOutboxAsync(id));
        Assert.Null(await h.Markers.GetAsync(id));
        Assert.Equal([EmailKind.DraftStarted], h.Emails.KindsFor(id));
        Assert.Equal(3, await h.CountRowsAsync(h.Storage.Timers, TableClient.CreateQueryFilter($"ApplicationId eq {id}")));
    }

    [Fact]
    public async Task A_sweeper_that_removes_the_marker_of_a_slow_command_cannot_strand_its_effects()
    {
        await using var h = await RuntimeHarness.StartAsync(azurite);
        const string id = "app-slow";
        var swept = 0;
        h.Hooks.OnPoint = async (point, _) =>
        {
            if (point == RuntimePoint.MarkerWritten && Interlocked.Exchange(ref swept, 1) == 0)
            {
                // The command stalls between writing its marker and committing; meanwhile the
                // marker turns stale and a sweeper finds no outbox rows and removes it.
                h.Clock.Advance(TimeSpan.FromMinutes(5));
                await h.OutboxSweeper.SweepAsync();
                Assert.Null(await h.Markers.GetAsync(id));
            }
            else if (point == RuntimePoint.Committed)
            {
                throw new InjectedFailure(); // and then the process dies before dispatching
            }
        };

        await Assert.ThrowsAsync<InjectedFailure>(() => h.RunAsync(id, Commands.Create(id)));
        h.Hooks.OnPoint = null;

        // The commit re-wrote the marker, so the effects are found and finished.
        Assert.NotNull(await h.Markers.GetAsync(id));
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        await h.OutboxSweeper.SweepAsync();
        Assert.Empty(await h.Store.ReadOutboxAsync(id));
        Assert.Equal([EmailKind.DraftStarted], h.Emails.KindsFor(id));
    }

    [Fact]
    public async Task A_work_item_delivered_twice_has_its_effect_once()
    {
        await using var h = await RuntimeHarness.StartAsync(azurite);
        const string id = "app-twice";
        await h.RunAsync(id, Commands.Create(id));
        await h.RunAsync(id, Commands.RequestReel());
        await h.RunAsync(id, Commands.AttachReel());
        await h.RunAsync(id, Commands.Submit());

        Azure.Storage.Queues.Models.QueueMessage[] messages = await h.Storage.WorkItems.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30));
        var screening = Assert.Single(messages).Body.ToString();
        await Task.WhenAll(h.WorkItems.HandleAsync(screening), h.WorkItems.HandleAsync(screening));
        await h.WorkItems.HandleAsync(screening);

        var state = await h.StateAsync(id);
        Assert.Equal(Stage.InReview, state.Stage);
        var history = await h.Queries.GetHistoryAsync(id);
        Assert.Single(history, e => e.Event is ScreenedIn);
        Assert.Single(h.Emails.KindsFor(id), k => k == EmailKind.UnderReview);
    }

    [Fact]
    public async Task A_timer_fires_once_when_two_sweepers_run_at_the_same_time()
    {
        await using var h = await RuntimeHarness.StartAsync(azurite);
        var ids = Enumerable.Range(0, 6).Select(i => $"app-timer-{i}").ToList();
        foreach (var id in ids)
        {
            await h.RunAsync(id, Commands.Create(id));
        }
        var deadline = (await h.StateAsync(ids[0])).Deadline;
        h.Clock.SetUtcNow(deadline - TimeSpan.FromHours(71));

        await Task.WhenAll(Task.Run(() => h.TimerSweeper.SweepAsync()), Task.Run(() => h.TimerSweeper.SweepAsync()));
        await h.TimerSweeper.SweepAsync();

        foreach (var id in ids)
        {
            Assert.Single(h.Emails.KindsFor(id), k => k == EmailKind.DraftReminder72h);
            var history = await h.Queries.GetHistoryAsync(id);
            Assert.Single(history, e => e.Event is DraftReminderDue);
        }
    }

    [Fact]
    public async Task A_second_application_with_the_same_email_is_screened_out_as_a_duplicate()
    {
        await using var h = await RuntimeHarness.StartAsync(azurite);
        foreach (var id in new[] { "app-first", "app-second" })
        {
            await h.RunAsync(id, Commands.Create(id, email: "same@example.com"));
            await h.RunAsync(id, Commands.RequestReel());
            await h.RunAsync(id, Commands.AttachReel());
            await h.RunAsync(id, Commands.Submit());
            await h.PumpWorkItemsAsync();
        }

        Assert.Equal(Stage.InReview, (await h.StateAsync("app-first")).Stage);
        var second = await h.StateAsync("app-second");
        Assert.Equal(Stage.ScreenedOut, second.Stage);
        Assert.Contains(second.ScreeningResult!.Reasons, r => r.Reason == ScreeningReason.DuplicateApplication);
    }
}
