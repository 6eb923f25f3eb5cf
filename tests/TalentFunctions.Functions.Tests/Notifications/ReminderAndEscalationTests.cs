using System.Net;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Functions.Tests.Infrastructure;
using TalentFunctions.Functions.Tests.Web;
using TalentFunctions.Notifications.Mailbox;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Functions.Tests.Notifications;

/// <summary>
/// Timers end to end on a moved clock: every reminder and escalation email goes out once, even when the timer sweep
/// runs twice at the same time and once more after.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class ReminderAndEscalationTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_mentor_who_does_not_review_is_reminded_then_the_slot_is_reassigned_and_staff_are_told()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var program = WebKit.Program(app);
        var (id, _, _) = await WebKit.InReviewAsync(app, "zh");
        var state = await app.StateAsync(id);
        var (reviewer, idle) = (state.Assignments[0], state.Assignments[1]);
        var reviewed = await WebKit.PostFormAsync(app.Client, "/review/" + WebKit.ReviewToken(app, id, reviewer), WebKit.ReviewForm(app));
        Assert.Equal(HttpStatusCode.OK, reviewed.StatusCode);
        var idleMentor = program.FindMentor(idle.MentorId)!;
        var reviewerMentor = program.FindMentor(reviewer.MentorId)!;

        await MoveToAsync(app, Due(await app.StateAsync(id), TimerKind.ReviewReminder, idle.AssignmentId));
        var reminder = Assert.Single(await WebKit.MailAsync(app, idleMentor.Email, id), m => m.Kind == "MentorReviewReminder");
        Assert.Contains(reminder.Links, l => l.Contains("/review/", StringComparison.Ordinal));
        Assert.DoesNotContain(await WebKit.MailAsync(app, reviewerMentor.Email, id), m => m.Kind == "MentorReviewReminder");

        await MoveToAsync(app, idle.DueAt);
        state = await app.StateAsync(id);
        Assert.Equal(AssignmentStatus.Reassigned, state.FindAssignment(idle.AssignmentId)!.Status);
        Assert.Single(await WebKit.MailAsync(app, idleMentor.Email, id), m => m.Kind == "MentorSlotReassigned");
        var staff = Assert.Single(await WebKit.MailAsync(app, program.StaffEmail, id), m => m.Kind == "StaffReviewReassigned");
        Assert.Equal(program.StaffEmail, staff.To);

        await app.PumpWorkItemsAsync();
        state = await app.StateAsync(id);
        var replacement = Assert.Single(state.Assignments, a => a.ReplacesAssignmentId == idle.AssignmentId);
        var newMentor = program.FindMentor(replacement.MentorId)!;
        Assert.NotEqual(idle.MentorId, newMentor.Id);
        Assert.Single(await WebKit.MailAsync(app, newMentor.Email, id), m => m.Kind == "MentorReviewRequest");
        var old = await app.Client.GetAsync("/review/" + WebKit.ReviewToken(app, id, idle));
        Assert.Contains("评审已不属于您", await old.Content.ReadAsStringAsync());

        await SweepTwiceConcurrentlyAndAgainAsync(app);
        AssertEachEmailOnce(await WebKit.AllMailAsync(app, [(id, state.Applicant.Email)]));
    }

    [Fact]
    public async Task A_draft_gets_both_reminders_and_becomes_incomplete_at_the_deadline()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var email = WebKit.UniqueEmail("draft");
        var (id, _) = await app.CreateAsync(email);
        var draft = await app.StateAsync(id);

        await MoveToAsync(app, Due(draft, TimerKind.DraftReminder72h));
        Assert.Single(await WebKit.MailAsync(app, email, id), m => m.Kind == "DraftReminder72h");
        Assert.DoesNotContain(await WebKit.MailAsync(app, email, id), m => m.Kind == "DraftReminder24h");

        await MoveToAsync(app, Due(draft, TimerKind.DraftReminder24h));
        var reminder = Assert.Single(await WebKit.MailAsync(app, email, id), m => m.Kind == "DraftReminder24h");
        Assert.Contains(reminder.Links, l => l.Contains($"/applications/{id}?token=", StringComparison.Ordinal));
        Assert.Equal(Stage.Draft, (await app.StateAsync(id)).Stage);

        await MoveToAsync(app, Due(draft, TimerKind.DraftDeadline));
        Assert.Equal(Stage.Incomplete, (await app.StateAsync(id)).Stage);
        Assert.Single(await WebKit.MailAsync(app, email, id), m => m.Kind == "MarkedIncomplete");

        await SweepTwiceConcurrentlyAndAgainAsync(app);
        var mail = await WebKit.MailAsync(app, email, id);
        AssertEachEmailOnce(mail);
        Assert.Equal(["DraftStarted", "DraftReminder72h", "DraftReminder24h", "MarkedIncomplete"], mail.Reverse().Select(m => m.Kind));
    }

    [Fact]
    public async Task An_offer_gets_its_reminder_and_expires_and_staff_are_told()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var program = WebKit.Program(app);
        var (id, _, email) = await WebKit.OfferedAsync(app, "zh");
        var offered = await app.StateAsync(id);

        await MoveToAsync(app, Due(offered, TimerKind.OfferReminder));
        var reminder = Assert.Single(await WebKit.MailAsync(app, email, id), m => m.Kind == "OfferReminder");
        Assert.StartsWith("【需要您处理】", reminder.Subject);
        var offerLink = WebKit.AppPath(Assert.Single(reminder.Links, l => l.Contains("/offer/", StringComparison.Ordinal)))!;
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync(offerLink)).StatusCode);
        Assert.Equal(Stage.Offered, (await app.StateAsync(id)).Stage);

        await MoveToAsync(app, offered.Offer!.ExpiresAt);
        Assert.Equal(Stage.OfferExpired, (await app.StateAsync(id)).Stage);
        Assert.Single(await WebKit.MailAsync(app, program.StaffEmail, id), m => m.Kind == "StaffOfferExpired");
        Assert.Equal(HttpStatusCode.Gone, (await app.Client.GetAsync(offerLink)).StatusCode);

        await SweepTwiceConcurrentlyAndAgainAsync(app);
        AssertEachEmailOnce(await WebKit.AllMailAsync(app, [(id, email)]));
    }

    private static DateTimeOffset Due(ApplicationState state, TimerKind kind, string? subject = null) =>
        state.PendingTimers.Single(t => t.Kind == kind && (subject is null || t.Subject == subject)).DueAt;

    /// <summary>Moves the clock just past <paramref name="dueAt"/> and sweeps the timers twice at once, then once more.</summary>
    private static async Task MoveToAsync(TestApp app, DateTimeOffset dueAt)
    {
        app.Clock.Advance(dueAt - app.Clock.GetUtcNow() + TimeSpan.FromMinutes(1));
        await SweepTwiceConcurrentlyAndAgainAsync(app);
    }

    private static async Task SweepTwiceConcurrentlyAndAgainAsync(TestApp app)
    {
        await Task.WhenAll(Task.Run(app.SweepTimersAsync), Task.Run(app.SweepTimersAsync));
        await app.SweepTimersAsync();
    }

    /// <summary>Every effect went out once, and no kind of email went twice to the same person (all mail here is about one application).</summary>
    private static void AssertEachEmailOnce(IReadOnlyList<MailboxMessage> mail)
    {
        Assert.All(mail.GroupBy(m => m.EffectId), g => Assert.Single(g));
        Assert.All(
            mail.GroupBy(m => (m.To, m.Kind)),
            g => Assert.True(g.Count() == 1, $"{g.Key.Kind} to {g.Key.To} was sent {g.Count()} times"));
    }
}
