using Microsoft.DurableTask;
using TalentFunctions.Domain.Applications;

namespace TalentFunctions.Workflow.Lifecycle;

/// <summary>
/// One application, from draft to its end: instance id = application id. The record in Tables is the truth (HTTP
/// handlers commit people's commands to it and raise <see cref="ChangedEvent"/>); this orchestration does everything
/// that follows from a change — emails, screening, mentor assignment — and fires the application's timers.
/// <para>
/// Every phase waits the same way: for a change (a submission, a review, a decision, a withdrawal, an override) or
/// for the phase's next timer, whichever comes first; then it catches up with the record. What differs between phases
/// is which timers the record holds: the draft reminders and the deadline, the review reminders and due dates, the
/// offer reminder and expiry.
/// </para>
/// </summary>
public sealed class ApplicationLifecycle : TaskOrchestrator<LifecycleInput, string>
{
    public const string Name = nameof(ApplicationLifecycle);

    /// <summary>The external event handlers raise after changing the record.</summary>
    public const string ChangedEvent = "ApplicationChanged";

    public override async Task<string> RunAsync(TaskOrchestrationContext context, LifecycleInput input)
    {
        var app = new LifecycleSteps(context, input);
        var view = await app.CatchUpAsync();
        while (!view.IsFinal || app.Blocked)
        {
            view = view.Stage switch
            {
                _ when view.IsFinal => await ClosingAsync(app, view),
                Stage.Draft => await DraftWindowAsync(app, view),
                Stage.Submitted or Stage.Screening => await ScreeningAsync(app, view),
                Stage.InReview => await ReviewRoundAsync(app, view),
                Stage.Offered => await OfferRoundAsync(app, view),
                _ => await StaffDecisionAsync(app, view),
            };
        }
        app.Finish(view);
        return view.Missing ? "Missing" : view.Stage.ToString();
    }

    /// <summary>The applicant edits and submits; reminders 72 h and 24 h before the deadline; Incomplete at it.</summary>
    private static Task<LifecycleView> DraftWindowAsync(LifecycleSteps app, LifecycleView view) => app.NextAsync(view, "draft");

    /// <summary>
    /// Screening ran while catching up with the submission (it is a step the submission left); this phase lasts
    /// only while that step is blocked and waits for staff to retry it.
    /// </summary>
    private static Task<LifecycleView> ScreeningAsync(LifecycleSteps app, LifecycleView view) => app.NextAsync(view, "screening");

    /// <summary>
    /// Mentors review: each open assignment has a reminder 48 h before it is due and its due date, where the slot is
    /// reassigned once and staff are told (the assignment steps run while catching up with each change).
    /// </summary>
    private static Task<LifecycleView> ReviewRoundAsync(LifecycleSteps app, LifecycleView view) => app.NextAsync(view, "review-round");

    /// <summary>The applicant answers the offer; a reminder before it expires, and the expiry.</summary>
    private static Task<LifecycleView> OfferRoundAsync(LifecycleSteps app, LifecycleView view) => app.NextAsync(view, "offer-round");

    /// <summary>The application has ended but its last step is blocked: wait for staff to retry it.</summary>
    private static Task<LifecycleView> ClosingAsync(LifecycleSteps app, LifecycleView view) => app.NextAsync(view, "closing");

    /// <summary>Reviewed, waitlisted or screened out: staff decide or override; no timers.</summary>
    private static Task<LifecycleView> StaffDecisionAsync(LifecycleSteps app, LifecycleView view) => app.NextAsync(view, "staff-decision");
}
