using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using TalentFunctions.Domain;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Workflow.Effects;

namespace TalentFunctions.Workflow.Store;

/// <summary>An application's snapshot as loaded, with the ETag that guards the next write.</summary>
public sealed record LoadedApplication(ApplicationState State, ETag ETag);

/// <summary>An email sent about an application: its kind, who it went to (applicant, mentor, staff) and when.</summary>
public sealed record SentEmail(string Kind, string RecipientKind, DateTimeOffset SentAt);

/// <summary>One immutable event row, as the audit view shows it.</summary>
public sealed record StoredEvent(long Version, string Type, DateTimeOffset At, string Actor, ApplicationEvent Event);

/// <summary>
/// The instance store: one partition per application holding the snapshot, the events, the
/// pending effects and the command markers. Every change is one entity-group transaction.
/// </summary>
public sealed class ApplicationStore(OrchestrationStorage storage)
{
    private TableClient Table => storage.Applications;

    /// <summary>Reads the snapshot and, in the same request, whether <paramref name="commandId"/> was applied.</summary>
    public async Task<(LoadedApplication? Application, bool CommandApplied)> LoadAsync(
        string applicationId, string? commandId, CancellationToken cancellationToken = default)
    {
        var filter = commandId is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {applicationId} and RowKey eq {RowKeys.State}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {applicationId} and (RowKey eq {RowKeys.State} or RowKey eq {RowKeys.Command(commandId)})");
        LoadedApplication? application = null;
        var applied = false;
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (entity.RowKey == RowKeys.State)
            {
                application = new LoadedApplication(ReadState(entity), entity.ETag);
            }
            else
            {
                applied = true;
            }
        }
        return (application, applied);
    }

    public async Task<LoadedApplication?> GetAsync(string applicationId, CancellationToken cancellationToken = default)
    {
        var entity = await Table.GetEntityIfExistsAsync<TableEntity>(applicationId, RowKeys.State, cancellationToken: cancellationToken).ConfigureAwait(false);
        return entity.HasValue ? new LoadedApplication(ReadState(entity.Value!), entity.Value!.ETag) : null;
    }

    /// <summary>
    /// Commits a decided command atomically: the snapshot (If-Match, or insert for a new
    /// application), its events, its pending effects and the command marker. Returns the new ETag.
    /// </summary>
    public async Task<ETag> CommitAsync(
        string applicationId,
        ETag? expectedETag,
        ApplicationState newState,
        IReadOnlyList<ApplicationEvent> events,
        IReadOnlyList<PendingEffect> effects,
        string commandId,
        DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        var actions = new List<TableTransactionAction>(events.Count + effects.Count + 2);
        var state = WriteState(applicationId, newState);
        actions.Add(expectedETag is null
            ? new TableTransactionAction(TableTransactionActionType.Add, state)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, state, expectedETag.Value));

        var version = newState.Version - events.Count;
        foreach (var e in events)
        {
            version++;
            var row = new TableEntity(applicationId, RowKeys.Event(version))
            {
                ["Type"] = e.GetType().Name,
                ["At"] = e.At,
                ["Actor"] = e.Actor,
            };
            EntityText.Write(row, "Data", JsonSerializer.Serialize(e, DomainJson.Options));
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, row));
        }

        foreach (var item in effects)
        {
            var row = new TableEntity(applicationId, RowKeys.Effect(item.EffectId))
            {
                ["Type"] = item.Type,
                ["Seq"] = item.Sequence,
                ["EffectId"] = item.EffectId,
            };
            EntityText.Write(row, "Data", item.Json);
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, row));
        }

        actions.Add(new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(applicationId, RowKeys.Command(commandId))
        {
            ["Version"] = newState.Version,
            ["At"] = now,
        }));

        if (actions.Count > 100)
        {
            throw new InvalidOperationException($"A command produced {actions.Count} rows; one transaction holds at most 100.");
        }

        var responses = await Table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        return responses.Value[0].Headers.ETag ?? throw new InvalidOperationException("The transaction returned no ETag for the snapshot.");
    }

    /// <summary>Index of the marker row within the transaction built by <see cref="CommitAsync"/>.</summary>
    public static int MarkerIndex(int eventCount, int effectCount) => 1 + eventCount + effectCount;

    public async Task<IReadOnlyList<PendingEffect>> ReadPendingEffectsAsync(string applicationId, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {applicationId} and RowKey ge {RowKeys.EffectPrefix} and RowKey lt {"p"}");
        var items = new List<PendingEffect>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            items.Add(new PendingEffect(
                row.GetString("EffectId") ?? row.RowKey[1..],
                row.GetString("Type") ?? "",
                EntityText.Read(row, "Data") ?? "{}",
                row.GetInt64("Seq") ?? 0));
        }
        items.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return items;
    }

    /// <summary>Deletes done pending effects in transactions of up to 100; rows already gone are fine.</summary>
    public async Task DeletePendingEffectsAsync(string applicationId, IReadOnlyList<PendingEffect> items, CancellationToken cancellationToken = default)
    {
        foreach (var chunk in items.Chunk(100))
        {
            var actions = chunk
                .Select(i => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(applicationId, RowKeys.Effect(i.EffectId)), ETag.All))
                .ToList();
            try
            {
                await Table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 404)
            {
                // An earlier attempt removed some of them first: delete the rest one by one (a missing row is no error).
                foreach (var item in chunk)
                {
                    await Table.DeleteEntityAsync(applicationId, RowKeys.Effect(item.EffectId), ETag.All, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>
    /// Removes done email effects and, in the same transaction, notes each one that was sent (kind, recipient kind,
    /// time; no address) for the applicant's data export (ADR 0014). An email refused for good has no
    /// <see cref="SentEmail"/>: its effect is only removed. Idempotent: rows already gone are fine.
    /// </summary>
    public async Task CompleteEmailEffectsAsync(string applicationId, IReadOnlyList<(string EffectId, SentEmail? Sent)> done, CancellationToken cancellationToken = default)
    {
        // Two actions per email at most, and a transaction holds 100.
        foreach (var chunk in done.Chunk(50))
        {
            var actions = new List<TableTransactionAction>(chunk.Length * 2);
            foreach (var (effectId, sent) in chunk)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(applicationId, RowKeys.Effect(effectId)), ETag.All));
                if (sent is not null)
                {
                    actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, SentEmailRow(applicationId, effectId, sent)));
                }
            }
            try
            {
                await Table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 404)
            {
                // An earlier attempt completed some of them first: the rest one by one (a missing row is no error).
                foreach (var (effectId, sent) in chunk)
                {
                    if (sent is not null)
                    {
                        await Table.UpsertEntityAsync(SentEmailRow(applicationId, effectId, sent), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                    }
                    await Table.DeleteEntityAsync(applicationId, RowKeys.Effect(effectId), ETag.All, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private static TableEntity SentEmailRow(string applicationId, string effectId, SentEmail sent) => new(applicationId, RowKeys.SentEmail(effectId))
    {
        ["Kind"] = sent.Kind,
        ["RecipientKind"] = sent.RecipientKind,
        ["SentAt"] = sent.SentAt,
    };

    /// <summary>The emails sent about the application, oldest first.</summary>
    public async Task<IReadOnlyList<SentEmail>> ReadSentEmailsAsync(string applicationId, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {applicationId} and RowKey ge {RowKeys.SentEmailPrefix} and RowKey lt {"n"}");
        var sent = new List<SentEmail>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            sent.Add(new SentEmail(row.GetString("Kind") ?? "", row.GetString("RecipientKind") ?? "", row.GetDateTimeOffset("SentAt") ?? DateTimeOffset.MinValue));
        }
        sent.Sort((a, b) => a.SentAt.CompareTo(b.SentAt));
        return sent;
    }

    /// <summary>The application's full history, oldest first (the audit view).</summary>
    public async IAsyncEnumerable<StoredEvent> GetHistoryAsync(
        string applicationId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {applicationId} and RowKey ge {RowKeys.EventPrefix} and RowKey lt {"f"}");
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var e = JsonSerializer.Deserialize<ApplicationEvent>(EntityText.Read(row, "Data") ?? "null", DomainJson.Options)
                ?? throw new InvalidDataException($"Event row {row.RowKey} of {applicationId} is empty.");
            yield return new StoredEvent(
                long.Parse(row.RowKey.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture),
                row.GetString("Type") ?? e.GetType().Name,
                row.GetDateTimeOffset("At") ?? e.At,
                row.GetString("Actor") ?? e.Actor,
                e);
        }
    }

    private static TableEntity WriteState(string applicationId, ApplicationState state)
    {
        var entity = new TableEntity(applicationId, RowKeys.State)
        {
            ["ProgramId"] = state.ProgramId,
            ["Stage"] = state.Stage.ToString(),
            ["Version"] = state.Version,
            ["UpdatedAt"] = state.UpdatedAt,
        };
        EntityText.Write(entity, "Data", JsonSerializer.Serialize(state, DomainJson.Options));
        return entity;
    }

    private static ApplicationState ReadState(TableEntity entity) =>
        JsonSerializer.Deserialize<ApplicationState>(EntityText.Read(entity, "Data") ?? "null", DomainJson.Options)
        ?? throw new InvalidDataException($"The snapshot of {entity.PartitionKey} is empty.");
}
