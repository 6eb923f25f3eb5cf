using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using TalentFunctions.Domain;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Notifications;
using TalentFunctions.Workflow.Commands;
using TalentFunctions.Workflow.Effects;
using TalentFunctions.Workflow.Email;
using TalentFunctions.Workflow.Index;
using TalentFunctions.Workflow.Mentors;
using TalentFunctions.Workflow.Seats;
using TalentFunctions.Workflow.Store;

namespace TalentFunctions.Workflow.Lifecycle;

/// <summary>
/// Reads the record for the orchestration: updates the read models its last commands changed (the staff listing
/// and the mentors' open reviews; both writes are idempotent), removes those rows, and returns the stage, the emails
/// and work still pending and the pending timers with the time left on the business clock.
/// </summary>
public sealed class CatchUpActivity(
    ApplicationStore store, ApplicationIndex index, MentorLoadStore mentorLoad, SeatLedger seats, TimeProvider time) : TaskActivity<CatchUpRequest, LifecycleView>
{
    public override async Task<LifecycleView> RunAsync(TaskActivityContext context, CatchUpRequest request)
    {
        var applicationId = request.ApplicationId;
        using var span = Telemetry.StartContinuation("catch up", request.TraceParent, applicationId);
        var loaded = await store.GetAsync(applicationId).ConfigureAwait(false);
        if (loaded is null)
        {
            return new LifecycleView(Stage.Draft, 0, Missing: true, [], []);
        }

        var pending = await store.ReadPendingEffectsAsync(applicationId).ConfigureAwait(false);
        var readModels = new List<PendingEffect>();
        var steps = new List<LifecycleStep>();
        foreach (var effect in pending)
        {
            switch (effect.Type)
            {
                case PendingEffectTypes.Index:
                    await index.ApplyAsync(PayloadJson.Read<IndexPayload>(effect).Summary).ConfigureAwait(false);
                    readModels.Add(effect);
                    break;
                case PendingEffectTypes.MentorLoad:
                    await mentorLoad.ApplyAsync(applicationId, PayloadJson.Read<MentorLoadPayload>(effect)).ConfigureAwait(false);
                    readModels.Add(effect);
                    break;
                case PendingEffectTypes.SeatRelease:
                    var seat = PayloadJson.Read<SeatReleasePayload>(effect);
                    await seats.ReleaseAsync(seat.ProgramId, seat.Cycle, applicationId).ConfigureAwait(false);
                    readModels.Add(effect);
                    break;
                case PendingEffectTypes.Email:
                    var email = JsonSerializer.Deserialize<SendEmail>(effect.Json, DomainJson.Options)!;
                    steps.Add(new LifecycleStep(applicationId, effect.EffectId, nameof(SendEmailsActivity), effect.Json, email.To.Kind == RecipientKind.Staff));
                    break;
                case PendingEffectTypes.Work:
                    var work = PayloadJson.Read<WorkPayload>(effect);
                    var activity = work.Kind switch
                    {
                        nameof(WorkKind.Screening) => nameof(ScreenActivity),
                        nameof(WorkKind.WaitlistPromotion) => nameof(PromoteWaitlistActivity),
                        _ => nameof(AssignMentorsActivity),
                    };
                    steps.Add(new LifecycleStep(applicationId, effect.EffectId, activity, effect.Json));
                    break;
                case PendingEffectTypes.Translate:
                    steps.Add(new LifecycleStep(applicationId, effect.EffectId, nameof(TranslateForMentorsActivity), effect.Json));
                    break;
                default:
                    // Rows of a kind this version no longer has: nothing to do.
                    readModels.Add(effect);
                    break;
            }
        }
        if (readModels.Count > 0)
        {
            await store.DeletePendingEffectsAsync(applicationId, readModels).ConfigureAwait(false);
        }

        var state = loaded.State;
        var now = time.GetUtcNow();
        var timers = state.PendingTimers
            .OrderBy(t => t.DueAt)
            .Select(t => new LifecycleTimer(t.TimerId, t.Kind, (t.DueAt - now).TotalSeconds))
            .ToList();
        return new LifecycleView(state.Stage, state.Version, Missing: false, steps, timers);
    }
}

