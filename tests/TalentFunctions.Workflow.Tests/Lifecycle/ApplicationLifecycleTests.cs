using Microsoft.DurableTask.Client;
using TalentFunctions.Domain.Applications;
using TalentFunctions.TestSupport;
using TalentFunctions.Workflow.Commands;
using TalentFunctions.Workflow.Lifecycle;
using Xunit.Abstractions;

namespace TalentFunctions.Workflow.Tests.Lifecycle;

/// <summary>The application orchestration on the Azurite-backed engine: the pipeline, its guarantees, its failures.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class ApplicationLifecycleTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task An_application_goes_from_draft_to_accepted_and_its_instance_completes()
    {
        await using var h = await WorkflowHarness.StartAsync(azurite);
        var id = await h.InReviewAsync();
        Assert.Equal(2, (await h.StateAsync(id)).Assignments.Count(a => a.Status == AssignmentStatus.Open));

        await h.ReviewAllAsync(id);
        Assert.IsType<CommandApplied>(await h.Commands.ExecuteAsync(id, new Decide("decide", "staff", StaffDecision.Offer)));
        var offer = (await h.StateAsync(id)).Offer!;
        Assert.IsType<CommandApplied>(await h.Commands.ExecuteAsync(id, new RespondToOffer("answer", "applicant", offer.OfferId, Accept: true)));

        var done = await Eventually.ReferenceAsync(
            async () => await h.Durable.GetInstanceAsync(id, getInputsAndOutputs: true) is { RuntimeStatus: OrchestrationRuntimeStatus.Completed } i ? i : null,
            WorkflowHarness.Patience, "the instance completes");
        Assert.Equal("Accepted", done.ReadOutputAs<string>());
        Assert.Equal(
            new[] { "DraftStarted", "SubmissionReceived", "UnderReview", "MentorReviewRequest", "MentorReviewRequest", "MentorThankYou", "MentorThankYou",
                "StaffApplicationReviewed", "OfferMade", "AcceptedWelcome", "StaffOfferAccepted" }.Order(),
            h.KindsSent(id).Order());
        Assert.Equal(0, h.SendGrid.DuplicateCount);
        var store = h.Get<Store.ApplicationStore>();
        Assert.Empty(await store.ReadPendingEffectsAsync(id));
        // Each email sent is noted (for the data export) in the transaction that removed its effect.
        Assert.Equal(h.KindsSent(id).Order(), (await store.ReadSentEmailsAsync(id)).Select(e => e.Kind).Order());
    }

    [Fact]
    public async Task A_refused_command_writes_nothing()
    {
        await using var h = await WorkflowHarness.StartAsync(azurite);
        var id = await h.DraftAsync();
        await h.SettledAsync(id);
        var before = await h.StateAsync(id);

        var refused = await h.Commands.ExecuteAsync(id, new Decide("decide-draft", "staff", StaffDecision.Offer));

        Assert.Equal(409, Assert.IsType<CommandRefused>(refused).Refusal.HttpStatus);
        Assert.Equal(before.Version, (await h.StateAsync(id)).Version);
        Assert.Equal(before.Version, (await h.StatusAsync(id))!.Version);
    }

    [Fact]
    public async Task Thirty_two_concurrent_commands_each_delivered_twice_are_applied_once()
    {
        await using var h = await WorkflowHarness.StartAsync(azurite);
        var id = await h.DraftAsync();
        var before = await h.StateAsync(id);

        var edits = Enumerable.Range(1, 32).Select(i => new EditDraft($"edit-{i}", "applicant", Project: before.Project with { Title = $"雨季 {i}" })).ToList();
        var results = await Task.WhenAll(edits.Concat(edits).Select(e => Task.Run(() => h.Commands.ExecuteAsync(id, e))));

        Assert.All(results, r => Assert.IsType<CommandApplied>(r));
        Assert.Equal(32, results.Count(r => r is CommandApplied { AlreadyApplied: false, Events.Count: > 0 }));
        Assert.Equal(before.Version + 32, (await h.StateAsync(id)).Version);
        await h.SettledAsync(id);
        Assert.Equal(["DraftStarted"], h.KindsSent(id));
    }

    [Fact]
    public async Task Two_posts_of_one_review_give_one_success_and_one_conflict()
    {
        await using var h = await WorkflowHarness.StartAsync(azurite);
        var id = await h.InReviewAsync();
        var assignment = (await h.StateAsync(id)).Assignments.First(a => a.Status == AssignmentStatus.Open);
        var scores = h.Program.Rubric.ToDictionary(c => c.Id, _ => 5);

        var results = await Task.WhenAll(
            Task.Run(() => h.Commands.ExecuteAsync(id, new SubmitReview("post-1", "mentor", assignment.AssignmentId, scores, Recommendation.Advance, "One."))),
            Task.Run(() => h.Commands.ExecuteAsync(id, new SubmitReview("post-2", "mentor", assignment.AssignmentId, scores, Recommendation.Advance, "Two."))));

        Assert.Single(results, r => r is CommandApplied);
        Assert.Equal(409, Assert.Single(results.OfType<CommandRefused>()).Refusal.HttpStatus);
        await h.SettledAsync(id);
        Assert.Single(h.KindsSent(id), k => k == "MentorThankYou");
    }

    [Fact]
    public async Task A_timer_and_an_answer_arriving_together_have_one_outcome()
    {
        // The offer expires 4 s after it is made (no reminder: the lead is longer than the offer), and the applicant
        // accepts at that very moment.
        await using var h = await WorkflowHarness.StartAsync(azurite, new RunningClock(WorkflowHarness.Start),
            t => t with { OfferValidity = TimeSpan.FromSeconds(4), ReminderLead = TimeSpan.FromDays(1) });
        var id = await h.InReviewAsync();
        await h.ReviewAllAsync(id);
        Assert.IsType<CommandApplied>(await h.Commands.ExecuteAsync(id, new Decide("decide", "staff", StaffDecision.Offer)));
        var offer = (await h.StateAsync(id)).Offer!;
        var clock = h.Get<TimeProvider>();
        await Eventually.AssertAsync(() => clock.GetUtcNow() >= offer.ExpiresAt - TimeSpan.FromMilliseconds(20), WorkflowHarness.Patience, "the offer's last moment");

        var answer = await h.Commands.ExecuteAsync(id, new RespondToOffer("answer", "applicant", offer.OfferId, Accept: true));

        var final = await Eventually.ValueAsync(
            async () => (await h.StateAsync(id)).Stage is Stage.Accepted or Stage.OfferExpired ? (Stage?)(await h.StateAsync(id)).Stage : null,
            WorkflowHarness.Patience, "an outcome");
        await h.SettledAsync(id);
        var state = await h.StateAsync(id);
        output.WriteLine($"answer: {answer}; final: {final}");
        Assert.Equal(final, state.Stage);
        Assert.Equal(answer is CommandApplied { AlreadyApplied: false, Events.Count: > 0 }, final == Stage.Accepted);
        var history = await h.Get<Queries.ApplicationQueries>().GetHistoryAsync(id);
        Assert.Equal(1, history.Count(e => e.Event is OfferAccepted or OfferExpired));
        var kinds = h.KindsSent(id);
        Assert.Equal(final == Stage.Accepted, kinds.Contains("AcceptedWelcome"));
        Assert.Equal(final == Stage.OfferExpired, kinds.Contains("StaffOfferExpired"));
    }

    [Fact]
    public async Task A_crash_between_the_commit_and_the_event_loses_nothing_when_the_request_is_repeated()
    {
        await using var h = await WorkflowHarness.StartAsync(azurite);
        var id = await h.DraftAsync();
        await h.SettledAsync(id);

        // The handler committed the submission, then its process died before raising the event.
        var submit = new Submit("submit-once", "applicant");
        Assert.IsType<CommandApplied>(await h.Records.ApplyAsync(id, submit));
        Assert.Equal(Stage.Submitted, (await h.StateAsync(id)).Stage);
        Assert.DoesNotContain("SubmissionReceived", h.KindsSent(id));

        // The applicant's client repeats the request: already applied, so the event is raised again.
        var repeated = await h.Commands.ExecuteAsync(id, submit);

        Assert.True(repeated is CommandApplied { AlreadyApplied: true }, repeated.ToString());
        await Eventually.AssertAsync(async () => (await h.StateAsync(id)).Stage == Stage.InReview, WorkflowHarness.Patience, "screened and assigned");
        await h.SettledAsync(id);
        Assert.Single(h.KindsSent(id), k => k == "SubmissionReceived");
        Assert.Equal(0, h.SendGrid.DuplicateCount);
    }

    [Fact]
    public async Task A_review_saved_by_a_process_that_died_before_the_event_is_caught_up_when_the_mentor_posts_again()
    {
        await using var h = await WorkflowHarness.StartAsync(azurite);
        var id = await h.InReviewAsync();
        var assignment = (await h.StateAsync(id)).Assignments.First(a => a.Status == AssignmentStatus.Open);
        var scores = h.Program.Rubric.ToDictionary(c => c.Id, _ => 4);

        // Saved, then the process died before raising the event: no thank-you yet.
        Assert.IsType<CommandApplied>(await h.Records.ApplyAsync(id, new SubmitReview("post-1", "mentor", assignment.AssignmentId, scores, Recommendation.Advance, "One.")));
        Assert.DoesNotContain("MentorThankYou", h.KindsSent(id));

        // The mentor's browser posts again: 409 (already recorded), and the orchestration is woken all the same.
        var again = await h.Commands.ExecuteAsync(id, new SubmitReview("post-2", "mentor", assignment.AssignmentId, scores, Recommendation.Advance, "One."));

        Assert.Equal(409, Assert.IsType<CommandRefused>(again).Refusal.HttpStatus);
        await Eventually.AssertAsync(() => h.KindsSent(id).Contains("MentorThankYou"), WorkflowHarness.Patience, "the thank-you email");
        Assert.Single(h.KindsSent(id), k => k == "MentorThankYou");
    }

    [Fact]
    public async Task A_step_that_keeps_failing_flags_the_application_and_waits_for_staff_to_retry()
    {
        await using var h = await WorkflowHarness.StartAsync(azurite);
        h.SendGrid.FailureRate = 1.0;
        var id = await h.DraftAsync();

        await Eventually.AssertAsync(async () => (await h.StatusAsync(id))?.State == LifecycleStatus.Blocked, WorkflowHarness.Patience, "blocked");
        var flagged = await h.StateAsync(id);
        var reason = Assert.Single(flagged.NeedsAttention);
        Assert.Contains("sending emails", reason);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await h.Durable.GetInstanceAsync(id))!.RuntimeStatus);
        Assert.Empty(h.KindsSent(id));

        h.SendGrid.FailureRate = 0;
        await h.Commands.RetryAsync(id, flagged.Version);

        await Eventually.AssertAsync(() => h.KindsSent(id).Contains("DraftStarted"), WorkflowHarness.Patience, "the email after the retry");
        // The retry changed no record version, so wait for the status itself to leave "blocked".
        await Eventually.AssertAsync(async () => (await h.StatusAsync(id))?.State == LifecycleStatus.Waiting, WorkflowHarness.Patience, "waiting again");
        Assert.Contains("StaffNeedsAttention", h.SendGrid.Accepted.Where(m => m.ApplicationId == id).Select(m => m.Kind));
    }

    [Fact]
    public async Task A_second_application_with_the_same_email_is_screened_out_as_a_duplicate()
    {
        await using var h = await WorkflowHarness.StartAsync(azurite);
        var email = $"dup-{Guid.NewGuid():N}"[..14] + "@example.com";
        var first = await h.InReviewAsync(email);
        var second = await h.DraftAsync(email.ToUpperInvariant());

        Assert.IsType<CommandApplied>(await h.Commands.ExecuteAsync(second, new Submit("submit", "applicant")));

        await Eventually.AssertAsync(async () => (await h.StateAsync(second)).Stage == Stage.ScreenedOut, WorkflowHarness.Patience, "screened out");
        var reasons = (await h.StateAsync(second)).ScreeningResult!.Reasons;
        Assert.Contains(reasons, r => r.Reason == ScreeningReason.DuplicateApplication);
        Assert.Equal(Stage.InReview, (await h.StateAsync(first)).Stage);
    }
}
