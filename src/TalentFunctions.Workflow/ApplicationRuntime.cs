using Microsoft.Extensions.Logging;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Workflow.Commands;
using TalentFunctions.Workflow.Outbox;
using TalentFunctions.Workflow.Store;
using Azure;
using Azure.Data.Tables;

namespace TalentFunctions.Workflow;

/// <summary>
/// Runs commands against an application's durable state (DESIGN §4): load, let the domain decide,
/// commit snapshot + events + outbox + command marker in one transaction, then perform the effects.
/// </summary>
public sealed partial class ApplicationRuntime
{
    private readonly ApplicationStore store;
    private readonly PendingOutboxMarkers markers;
    private readonly StateCache cache;
    private readonly ProgramCatalog programs;
    private readonly TimeProvider time;
    private readonly OrchestrationOptions options;
    private readonly RuntimeHooks hooks;
    private readonly Dictionary<string, IEffectHandler> handlers;
    private readonly IOutboxDispatchSink sink;
    private readonly ILogger<ApplicationRuntime> logger;

    public ApplicationRuntime(
        ApplicationStore store,
        PendingOutboxMarkers markers,
        StateCache cache,
        ProgramCatalog programs,
        TimeProvider time,
        OrchestrationOptions options,
        IEnumerable<IEffectHandler> handlers,
        IOutboxDispatchSink sink,
        RuntimeHooks hooks,
        ILogger<ApplicationRuntime> logger)
    {
        this.store = store;
        this.markers = markers;
        this.cache = cache;
        this.programs = programs;
        this.time = time;
        this.options = options;
        this.hooks = hooks;
        this.sink = sink;
        this.logger = logger;
        this.handlers = handlers.ToDictionary(h => h.Type, StringComparer.Ordinal);
    }

    public ProgramCatalog Programs => programs;

    /// <summary>Applies <paramref name="command"/> to application <paramref name="applicationId"/>, exactly once per command id.</summary>
    public async Task<CommandResult> ExecuteAsync(string applicationId, ApplicationCommand command, CancellationToken cancellationToken = default)
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
            var outbox = EffectPlanner.Plan(loaded?.State, newState, decision.Effects);

            ETag? markerETag = null;
            long markerWrittenAt = 0;
            if (outbox.Count > 0)
            {
                markerETag = await markers.UpsertAsync(applicationId, cancellationToken).ConfigureAwait(false);
                markerWrittenAt = time.GetTimestamp();
                await hooks.At(RuntimePoint.MarkerWritten, applicationId).ConfigureAwait(false);
            }

            ETag etag;
            try
            {
                etag = await store.CommitAsync(applicationId, loaded?.ETag, newState, decision.Events, outbox, command.CommandId, now, cancellationToken)
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
            catch (TableTransactionFailedException ex) when (ex.Status == 409 && ex.FailedTransactionActionIndex == ApplicationStore.MarkerIndex(decision.Events.Count, outbox.Count))
            {
                // The command marker exists: an earlier delivery of this command won.
                cache.Remove(applicationId);
                var current = await store.GetAsync(applicationId, cancellationToken).ConfigureAwait(false);
                return new CommandApplied(current?.State ?? newState, [], AlreadyApplied: true);
            }

            cache.Set(applicationId, new LoadedApplication(newState, etag));

            if (outbox.Count > 0)
            {
                // A sweeper may have judged the marker stale and removed it while this command was
                // slow between writing it and committing. Re-writing it keeps the rule "after every
                // commit with outbox rows a marker exists". Within half the stale age no sweeper can
                // have removed it (clock skew between machines is assumed below that).
                if (time.GetElapsedTime(markerWrittenAt) >= options.StaleOutboxAge / 2)
                {
                    markerETag = await markers.UpsertAsync(applicationId, cancellationToken).ConfigureAwait(false);
                }
                await hooks.At(RuntimePoint.Committed, applicationId).ConfigureAwait(false);
                if (options.DispatchInline)
                {
                    try
                    {
                        await DispatchAsync(applicationId, outbox, markerETag, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // Committed is committed: the marker and the outbox rows stay for the sweeper.
                        LogDispatchFailed(ex, applicationId);
                    }
                }
                else
                {
                    await sink.DispatchAsync(new DispatchRequest(applicationId, outbox, markerETag!.Value), cancellationToken).ConfigureAwait(false);
                }
            }
            return new CommandApplied(newState, decision.Events, AlreadyApplied: false);
        }
    }

    /// <summary>
    /// Performs outbox effects of <paramref name="applicationId"/> in order, deletes the rows done, and
    /// removes the pending marker when all are done and nobody refreshed it. With no
    /// <paramref name="items"/> it reads the outbox (the sweeper's path).
    /// </summary>
    public async Task DispatchAsync(string applicationId, IReadOnlyList<OutboxItem>? items, ETag? markerETag, CancellationToken cancellationToken = default)
    {
        items ??= await store.ReadOutboxAsync(applicationId, cancellationToken).ConfigureAwait(false);
        var done = new List<OutboxItem>(items.Count);
        var attention = new List<(OutboxItem Item, EffectOutcome Outcome)>();
        try
        {
            foreach (var item in items)
            {
                if (!handlers.TryGetValue(item.Type, out var handler))
                {
                    throw new InvalidOperationException($"No handler for outbox effects of type '{item.Type}'.");
                }
                var outcome = await handler.ExecuteAsync(applicationId, item, cancellationToken).ConfigureAwait(false);
                done.Add(item);
                if (outcome.NeedsAttention is not null)
                {
                    attention.Add((item, outcome));
                }
                await hooks.At(RuntimePoint.EffectPerformed, applicationId).ConfigureAwait(false);
            }
        }
        finally
        {
            if (done.Count > 0)
            {
                await store.DeleteOutboxAsync(applicationId, done, CancellationToken.None).ConfigureAwait(false);
            }
        }

        foreach (var (item, outcome) in attention)
        {
            var flag = new FlagNeedsAttention("attention-" + item.EffectId, "system", outcome.NeedsAttention!, outcome.NotifyStaff);
            await ExecuteAsync(applicationId, flag, cancellationToken).ConfigureAwait(false);
        }

        if (markerETag is not null)
        {
            await markers.TryDeleteAsync(applicationId, markerETag.Value, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsLostRace(TableTransactionFailedException ex) =>
        ex.FailedTransactionActionIndex == 0 && ex.Status is 412 or 409 or 404;

    private static TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(1000, 10 * (1 << Math.Min(attempt, 7)));
        return TimeSpan.FromMilliseconds(Random.Shared.Next(ceiling / 2, ceiling + 1));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dispatching the outbox of {ApplicationId} failed; the sweeper will finish it.")]
    private partial void LogDispatchFailed(Exception exception, string applicationId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Application {ApplicationId}: lost a concurrent-update race (attempt {Attempt}); retrying.")]
    private partial void LogConflict(string applicationId, int attempt);
}