/// <summary>
/// Sends the emails one catch-up found pending, in order, and removes their rows from the record (one transaction).
/// At least once: emails whose rows are already gone were sent by an earlier attempt and are skipped; if the process
/// dies after the provider accepted an email and before its row is removed, it is sent again with the same effect id
/// (SendGrid <c>custom_args</c>, the dev mailbox's file name), which is how a duplicate is recognised. A provider that
/// refuses an email for good (a bad address) flags the application NeedsAttention instead of retrying; a transient
/// failure removes the rows of the emails already sent and throws, for the retry policy.
/// </summary>
public sealed partial class SendEmailsActivity(
    EmailComposer composer, IEmailSender sender, ApplicationRecords records, ApplicationStore store, TimeProvider time, ILogger<SendEmailsActivity> logger)
    : TaskActivity<IReadOnlyList<LifecycleStep>, StepOutcome>
{
    public override async Task<StepOutcome> RunAsync(TaskActivityContext context, IReadOnlyList<LifecycleStep> emails)
    {
        if (emails.Count == 0)
        {
            return new StepOutcome(false);
        }
        var applicationId = emails[0].ApplicationId;
        using var span = Telemetry.StartContinuation("send emails", emails[0].TraceParent, applicationId);
        span?.SetTag("talentfunctions.emails", emails.Count);
        var pending = (await store.ReadPendingEffectsAsync(applicationId).ConfigureAwait(false)).Select(e => e.EffectId).ToHashSet(StringComparer.Ordinal);
        // Each email done leaves its effect row, and one sent is noted for the data export (ADR 0014): both in one
        // transaction per batch, after the sends.
        var done = new List<(string EffectId, SentEmail? Sent)>(emails.Count);
        var changed = false;
        try
        {
            foreach (var step in emails.Where(e => pending.Contains(e.EffectId)))
            {
                var (sent, flagged) = await SendAsync(step).ConfigureAwait(false);
                changed |= flagged;
                done.Add((step.EffectId, sent));
            }
        }
        finally
        {
            if (done.Count > 0)
            {
                await store.CompleteEmailEffectsAsync(applicationId, done).ConfigureAwait(false);
            }
        }
        return new StepOutcome(changed);
    }

    /// <summary>
    /// Sends one email: what was sent, or none when the provider refused it for good, and whether that refusal flagged
    /// the application (a new change).
    /// </summary>
    private async Task<(SentEmail? Sent, bool Flagged)> SendAsync(LifecycleStep step)
    {
        var email = JsonSerializer.Deserialize<SendEmail>(step.Json, DomainJson.Options)
            ?? throw new InvalidDataException($"Pending effect {step.EffectId} holds no email.");
        try
        {
            await sender.SendAsync(composer.Compose(step.EffectId, email)).ConfigureAwait(false);
            return (new SentEmail(email.Kind.ToString(), email.To.Kind.ToString(), time.GetUtcNow()), false);
        }
        catch (EmailPermanentFailureException ex)
        {
            LogPermanentFailure(step.ApplicationId, step.EffectId, email.Kind.ToString());
            var reason = $"Email '{email.Kind}' to the {email.To.Kind.ToString().ToLowerInvariant()} could not be sent: {ex.Message}";
            var flag = new FlagNeedsAttention("attention-" + step.EffectId, "system", reason, NotifyStaff: !step.ToStaff);
            return (null, await records.ApplyAsync(step.ApplicationId, flag).ConfigureAwait(false) is CommandApplied { AlreadyApplied: false });
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Email {Kind} of {ApplicationId} (effect {EffectId}) was refused by the provider.")]
    private partial void LogPermanentFailure(string applicationId, string effectId, string kind);
}

/// <summary>
/// Screens a submitted application: claims the applicant's email for the program and cycle (one application per
/// email: the first screened wins; an insert, never check-then-insert) and records the verdict with the work's id
/// as command id, so a repeated run changes nothing.
/// </summary>
public sealed class ScreenActivity(ApplicationRecords records, ApplicationStore store, OrchestrationStorage storage)
    : TaskActivity<LifecycleStep, StepOutcome>
{
    public override async Task<StepOutcome> RunAsync(TaskActivityContext context, LifecycleStep step)
    {
        using var span = Telemetry.StartContinuation("screen", step.TraceParent, step.ApplicationId);
        var loaded = await store.GetAsync(step.ApplicationId).ConfigureAwait(false);
        var changed = false;
        if (loaded is not null)
        {
            var duplicateOf = await ClaimApplicantAsync(loaded.State).ConfigureAwait(false);
            var result = await records.ApplyAsync(step.ApplicationId, new CompleteScreening(step.EffectId, "system", duplicateOf is not null, duplicateOf))
                .ConfigureAwait(false);
            changed = result is CommandApplied { AlreadyApplied: false };
        }
        await store.DeletePendingEffectsAsync(step.ApplicationId, [new PendingEffect(step.EffectId, PendingEffectTypes.Work, "", 0)]).ConfigureAwait(false);
        return new StepOutcome(changed);
    }

    /// <summary>The Applicants row that claims an application's email for its program and cycle: (program:cycle, SHA-256 of the email).</summary>
    public static (string Partition, string Row) ClaimKey(ApplicationState state) =>
        (RowKeys.Safe($"{state.ProgramId}:{state.Cycle}"),
         Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(state.Applicant.Email.Trim().ToLowerInvariant()))));

    private async Task<string?> ClaimApplicantAsync(ApplicationState state)
    {
        var (partition, row) = ClaimKey(state);
        try
        {
            await storage.Applicants.AddEntityAsync(new TableEntity(partition, row) { ["ApplicationId"] = state.Id }).ConfigureAwait(false);
            return null;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var existing = await storage.Applicants.GetEntityIfExistsAsync<TableEntity>(partition, row).ConfigureAwait(false);
            var owner = existing.HasValue ? existing.Value!.GetString("ApplicationId") : null;
            return owner is null || owner == state.Id ? null : owner;
        }
    }
}

