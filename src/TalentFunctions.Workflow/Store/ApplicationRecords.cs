using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Workflow.Commands;
using TalentFunctions.Workflow.Effects;

namespace TalentFunctions.Workflow.Store;

/// <summary>
/// Applies commands to application records: load, let the domain decide, and commit snapshot + events + pending
/// effects + command marker in one conditional transaction (If-Match on the snapshot), so a command is applied
/// once per command id and two racing callers cannot both change the same version. Performing the effects is the
/// orchestration's job (<see cref="Lifecycle.ApplicationLifecycle"/>); HTTP handlers go through
/// <see cref="ApplicationCommands"/>, which also wakes it.
/// </summary>
public sealed partial class ApplicationRecords(
    ApplicationStore store,
    StateCache cache,
    ProgramCatalog programs,
    TimeProvider time,
    OrchestrationOptions options,
    Decisions.ReleaseCalendar calendar,
    ILogger<ApplicationRecords> logger)
{
    public ProgramCatalog Programs => programs;

    /// <summary>Applies <paramref name="command"/> to application <paramref name="applicationId"/>, exactly once per command id.</summary>
    public async Task<CommandResult> ApplyAsync(string applicationId, ApplicationCommand command, CancellationToken cancellationToken = default)
    {
        var creating = command is CreateDraft;
        var trustCache = true;
        for (var attempt = 1; ; attempt++)
        {
            LoadedApplication? loaded;
            var guessed = false;
            if (trustCache && cache.TryGet(applicationId, out var cached))
            {
                loaded = cached;
                guessed = true;
            }
            else if (creating && attempt == 1)
            {
                loaded = null;
                guessed = true;
            }
            else
            {
                (loaded, var applied) = await store.LoadAsync(applicationId, command.CommandId, cancellationToken).ConfigureAwait(false);
                if (applied && loaded is not null)
                {
                    cache.Set(applicationId, loaded);
                    return new CommandApplied(loaded.State, [], AlreadyApplied: true);
                }
            }

            if (loaded is null && !creating)
            {
                return new ApplicationNotFound(applicationId);
            }

            if (command is Decide { ReleaseAt: null } decide && loaded is not null)
            {
                // The announcement date as staff last set it (or the programs file's): read for every decision, so a
                // date moved by another instance counts at once.
                command = decide with { ReleaseAt = await calendar.GetAsync(loaded.State.ProgramId, cancellationToken).ConfigureAwait(false) };
            }

            var now = time.GetUtcNow();
            var decision = ApplicationDecider.Decide(loaded?.State, command, new DecisionContext(now, programs));
            if (decision.Refusal is { } refusal)
            {
                if (guessed && loaded is not null)
                {
                    // The cached snapshot may be stale, or this command may be a redelivery:
                    // decide again on what storage holds before refusing.
                    trustCache = false;
                    continue;
                }
                return refusal.Kind == RefusalKind.NotFound ? new ApplicationNotFound(applicationId) : new CommandRefused(refusal);
            }

            if (decision.Events.Count == 0 && guessed && !creating)
            {
                // Nothing to do on the cached snapshot: tell a redelivery from a no-op by what storage holds.
                trustCache = false;
                continue;
            }

            if (decision.Events.Count == 0)
            {
                return new CommandApplied(loaded!.State, [], AlreadyApplied: false);
            }

            var newState = decision.State ?? throw new InvalidOperationException("An accepted decision carries the new state.");
            var effects = EffectPlanner.Plan(loaded?.State, newState, decision.Effects, programs.Get(newState.ProgramId));

            ETag etag;
            try
            {
                etag = await store.CommitAsync(applicationId, loaded?.ETag, newState, decision.Events, effects, command.CommandId, now, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (TableTransactionFailedException ex) when (IsLostRace(ex))
            {
                cache.Remove(applicationId);
                trustCache = false;
                if (attempt >= options.MaxConflictRetries)
                {
                    throw new CommandConflictException(applicationId, attempt);
                }
                LogConflict(applicationId, attempt);
                // Real time, not business time: the backoff spreads out competing writers.
                await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 409 && ex.FailedTransactionActionIndex == ApplicationStore.MarkerIndex(decision.Events.Count, effects.Count))
            {
                // The command marker exists: an earlier delivery of this command won.
                cache.Remove(applicationId);
                var current = await store.GetAsync(applicationId, cancellationToken).ConfigureAwait(false);
                return new CommandApplied(current?.State ?? newState, [], AlreadyApplied: true);
            }

            cache.Set(applicationId, new LoadedApplication(newState, etag));
            if (decision.Events.OfType<NeedsAttentionFlagged>().Any())
            {
                // The alert rule in infra/main.bicep matches this event name. The reason is ours, never the applicant's words.
                LogNeedsAttention(applicationId, command.Actor, command.GetType().Name);
            }
            return new CommandApplied(newState, decision.Events, AlreadyApplied: false);
        }
    }

    /// <summary>The record's current version (from this process's cache when it has one), or null when there is none.</summary>
    public async Task<long?> VersionAsync(string applicationId, CancellationToken cancellationToken = default) =>
        cache.TryGet(applicationId, out var cached) ? cached!.State.Version
            : (await store.GetAsync(applicationId, cancellationToken).ConfigureAwait(false))?.State.Version;

    private static bool IsLostRace(TableTransactionFailedException ex) =>
        ex.FailedTransactionActionIndex == 0 && ex.Status is 412 or 409 or 404;

    private static TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(1000, 10 * (1 << Math.Min(attempt, 7)));
        return TimeSpan.FromMilliseconds(Random.Shared.Next(ceiling / 2, ceiling + 1));
    }

    [LoggerMessage(EventName = "ApplicationNeedsAttention", Level = LogLevel.Warning,
        Message = "ApplicationNeedsAttention: application {ApplicationId} was flagged for staff attention by {Actor} ({Command}).")]
    private partial void LogNeedsAttention(string applicationId, string actor, string command);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Application {ApplicationId}: lost a concurrent-update race (attempt {Attempt}); retrying.")]
    private partial void LogConflict(string applicationId, int attempt);
}
