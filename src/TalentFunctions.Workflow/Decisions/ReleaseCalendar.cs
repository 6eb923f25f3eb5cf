using Azure;
using Azure.Data.Tables;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;

namespace TalentFunctions.Workflow.Decisions;

/// <summary>
/// A program's announcement date (issue 12, ADR 0013): <c>decisions.releaseAt</c> from the programs file until staff move
/// it, then the date they set, kept in the ProgramSettings table (row <c>{programId}/decisions</c>). Read once per
/// decision (<see cref="Store.ApplicationRecords"/> puts it into the <see cref="Decide"/> command), so every host and
/// instance sees a move at once.
/// </summary>
public sealed class ReleaseCalendar(OrchestrationStorage storage, ProgramCatalog programs)
{
    private const string Row = "decisions";

    /// <summary>The date decisions of <paramref name="programId"/> are announced, or null when they go out at once.</summary>
    public async Task<DateTimeOffset?> GetAsync(string programId, CancellationToken cancellationToken = default)
    {
        var row = await storage.ProgramSettings.GetEntityIfExistsAsync<TableEntity>(programId, Row, ["ReleaseAt"], cancellationToken).ConfigureAwait(false);
        return row.HasValue && row.Value!.GetDateTimeOffset("ReleaseAt") is { } set
            ? set
            : programs.Get(programId)?.Decisions.ReleaseAt;
    }

    /// <summary>Records the date staff set (the last write wins; moving it again is the way to correct it).</summary>
    public async Task SetAsync(string programId, DateTimeOffset releaseAt, string actor, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var row = new TableEntity(programId, Row)
        {
            ["ReleaseAt"] = releaseAt,
            ["SetBy"] = actor,
            ["SetAt"] = now,
        };
        await storage.ProgramSettings.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }
}