/// <summary>Fills the application's open review slots (load-balanced, conflicts of interest, language match).</summary>
public sealed class AssignMentorsActivity(MentorAssignment assignment, ApplicationStore store) : TaskActivity<LifecycleStep, StepOutcome>
{
    public override async Task<StepOutcome> RunAsync(TaskActivityContext context, LifecycleStep step)
    {
        using var span = Telemetry.StartContinuation("assign mentors", step.TraceParent, step.ApplicationId);
        var result = await assignment.AssignAsync(step.ApplicationId, step.EffectId).ConfigureAwait(false);
        await store.DeletePendingEffectsAsync(step.ApplicationId, [new PendingEffect(step.EffectId, PendingEffectTypes.Work, "", 0)]).ConfigureAwait(false);
        return new StepOutcome(result is CommandApplied { AlreadyApplied: false });
    }
}

/// <summary>A timer of the application fell due: the domain decides what it means now (it may no longer apply).</summary>
public sealed class FireTimerActivity(ApplicationRecords records) : TaskActivity<TimerStep, StepOutcome>
{
    public override async Task<StepOutcome> RunAsync(TaskActivityContext context, TimerStep step)
    {
        using var span = Telemetry.StartContinuation("fire timer", null, step.ApplicationId);
        span?.SetTag("talentfunctions.timer_id", step.TimerId);
        var result = await records.ApplyAsync(step.ApplicationId, new TimerFired("timer:" + step.TimerId, "system", step.TimerId)).ConfigureAwait(false);
        return new StepOutcome(result is CommandApplied { AlreadyApplied: false, Events.Count: > 0 });
    }
}

/// <summary>Records that a step failed after its retries (NeedsAttention, staff emailed unless the step was a staff email).</summary>
public sealed class FlagNeedsAttentionActivity(ApplicationRecords records) : TaskActivity<AttentionStep, StepOutcome>
{
    public override async Task<StepOutcome> RunAsync(TaskActivityContext context, AttentionStep step)
    {
        var result = await records.ApplyAsync(step.ApplicationId, new FlagNeedsAttention(step.CommandId, "system", step.Reason, step.NotifyStaff))
            .ConfigureAwait(false);
        return new StepOutcome(result is CommandApplied { AlreadyApplied: false });
    }
}
