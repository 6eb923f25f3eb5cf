using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Workflow.Commands;
using TalentFunctions.Workflow.Effects;
using TalentFunctions.Workflow.Index;
using TalentFunctions.Workflow.Queries;
using TalentFunctions.Workflow.Seats;
using TalentFunctions.Workflow.Store;

namespace TalentFunctions.Workflow.Lifecycle;

/// <summary>
/// A cohort seat freed (the step's application left Offered: declined, expired or withdrew; the catch-up has released
/// its seat already): the program's waitlist moves (issue 12).
/// <list type="bullet">
/// <item>If the cohort is still at or over capacity (offers made over capacity), nobody moves.</item>
/// <item><b>Suggest</b>: the best waitlisted application (<see cref="WaitlistOrder"/>) records that it is next, and staff
/// are emailed (StaffWaitlistNext); staff decide.</item>
/// <item><b>Automatic</b>: a seat is held for the best waitlisted application on behalf of this freed seat (the ledger's
/// hold is what makes a seat never given twice: a full cohort answers Full, and an application already holding a seat
/// for someone else is skipped), then the offer is made with <c>FromWaitlist</c>. An application that can no longer be
/// offered (withdrawn or decided meanwhile, the index lagging) gives the hold back and the next one is tried.</item>
/// </list>
/// Idempotent: the command id is derived from the step's effect id, so a repeated run re-applies the same command (a
/// no-op), and a run that stopped between the hold and the offer finds its hold by the effect id and finishes that
/// offer. The changed application is returned in <see cref="StepOutcome.Wake"/>: the orchestration raises the change to
/// it (an activity has no Durable client), and that application's instance sends the emails and starts the timers.
/// </summary>
public sealed partial class PromoteWaitlistActivity(
    ApplicationRecords records, ApplicationStore store, ApplicationIndex index, ApplicationQueries queries, SeatLedger seats, ILogger<PromoteWaitlistActivity> logger)
    : TaskActivity<LifecycleStep, StepOutcome>
{
    /// <summary>The actor of the commands a promotion applies.</summary>
    public const string Actor = "waitlist";

    /// <summary>How many waitlisted applications one freed seat tries before it gives up (each one refused had moved on).</summary>
    public const int MaxCandidates = 5;

    public override async Task<StepOutcome> RunAsync(TaskActivityContext context, LifecycleStep step)
    {
        using var span = Telemetry.StartContinuation("promote waitlist", step.TraceParent, step.ApplicationId);
        var outcome = new StepOutcome(false);
        var freed = await store.GetAsync(step.ApplicationId).ConfigureAwait(false);
        if (freed is not null && records.Programs.Get(freed.State.ProgramId) is { } program)
        {
            outcome = program.Waitlist.Mode == WaitlistMode.Automatic
                ? await OfferAsync(step, program, freed.State.Cycle).ConfigureAwait(false)
                : await SuggestAsync(step, program, freed.State.Cycle).ConfigureAwait(false);
        }
        await store.DeletePendingEffectsAsync(step.ApplicationId, [new PendingEffect(step.EffectId, PendingEffectTypes.Work, "", 0)]).ConfigureAwait(false);
        if (outcome.Wake is { } wake)
        {
            span?.SetTag("talentfunctions.promoted_application_id", wake.ApplicationId);
        }
        return outcome;
    }

    private static string CommandId(LifecycleStep step) => "waitlist:" + step.EffectId;

    private async Task<StepOutcome> SuggestAsync(LifecycleStep step, ProgramDefinition program, string cycle)
    {
        if (await CohortFullAsync(step, program, cycle).ConfigureAwait(false))
        {
            return new StepOutcome(false);
        }
        foreach (var candidate in (await WaitlistAsync(program.Id).ConfigureAwait(false)).Take(MaxCandidates))
        {
            var result = await records.ApplyAsync(candidate, new SuggestFromWaitlist(CommandId(step), Actor, step.ApplicationId)).ConfigureAwait(false);
            if (result is CommandApplied applied)
            {
                LogSuggested(step.ApplicationId, candidate);
                return new StepOutcome(false, new ApplicationToWake(candidate, applied.State.Version));
            }
        }
        LogNobody(step.ApplicationId, "no waitlisted application");
        return new StepOutcome(false);
    }

    private async Task<StepOutcome> OfferAsync(LifecycleStep step, ProgramDefinition program, string cycle)
    {
        // A run that stopped after its hold (and maybe after the offer) resumes with the application it held the seat for.
        var resumed = await seats.FindHeldByAsync(program.Id, cycle, step.EffectId).ConfigureAwait(false);
        if (resumed is null && await CohortFullAsync(step, program, cycle).ConfigureAwait(false))
        {
            return new StepOutcome(false);
        }
        var waitlist = await WaitlistAsync(program.Id).ConfigureAwait(false);
        var candidates = resumed is null ? waitlist : [resumed, .. waitlist.Where(id => id != resumed)];
        foreach (var candidate in candidates.Take(MaxCandidates))
        {
            var hold = await seats.HoldAsync(program.Id, cycle, program.CohortCapacity, candidate, overCapacity: false, heldBy: step.EffectId).ConfigureAwait(false);
            if (hold.Outcome == SeatHoldOutcome.Full)
            {
                LogNobody(step.ApplicationId, "the cohort is full");
                return new StepOutcome(false);
            }
            if (hold.Outcome == SeatHoldOutcome.AlreadyHeld && hold.HeldBy != step.EffectId)
            {
                continue; // holds a seat for another offer (a staff decision, another freed seat): not ours to give
            }

            var offer = new Decide(CommandId(step), Actor, StaffDecision.Offer, Note: null, OverCapacity: false, FromWaitlist: true);
            var result = await records.ApplyAsync(candidate, offer).ConfigureAwait(false);
            if (result is CommandApplied applied && applied.State.HoldsSeat())
            {
                LogPromoted(step.ApplicationId, candidate);
                return new StepOutcome(false, new ApplicationToWake(candidate, applied.State.Version));
            }
            if ((await store.GetAsync(candidate).ConfigureAwait(false))?.State.HoldsSeat() == true)
            {
                // Offered by staff while our hold stood (their hold found ours): the hold backs that offer, the seat is used.
                LogNobody(step.ApplicationId, "the candidate was offered meanwhile");
                return new StepOutcome(false);
            }
            // Withdrawn, rejected or otherwise no longer waitlisted: give the seat back and try the next one.
            await seats.ReleaseAsync(program.Id, cycle, candidate).ConfigureAwait(false);
        }
        LogNobody(step.ApplicationId, "no waitlisted application could be offered");
        return new StepOutcome(false);
    }

    private async Task<bool> CohortFullAsync(LifecycleStep step, ProgramDefinition program, string cycle)
    {
        var count = await seats.CountAsync(program.Id, cycle, program.CohortCapacity).ConfigureAwait(false);
        if (count.Held < count.Capacity)
        {
            return false;
        }
        LogNobody(step.ApplicationId, "the cohort is at or over capacity");
        return true;
    }

    /// <summary>The program's waitlisted applications (the staff index), best first.</summary>
    private async Task<IReadOnlyList<string>> WaitlistAsync(string programId)
    {
        var waitlisted = new List<ApplicationSummary>();
        string? token = null;
        do
        {
            var page = await index.ListAsync(programId, nameof(Stage.Waitlisted), 200, token).ConfigureAwait(false);
            waitlisted.AddRange(page.Items);
            token = page.ContinuationToken;
        }
        while (token is not null);
        var order = new WaitlistOrder(await queries.CalibrateAsync(programId).ConfigureAwait(false));
        return [.. waitlisted.Order(order).Select(s => s.ApplicationId)];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seat freed by {ApplicationId}: offered to waitlisted {PromotedId}.")]
    private partial void LogPromoted(string applicationId, string promotedId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seat freed by {ApplicationId}: staff told that waitlisted {SuggestedId} is next.")]
    private partial void LogSuggested(string applicationId, string suggestedId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seat freed by {ApplicationId}: nobody promoted ({Why}).")]
    private partial void LogNobody(string applicationId, string why);
}
