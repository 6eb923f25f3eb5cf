using System.Text.Json;
using Azure.Data.Tables;
using TalentFunctions.Workflow;

namespace TalentFunctions.Web.Pages;

/// <summary>
/// A mentor's review draft (scores, recommendation, comment as last saved), one row per assignment (partition =
/// application, row = assignment) in <c>ReviewDrafts</c>. Saving replaces the row, so saving twice is the same as once;
/// the draft is removed when the review is recorded.
/// </summary>
public sealed class ReviewDraftStore(OrchestrationStorage storage)
{
    private TableClient Table => storage.ReviewDrafts;

    public async Task SaveAsync(string applicationId, string assignmentId, ReviewInput input, CancellationToken cancellationToken)
    {
        await Table.UpsertEntityAsync(new TableEntity(applicationId, assignmentId)
        {
            ["Scores"] = JsonSerializer.Serialize(input.Scores.Where(s => s.Value is not null).ToDictionary(s => s.Key, s => s.Value!.Value)),
            ["Recommendation"] = input.Recommendation ?? "",
            ["Comment"] = input.Comment ?? "",
        }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<ReviewInput?> GetAsync(string applicationId, string assignmentId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(applicationId, assignmentId, cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return null;
        }
        var scores = JsonSerializer.Deserialize<Dictionary<string, int>>(row.Value!.GetString("Scores") ?? "{}") ?? [];
        return new ReviewInput(false, scores.ToDictionary(s => s.Key, s => (int?)s.Value, StringComparer.Ordinal),
            row.Value.GetString("Recommendation"), row.Value.GetString("Comment"));
    }

    public async Task DeleteAsync(string applicationId, string assignmentId, CancellationToken cancellationToken)
    {
        try
        {
            await Table.DeleteEntityAsync(applicationId, assignmentId, Azure.ETag.All, cancellationToken);
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            // no draft
        }
    }
}
