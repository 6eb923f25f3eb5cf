using Azure;
using Azure.Data.Tables;
using TalentFunctions.Workflow.Effects;

namespace TalentFunctions.Workflow.Mentors;

public sealed record OpenReview(string MentorId, string ApplicationId, string AssignmentId, DateTimeOffset DueAt);

/// <summary>
/// Open reviews per mentor, for balancing assignments and for the dashboard. Partition = program,
/// row = <c>{mentorId}|{appId}|{assignmentId}</c>: one row per open review, written and removed by
/// outbox effects, so both are idempotent.
/// </summary>
public sealed class MentorLoadStore(OrchestrationStorage storage)
{
    private TableClient Table => storage.MentorLoad;

    private static string Row(string mentorId, string applicationId, string assignmentId) => $"{mentorId}|{applicationId}|{assignmentId}";

    public async Task ApplyAsync(string applicationId, MentorLoadPayload payload, CancellationToken cancellationToken = default)
    {
        var actions = new List<TableTransactionAction>();
        foreach (var open in payload.Opened)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                new TableEntity(payload.ProgramId, Row(open.MentorId, applicationId, open.AssignmentId))
                {
                    ["MentorId"] = open.MentorId,
                    ["ApplicationId"] = applicationId,
                    ["AssignmentId"] = open.AssignmentId,
                    ["DueAt"] = open.DueAt,
                }));
        }
        foreach (var closed in payload.Closed)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Delete,
                new TableEntity(payload.ProgramId, Row(closed.MentorId, applicationId, closed.AssignmentId)), ETag.All));
        }
        if (actions.Count == 0)
        {
            return;
        }
        try
        {
            await Table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 404)
        {
            // A row to remove was already removed (the effect ran before): apply one by one.
            foreach (var action in actions)
            {
                if (action.ActionType == TableTransactionActionType.Delete)
                {
                    await Table.DeleteEntityAsync(action.Entity.PartitionKey, action.Entity.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await Table.UpsertEntityAsync(action.Entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    public Task<IReadOnlyList<OpenReview>> ListOpenAsync(string programId, CancellationToken cancellationToken = default) =>
        QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {programId}"), cancellationToken);

    /// <summary>One mentor's open reviews in a program: the rows whose key starts with <c>{mentorId}|</c>.</summary>
    public Task<IReadOnlyList<OpenReview>> ListOpenForMentorAsync(string programId, string mentorId, CancellationToken cancellationToken = default)
    {
        // '|' is followed by '}' in ordinal order: the range holds exactly the keys "{mentorId}|…".
        var from = mentorId + "|";
        var to = mentorId + "}";
        return QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {programId} and RowKey ge {from} and RowKey lt {to}"), cancellationToken);
    }

    private async Task<IReadOnlyList<OpenReview>> QueryAsync(string filter, CancellationToken cancellationToken)
    {
        var open = new List<OpenReview>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            open.Add(new OpenReview(
                row.GetString("MentorId") ?? "",
                row.GetString("ApplicationId") ?? "",
                row.GetString("AssignmentId") ?? "",
                row.GetDateTimeOffset("DueAt") ?? DateTimeOffset.MaxValue));
        }
        return open;
    }
}
