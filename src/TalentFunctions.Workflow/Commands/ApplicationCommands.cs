using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Workflow.Lifecycle;
using TalentFunctions.Workflow.Mentors;
using TalentFunctions.Workflow.Privacy;
using TalentFunctions.Workflow.Store;

namespace TalentFunctions.Workflow.Commands;

/// <summary>
/// What HTTP handlers call to change an application: the command is checked and committed to the record
/// synchronously (<see cref="ApplicationRecords"/>: the answer, 2xx or 4xx, is final when this returns), then the
/// application's orchestration is told (<see cref="IApplicationSignals"/>) so it performs what follows: emails,
/// screening, mentor assignment, timers. A command applied before (same command id) tells it again, so a request
/// repeated after a crash between the two steps loses nothing.
/// </summary>
public sealed class ApplicationCommands(ApplicationRecords records, MentorAssignment mentors, IApplicationSignals signals, RetentionSchedule retention)
{
    public ProgramCatalog Programs => records.Programs;

    public async Task<CommandResult> ExecuteAsync(string applicationId, ApplicationCommand command, CancellationToken cancellationToken = default)
    {
        using var span = Telemetry.Source.StartActivity("command " + command.GetType().Name);
        span?.SetTag("talentfunctions.application_id", applicationId);
        var result = await records.ApplyAsync(applicationId, command, cancellationToken).ConfigureAwait(false);
        span?.SetTag("talentfunctions.outcome", result switch
        {
            CommandApplied { AlreadyApplied: true } => "already-applied",
            CommandApplied => "applied",
            CommandRefused refused => refused.Refusal.Code,
            _ => "not-found",
        });
        if (result is CommandApplied applied)
        {
            if (command is CreateDraft && !applied.AlreadyApplied)
            {
                await signals.StartAsync(applicationId, cancellationToken).ConfigureAwait(false);
                // The cycle's retention sweep starts with its first application (ADR 0017).
                await retention.EnsureAsync(applied.State.ProgramId, applied.State.Cycle, cancellationToken).ConfigureAwait(false);
            }
            else if (command is CreateDraft)
            {
                // A repeated create: its instance may be missing if the first request died before starting it.
                // Never schedule over a running one (the engine would leave the new execution pending).
                await signals.ChangedAsync(applicationId, applied.State.Version, ensureRunning: true, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await SignalAsync(applicationId, applied, cancellationToken).ConfigureAwait(false);
            }
        }
        else if (result is CommandRefused { Refusal.HttpStatus: 409 } && await records.VersionAsync(applicationId, cancellationToken).ConfigureAwait(false) is { } version)
        {
            // A 409 is often the repeat of a request that did succeed (a second post of a review, an offer answered
            // twice) whose process may have died before raising the event: raise it again; waking costs nothing.
            await signals.ChangedAsync(applicationId, version, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        return result;
    }

    /// <summary>
    /// Staff ask to fill open review slots now (after adding mentors or freeing their capacity): the orchestration's
    /// assignment step, run synchronously under the caller's command id.
    /// </summary>
    public async Task<CommandResult> AssignMentorsNowAsync(string applicationId, string commandId, CancellationToken cancellationToken = default)
    {
        var result = await mentors.AssignAsync(applicationId, commandId, cancellationToken).ConfigureAwait(false);
        if (result is CommandApplied applied)
        {
            await SignalAsync(applicationId, applied, cancellationToken).ConfigureAwait(false);
        }
        return result;
    }

    /// <summary>Staff retry an application's blocked step: wake its orchestration (starting it again if it ended).</summary>
    public Task RetryAsync(string applicationId, long version, CancellationToken cancellationToken = default) =>
        signals.ChangedAsync(applicationId, version, ensureRunning: true, cancellationToken);

    // A command on an application that had already ended (a flag, a resolved flag) may find its instance completed.
    private Task SignalAsync(string applicationId, CommandApplied applied, CancellationToken cancellationToken) =>
        signals.ChangedAsync(applicationId, applied.State.Version, ensureRunning: StageRules.IsFinal(applied.State.Stage) && applied.Events.All(e => !ClosesApplication(e)), cancellationToken);

    private static bool ClosesApplication(ApplicationEvent e) =>
        e is OfferAccepted or OfferDeclined or OfferExpired or Rejected or Withdrew or MarkedIncomplete;
}
