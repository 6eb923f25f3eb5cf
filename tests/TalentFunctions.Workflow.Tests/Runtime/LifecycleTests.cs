using TalentFunctions.Domain.Applications;
using TalentFunctions.Workflow.Commands;
using Azure.Data.Tables;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Workflow.Tests;

[Collection(AzuriteFixture.Collection)]
public sealed class LifecycleTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task An_application_goes_from_draft_to_accepted_with_a_moved_clock()
    {
        await using var h = await RuntimeHarness.StartAsync(azurite);
        const string id = "app-lifecycle";
        var program = h.Programs.Get("hina-directors")!;

        Assert.IsType<CommandApplied>(await h.RunAsync(id, Commands.Create(id)));
        Assert.IsType<CommandApplied>(await h.RunAsync(id, Commands.RequestReel()));
        Assert.IsType<CommandApplied>(await h.RunAsync(id, Commands.AttachReel()));
        Assert.IsType<CommandApplied>(await h.RunAsync(id, Commands.Submit()));

        // Screening, then mentor assignment: two work items, the second enqueued by the first.
        Assert.Equal(2, await h.PumpWorkItemsAsync());
        var state = await h.StateAsync(id);
        Assert.Equal(Stage.InReview, state.Stage);
        var assignments = state.Assignments.Where(a => a.Status == AssignmentStatus.Open).ToList();
        Assert.Equal(program.MentorsPerApplication, assignments.Count);

        // Twelve days on, both mentors get their reminder (48 h before the review is due).
        h.Clock.Advance(TimeSpan.FromDays(program.ReviewWindowDays) - TimeSpan.FromHours(47));
        await h.TimerSweeper.SweepAsync();
        Assert.Equal(2, h.Emails.KindsFor(id).Count(k => k == EmailKind.MentorReviewReminder));

        foreach (var a in assignments)
        {
            Assert.IsType<CommandApplied>(await h.RunAsync(id, Commands.Review(program, a.AssignmentId)));
        }
        state = await h.StateAsync(id);
        Assert.Equal(Stage.Reviewed, state.Stage);
        Assert.Equal(4.0, state.WeightedScore!.Value, 3);

        Assert.IsType<CommandApplied>(await h.RunAsync(id, new Decide("decide", "staff", StaffDecision.Offer, "Welcome")));
        state = await h.StateAsync(id);
        Assert.Equal(Stage.Offered, state.Stage);
        Assert.IsType<CommandApplied>(await h.RunAsync(id, new RespondToOffer("respond", "applicant", state.Offer!.OfferId, Accept: true)));

        state = await h.StateAsync(id);
        Assert.Equal(Stage.Accepted, state.Stage);
        Assert.Empty(state.PendingTimers);

        // Every timer row the application had is gone (fired or cancelled), the outbox is empty,
        // no pending marker is left and the history holds every event.
        Assert.Equal(0, await h.CountRowsAsync(h.Storage.Timers, TableClient.CreateQueryFilter($"ApplicationId eq {id}")));
        Assert.Empty(await h.Store.ReadOutboxAsync(id));
        Assert.Null(await h.Markers.GetAsync(id));
        var history = await h.Queries.GetHistoryAsync(id);
        Assert.Equal(state.Version, history.Count);
        Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(e => e.Version));

        var kinds = h.Emails.KindsFor(id);
        Assert.Contains(EmailKind.DraftStarted, kinds);
        Assert.Contains(EmailKind.SubmissionReceived, kinds);
        Assert.Contains(EmailKind.UnderReview, kinds);
        Assert.Equal(2, kinds.Count(k => k == EmailKind.MentorReviewRequest));
        Assert.Contains(EmailKind.OfferMade, kinds);
        Assert.Contains(EmailKind.AcceptedWelcome, kinds);

        // The staff index lists it under Accepted only.
        var accepted = await h.Queries.ListAsync("hina-directors", Stage.Accepted, 50, null);
        Assert.Equal([id], accepted.Items.Select(s => s.ApplicationId));
        Assert.Empty((await h.Queries.ListAsync("hina-directors", Stage.InReview, 50, null)).Items);

        // Mentor load returns to zero once both reviews are in.
        var dashboard = await h.Queries.GetDashboardAsync("hina-directors");
        Assert.Equal(0, dashboard.ReviewsOpen);
        Assert.Equal(1, dashboard.CountsByStage["Accepted"]);
    }

    [Fact]
    public async Task A_draft_is_reminded_twice_and_becomes_incomplete_at_the_deadline()
    {
        await using var h = await RuntimeHarness.StartAsync(azurite);
        const string id = "app-draft";
        await h.RunAsync(id, Commands.Create(id));
        var deadline = (await h.StateAsync(id)).Deadline;

        h.Clock.SetUtcNow(deadline - TimeSpan.FromHours(71));
        await h.TimerSweeper.SweepAsync();
        h.Clock.SetUtcNow(deadline - TimeSpan.FromHours(23));
        await h.TimerSweeper.SweepAsync();
        h.Clock.SetUtcNow(deadline + TimeSpan.FromMinutes(1));
        await h.TimerSweeper.SweepAsync();

        Assert.Equal(Stage.Incomplete, (await h.StateAsync(id)).Stage);
        var kinds = h.Emails.KindsFor(id);
        Assert.Equal(1, kinds.Count(k => k == EmailKind.DraftReminder72h));
        Assert.Equal(1, kinds.Count(k => k == EmailKind.DraftReminder24h));
        Assert.Equal(1, kinds.Count(k => k == EmailKind.MarkedIncomplete));
    }

    [Fact]
    public async Task A_refused_command_writes_nothing_and_a_repeated_command_is_applied_once()
    {
        await using var h = await RuntimeHarness.StartAsync(azurite);
        const string id = "app-refusals";
        await h.RunAsync(id, Commands.Create(id));
        var replayedCreate = Assert.IsType<CommandApplied>(await h.RunAsync(id, Commands.Create(id)));
        Assert.True(replayedCreate.AlreadyApplied);
        var before = await h.StateAsync(id);
        Assert.Equal(1, before.Version);

        var refused = Assert.IsType<CommandRefused>(await h.RunAsync(id, Commands.Submit()));
        Assert.Equal(RefusalKind.MissingMaterials, refused.Refusal.Kind);
        Assert.Equal(before.Version, (await h.StateAsync(id)).Version);

        Assert.IsType<CommandApplied>(await h.RunAsync(id, Commands.RequestReel()));
        var again = Assert.IsType<CommandApplied>(await h.RunAsync(id, Commands.RequestReel()));
        Assert.True(again.AlreadyApplied);
        h.Cache.Remove(id);
        var third = Assert.IsType<CommandApplied>(await h.RunAsync(id, Commands.RequestReel()));
        Assert.True(third.AlreadyApplied);
        Assert.Equal(before.Version + 1, (await h.StateAsync(id)).Version);

        Assert.IsType<ApplicationNotFound>(await h.RunAsync("app-missing", Commands.Submit()));
    }

    [Fact]
    public async Task A_poisoned_work_item_flags_the_application()
    {
        await using var h = await RuntimeHarness.StartAsync(azurite);
        const string id = "app-poison";
        await h.RunAsync(id, Commands.Create(id));
        var body = new Work.WorkItemMessage(id, "Screening", "w-1").ToJson();

        await h.WorkItems.HandlePoisonAsync(body, "message-1");
        await h.WorkItems.HandlePoisonAsync(body, "message-1");

        var state = await h.StateAsync(id);
        Assert.Single(state.NeedsAttention);
        Assert.Equal(1, h.Emails.KindsFor(id).Count(k => k == EmailKind.StaffNeedsAttention));
    }
}
