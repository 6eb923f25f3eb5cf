using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Web.Tests.Infrastructure;
using TalentFunctions.Web.Tests.Web;
using TalentFunctions.Notifications.Mailbox;
using TalentFunctions.TestSupport;
using TalentFunctions.Workflow.Queries;

namespace TalentFunctions.Web.Tests.Notifications;

/// <summary>
/// Timers end to end on the Durable engine: durable timers of a few seconds (the program's durations shortened, the
/// business clock running at real speed), so every reminder and escalation really fires, and each email goes out once.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class ReminderAndEscalationTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task A_mentor_who_does_not_review_is_reminded_then_the_slot_is_reassigned_and_staff_are_told()
    {
        await using var app = await StartAsync(t => t with { ReviewWindow = TimeSpan.FromSeconds(10), ReminderLead = TimeSpan.FromSeconds(5) });
        var program = WebKit.Program(app);
        var (id, _, _) = await WebKit.InReviewAsync(app, "zh");
        var state = await app.StateAsync(id);
        var (reviewer, idle) = (state.Assignments[0], state.Assignments[1]);
        var reviewed = await WebKit.PostFormAsync(app.Client, "/review/" + WebKit.ReviewToken(app, id, reviewer), WebKit.ReviewForm(app));
        Assert.Equal(HttpStatusCode.OK, reviewed.StatusCode);
        var idleMentor = program.FindMentor(idle.MentorId)!;
        var reviewerMentor = program.FindMentor(reviewer.MentorId)!;

        var reminder = await MailOfKindAsync(app, idleMentor.Email, id, "MentorReviewReminder");
        Assert.Contains(reminder.Links, l => l.Contains("/review/", StringComparison.Ordinal));
        Assert.DoesNotContain(await WebKit.MailAsync(app, reviewerMentor.Email, id), m => m.Kind == "MentorReviewReminder");

        await MailOfKindAsync(app, idleMentor.Email, id, "MentorSlotReassigned");
        state = await app.StateAsync(id);
        Assert.Equal(AssignmentStatus.Reassigned, state.FindAssignment(idle.AssignmentId)!.Status);
        var staff = Assert.Single(await WebKit.MailAsync(app, program.StaffEmail, id), m => m.Kind == "StaffReviewReassigned");
        Assert.Equal(program.StaffEmail, staff.To);

        var replacement = Assert.Single(state.Assignments, a => a.ReplacesAssignmentId == idle.AssignmentId);
        var newMentor = program.FindMentor(replacement.MentorId)!;
        Assert.NotEqual(idle.MentorId, newMentor.Id);
        Assert.Single(await WebKit.MailAsync(app, newMentor.Email, id), m => m.Kind == "MentorReviewRequest");
        var old = await app.Client.GetAsync("/review/" + WebKit.ReviewToken(app, id, idle));
        Assert.Contains("评审已不属于您", await old.Content.ReadAsStringAsync());

        AssertEachEmailOnce(await WebKit.AllMailAsync(app, [(id, state.Applicant.Email)]));
    }

    [Fact]
    public async Task A_draft_gets_both_reminders_and_becomes_incomplete_at_the_deadline()
    {
        // Due times between whole seconds: the queue behind a durable timer counts its delay in whole seconds.
        var deadline = TestApp.Start.AddSeconds(12.5);
        await using var app = await StartAsync(
            t => t with { DraftFirstReminderLead = TimeSpan.FromSeconds(9), DraftLastReminderLead = TimeSpan.FromSeconds(5) },
            p => p with { Deadline = deadline });
        var email = WebKit.UniqueEmail("draft");
        var (id, _) = await app.CreateAsync(email);

        var first = await MailOfKindAsync(app, email, id, "DraftReminder72h");
        Assert.DoesNotContain(await WebKit.MailAsync(app, email, id), m => m.Kind == "DraftReminder24h");
        Assert.Equal(Stage.Draft, (await app.StateAsync(id)).Stage);

        var reminder = await MailOfKindAsync(app, email, id, "DraftReminder24h");
        Assert.Contains(reminder.Links, l => l.Contains($"/applications/{id}?token=", StringComparison.Ordinal));

        await MailOfKindAsync(app, email, id, "MarkedIncomplete");
        Assert.Equal(Stage.Incomplete, (await app.StateAsync(id)).Stage);
        var mail = await WebKit.MailAsync(app, email, id);
        AssertEachEmailOnce(mail);
        Assert.Equal(["DraftStarted", "DraftReminder72h", "DraftReminder24h", "MarkedIncomplete"], mail.Reverse().Select(m => m.Kind));
        Assert.NotNull(first);

        // Never before its time: a deadline that closed the draft early would refuse an applicant submitting in its last second.
        var history = await app.Get<ApplicationQueries>().GetHistoryAsync(id);
        var reminders = history.Where(e => e.Event is DraftReminderDue).Select(e => e.At).Order().ToArray();
        Assert.Equal(2, reminders.Length);
        AssertNotBefore(deadline - TimeSpan.FromSeconds(9), reminders[0], "the first reminder");
        AssertNotBefore(deadline - TimeSpan.FromSeconds(5), reminders[1], "the last reminder");
        AssertNotBefore(deadline, Assert.Single(history, e => e.Event is MarkedIncomplete).At, "the draft's closing");
    }

    [Fact]
    public async Task An_offer_gets_its_reminder_and_expires_and_staff_are_told()
    {
        await using var app = await StartAsync(t => t with { OfferValidity = TimeSpan.FromSeconds(10), ReminderLead = TimeSpan.FromSeconds(5) });
        var program = WebKit.Program(app);
        var (id, _, email) = await WebKit.OfferedAsync(app, "zh");

        var reminder = await MailOfKindAsync(app, email, id, "OfferReminder");
        Assert.StartsWith("【需要您处理】", reminder.Subject);
        var offerLink = WebKit.AppPath(Assert.Single(reminder.Links, l => l.Contains("/offer/", StringComparison.Ordinal)))!;
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync(offerLink)).StatusCode);
        Assert.Equal(Stage.Offered, (await app.StateAsync(id)).Stage);

        await MailOfKindAsync(app, program.StaffEmail, id, "StaffOfferExpired");
        Assert.Equal(Stage.OfferExpired, (await app.StateAsync(id)).Stage);
        Assert.Equal(HttpStatusCode.Gone, (await app.Client.GetAsync(offerLink)).StatusCode);

        AssertEachEmailOnce(await WebKit.AllMailAsync(app, [(id, email)]));
    }

    private Task<TestApp> StartAsync(Func<ProgramTimings, ProgramTimings> timings, Func<ProgramDefinition, ProgramDefinition>? program = null) =>
        TestApp.StartAsync(azurite, services: s =>
        {
            s.AddSingleton(TestApp.Programs(WebKit.ProgramId, p => (program?.Invoke(p) ?? p) with { Timings = timings(p.Timings) }));
            s.AddSingleton<TimeProvider>(new RunningClock(TestApp.Start));
        });

    private static void AssertNotBefore(DateTimeOffset due, DateTimeOffset at, string what) =>
        Assert.True(at >= due, $"{what} happened {(due - at).TotalMilliseconds:0} ms before its time");

    /// <summary>Waits for the (single) email of <paramref name="kind"/> a timer sends.</summary>
    private static async Task<MailboxMessage> MailOfKindAsync(TestApp app, string to, string id, string kind) =>
        await Eventually.ReferenceAsync(
            async () => (await WebKit.MailAsync(app, to, id)).SingleOrDefault(m => m.Kind == kind),
            Wait,
            $"a {kind} email to {to}");

    /// <summary>Every effect went out once, and no kind of email went twice to the same person (all mail here is about one application).</summary>
    private static void AssertEachEmailOnce(IReadOnlyList<MailboxMessage> mail)
    {
        Assert.All(mail.GroupBy(m => m.EffectId), g => Assert.Single(g));
        Assert.All(
            mail.GroupBy(m => (m.To, m.Kind)),
            g => Assert.True(g.Count() == 1, $"{g.Key.Kind} to {g.Key.To} was sent {g.Count()} times"));
    }
}
