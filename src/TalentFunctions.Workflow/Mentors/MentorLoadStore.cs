using Azure;
using Azure.Data.Tables;
using TalentFunctions.Workflow.Effects;

namespace TalentFunctions.Workflow.Mentors;

public sealed record OpenReview(string MentorId, string ApplicationId, string AssignmentId, DateTimeOffset DueAt);

/// <summary>
/// Open reviews per mentor, for balancing assignments and for the dashboard. Partition = program,
/// row = <c>{mentorId}|{appId}|{assignmentId}</c>: one row per open review, written and removed by
/// outbox effects, so both are idempotent. Every assignment also gets a row of the same key in the partition
/// <c>h|{program}</c> that stays when the review closes: the mentor's "my reviews" page lists them all, and nothing
/// that counts load reads that partition. Assignments opened before it existed have no such row.
/// </summary>
public sealed class MentorLoadStore(OrchestrationStorage storage)
{
    private TableClient Table => storage.MentorLoad;

    private static string Row(string mentorId, string applicationId, string assignmentId) => $"{mentorId}|{applicationId}|{assignmentId}";

    /// <summary>The partition of a program's assignment history (every assignment ever opened).</summary>
    public static string HistoryPartition(string programId) => "h|" + programId;

    public async Task ApplyAsync(string applicationId, MentorLoadPayload payload, CancellationToken cancellationToken = default)
    {
        foreach (var open in payload.Opened)
        {
            await Table.UpsertEntityAsync(new TableEntity(HistoryPartition(payload.ProgramId), Row(open.MentorId, applicationId, open.AssignmentId))
            {
                ["MentorId"] = open.MentorId,
                ["ApplicationId"] = applicationId,
                ["AssignmentId"] = open.AssignmentId,
                ["DueAt"] = open.DueAt,
            }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
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
    public Task<IReadOnlyList<OpenReview>> ListOpenForMentorAsync(string programId, string mentorId, CancellationToken cancellationToken = default) =>
        QueryAsync(MentorRows(programId, mentorId), cancellationToken);

    /// <summary>Every assignment a mentor was given in a program, open or closed (from the history partition).</summary>
    public Task<IReadOnlyList<OpenReview>> ListAssignedToMentorAsync(string programId, string mentorId, CancellationToken cancellationToken = default) =>
        QueryAsync(MentorRows(HistoryPartition(programId), mentorId), cancellationToken);

    /// <summary>The rows of one partition whose key starts with <c>{mentorId}|</c> ('|' is followed by '}' in ordinal order).</summary>
    private static string MentorRows(string partition, string mentorId)
    {
        var from = mentorId + "|";
        var to = mentorId + "}";
        return TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {from} and RowKey lt {to}");
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
