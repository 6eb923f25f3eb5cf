using Azure.Data.Tables;
using TalentFunctions.Workflow.Effects;

namespace TalentFunctions.Workflow.Index;

/// <summary>
/// The dashboard's numbers of one program, from its counter rows (<see cref="ProgramCounters"/>): applications per stage,
/// in all, needing attention, the mean weighted score of those that have one, and the submitted reviews (which tell
/// whether the program's calibration can have changed: <see cref="Queries.ApplicationQueries.CalibrateAsync"/>).
/// </summary>
public sealed record ProgramCounts(IReadOnlyDictionary<string, long> ByStage, long Total, long NeedsAttention, long Scored, double? MeanWeightedScore, long Reviews);

/// <summary>
/// What one listed application adds to its program's counters: one to its stage, one to "needs attention" when it does,
/// its weighted score to the score sum, and its submitted reviews to the review count. The index's pointer row keeps the contribution it last counted, so the next
/// update knows what to take away.
/// </summary>
internal readonly record struct Contribution(string Stage, bool NeedsAttention, double? Score, int Reviews)
{
    public static Contribution Of(ApplicationSummary summary) => new(summary.Stage, summary.NeedsAttention, summary.WeightedScore, summary.Reviews?.Count ?? 0);
}

/// <summary>
/// Per-program counters kept beside the listing rows, in the index partition of the program, so a stage move and its
/// counter change commit in one entity-group transaction (<see cref="ApplicationIndex.ApplyAsync"/>).
/// <para>
/// The counts are spread over <see cref="Shards"/> rows <c>c|00</c>…<c>c|15</c>: every update that changes a count
/// rewrites one counter row with If-Match, so with one row per program every concurrent update of the program would
/// race for the same ETag. Each shard holds partial sums (an application's changes go to the shard of its id, a rebuild
/// may use any); the program's counts are the sums over the shards, read in one query of 17 rows at most, however many
/// applications there are. Row <c>c|built</c> says the counters hold every application (see
/// <see cref="ApplicationIndex.ReadCountsAsync"/>).
/// </para>
/// <para>
/// Scores are summed in ten-thousandths as integers: weighted scores have four decimals
/// (<c>ApplicationDecider.WeightedScore</c>), so adding and taking away leaves no rounding residue.
/// </para>
/// </summary>
internal sealed class ProgramCounters
{
    public const int Shards = 16;
    public const string BuiltRow = "c|built";
    private const string StagePrefix = "In";
    private const double ScoreScale = 10_000;

    private readonly Dictionary<string, long> byStage = new(StringComparer.Ordinal);
    private long total;
    private long needsAttention;
    private long scored;
    private long scoreSum;
    private long reviews;

    /// <summary>The counter rows of a partition: <c>c|</c> up to (not including) <c>c}</c> ('}' follows '|').</summary>
    public static string RangeFilter(string programId) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {programId} and RowKey ge {"c|"} and RowKey lt {"c}"}");

    public static string ShardRow(int shard) => $"c|{shard:D2}";

    /// <summary>The shard an application's changes go to: a stable hash of its id (FNV-1a; not string.GetHashCode, which changes per process).</summary>
    public static int ShardOf(string applicationId)
    {
        var hash = 2166136261u;
        foreach (var c in applicationId)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return (int)(hash % Shards);
    }

    public bool IsEmpty => total == 0 && needsAttention == 0 && scored == 0 && scoreSum == 0 && reviews == 0 && byStage.Values.All(n => n == 0);

    public void Add(Contribution contribution, int sign)
    {
        byStage[contribution.Stage] = byStage.GetValueOrDefault(contribution.Stage) + sign;
        total += sign;
        if (contribution.NeedsAttention)
        {
            needsAttention += sign;
        }
        if (contribution.Score is { } score)
        {
            scored += sign;
            scoreSum += sign * (long)Math.Round(score * ScoreScale, MidpointRounding.AwayFromZero);
        }
        reviews += sign * contribution.Reviews;
    }

    /// <summary>The change from what an application counted before (<paramref name="before"/>, null when it counted nothing) to <paramref name="after"/>.</summary>
    public static ProgramCounters Change(Contribution? before, Contribution after)
    {
        var change = new ProgramCounters();
        if (before != after)
        {
            if (before is { } old)
            {
                change.Add(old, -1);
            }
            change.Add(after, +1);
        }
        return change;
    }

    /// <summary>Adds the counts held in a counter row.</summary>
    public void AddRow(TableEntity row)
    {
        foreach (var (column, value) in row)
        {
            if (column.StartsWith(StagePrefix, StringComparison.Ordinal) && value is long or int)
            {
                var stage = column[StagePrefix.Length..];
                byStage[stage] = byStage.GetValueOrDefault(stage) + Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        total += row.GetInt64("Total") ?? 0;
        needsAttention += row.GetInt64("NeedsAttention") ?? 0;
        scored += row.GetInt64("Scored") ?? 0;
        scoreSum += row.GetInt64("ScoreSum") ?? 0;
        reviews += row.GetInt64("Reviews") ?? 0;
    }

    /// <summary>
    /// The transaction action that adds this change to counter row <paramref name="rowKey"/> as last read
    /// (<paramref name="current"/>, null when missing): Add when missing, else UpdateReplace with its ETag, so two
    /// writers of one row never both succeed.
    /// </summary>
    public TableTransactionAction AddedTo(string programId, string rowKey, TableEntity? current)
    {
        var sum = new ProgramCounters();
        if (current is not null)
        {
            sum.AddRow(current);
        }
        sum.Merge(this);
        var entity = new TableEntity(programId, rowKey)
        {
            ["Total"] = sum.total,
            ["NeedsAttention"] = sum.needsAttention,
            ["Scored"] = sum.scored,
            ["ScoreSum"] = sum.scoreSum,
            ["Reviews"] = sum.reviews,
        };
        foreach (var (stage, count) in sum.byStage)
        {
            entity[StagePrefix + stage] = count;
        }
        return current is null
            ? new TableTransactionAction(TableTransactionActionType.Add, entity)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, current.ETag);
    }

    private void Merge(ProgramCounters other)
    {
        foreach (var (stage, count) in other.byStage)
        {
            byStage[stage] = byStage.GetValueOrDefault(stage) + count;
        }
        total += other.total;
        needsAttention += other.needsAttention;
        scored += other.scored;
        scoreSum += other.scoreSum;
        reviews += other.reviews;
    }

    public ProgramCounts ToCounts() => new(
        new Dictionary<string, long>(byStage.Where(kv => kv.Value != 0), StringComparer.Ordinal),
        total, needsAttention, scored, scored == 0 ? null : scoreSum / ScoreScale / scored, reviews);
}
