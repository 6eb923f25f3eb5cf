using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Workflow.Effects;

namespace TalentFunctions.Workflow.Index;

/// <summary>
/// The dashboard's numbers of one program, from its counter rows (<see cref="ProgramCounters"/>): applications per stage,
/// in all, needing attention, the mean weighted score of those that have one, and the submitted reviews (which tell
/// whether the program's calibration can have changed: <see cref="Queries.ApplicationQueries.CalibrateAsync"/>).
/// </summary>
public sealed record ProgramCounts(IReadOnlyDictionary<string, long> ByStage, long Total, long NeedsAttention, long Scored, double? MeanWeightedScore, long Reviews)
{
    /// <summary>Each mentor's submitted reviews of the program as calibration needs them (<see cref="ScoreCalibration.Model"/>).</summary>
    public IReadOnlyList<MentorScoreSums> Mentors { get; init; } = [];
}

/// <summary>
/// What one listed application adds to its program's counters: one to its stage, one to "needs attention" when it does,
/// its weighted score to the score sum, its submitted reviews to the review count, and each review's weighted score to
/// its mentor's calibration sums (<see cref="MentorScores"/>: "mentor=units" pairs in one canonical order, null when
/// there are none). The index's pointer row keeps the contribution it last counted, so the next update knows what to
/// take away.
/// </summary>
internal readonly record struct Contribution(string Stage, bool NeedsAttention, double? Score, int Reviews, string? MentorScores = null)
{
    public static Contribution Of(ApplicationSummary summary, ProgramDefinition? program) =>
        new(summary.Stage, summary.NeedsAttention, summary.WeightedScore, summary.Reviews?.Count ?? 0, MentorScoresOf(summary, program));

    /// <summary>
    /// The weighted score of each submitted review, in units (<see cref="ScoreCalibration.ToUnits"/>), as
    /// <c>mentor=units</c> pairs joined by <c>,</c>, sorted; null without reviews, or when the program (its rubric) is unknown.
    /// Mentor ids are slugs (the program validator allows no '=' or ',').
    /// </summary>
    private static string? MentorScoresOf(ApplicationSummary summary, ProgramDefinition? program)
    {
        if (program is null || summary.Reviews is not { Count: > 0 } reviews)
        {
            return null;
        }
        var pairs = reviews
            .Select(r => (r.MentorId, Score: ApplicationDecider.ReviewScore(program.Rubric, r.Scores)))
            .Where(r => r.Score is not null)
            .Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.MentorId}={ScoreCalibration.ToUnits(r.Score!.Value)}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        return pairs.Count == 0 ? null : string.Join(',', pairs);
    }

    /// <summary>The pairs of <see cref="MentorScores"/>.</summary>
    public IEnumerable<(string MentorId, long Units)> MentorUnits() =>
        (MentorScores ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            var at = pair.LastIndexOf('=');
            return (pair[..at], long.Parse(pair.AsSpan(at + 1), CultureInfo.InvariantCulture));
        });
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
/// Each mentor's calibration sums (count, sum and sum of squares of their reviews' weighted scores, in units) are three
/// columns per mentor, <c>Mn_</c>, <c>Ms_</c> and <c>Mq_</c> followed by the mentor id in hex (a column name allows
/// letters, digits and '_' only): calibration reads them with the counts instead of every review of the program
/// (ADR 0019). A row holds at most 255 columns, so a program may have at most <see cref="ProgramCatalog.MaxMentorsPerProgram"/> mentors
/// (3 × 70 + 5 counts + 16 stages + the row's keys and timestamp ≤ 255).
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

    /// <summary>The column of <see cref="BuiltRow"/> that says the mentors' calibration sums are complete too.</summary>
    public const string MentorSumsColumn = "MentorSums";
    private const string StagePrefix = "In";
    private const double ScoreScale = 10_000;

    private const string MentorCount = "Mn_";
    private const string MentorSum = "Ms_";
    private const string MentorSquares = "Mq_";

    private readonly Dictionary<string, long> byStage = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Count, long Sum, long Squares)> mentors = new(StringComparer.Ordinal);
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

    public bool IsEmpty => total == 0 && needsAttention == 0 && scored == 0 && scoreSum == 0 && reviews == 0 && byStage.Values.All(n => n == 0)
        && mentors.Values.All(m => m == default);

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
        foreach (var (mentorId, units) in contribution.MentorUnits())
        {
            AddMentor(mentorId, sign, sign * units, sign * units * units);
        }
    }

    private void AddMentor(string mentorId, long count, long sum, long squares)
    {
        var (c, s, q) = mentors.GetValueOrDefault(mentorId);
        mentors[mentorId] = (c + count, s + sum, q + squares);
    }

    private static string Hex(string mentorId) => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(mentorId));

    private static string MentorOf(string hex) => Encoding.UTF8.GetString(Convert.FromHexString(hex));

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
                byStage[stage] = byStage.GetValueOrDefault(stage) + Convert.ToInt64(value, CultureInfo.InvariantCulture);
            }
        }
        foreach (var (column, value) in row)
        {
            if (column.StartsWith(MentorCount, StringComparison.Ordinal) && value is long or int)
            {
                var hex = column[MentorCount.Length..];
                AddMentor(MentorOf(hex), Convert.ToInt64(value, CultureInfo.InvariantCulture),
                    row.GetInt64(MentorSum + hex) ?? 0, row.GetInt64(MentorSquares + hex) ?? 0);
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
        foreach (var (mentorId, (count, total, squares)) in sum.mentors)
        {
            var hex = Hex(mentorId);
            entity[MentorCount + hex] = count;
            entity[MentorSum + hex] = total;
            entity[MentorSquares + hex] = squares;
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
        foreach (var (mentorId, (count, sum, squares)) in other.mentors)
        {
            AddMentor(mentorId, count, sum, squares);
        }
    }

    public ProgramCounts ToCounts() => new(
        new Dictionary<string, long>(byStage.Where(kv => kv.Value != 0), StringComparer.Ordinal),
        total, needsAttention, scored, scored == 0 ? null : scoreSum / ScoreScale / scored, reviews)
    {
        Mentors = [.. mentors.Where(m => m.Value.Count > 0).OrderBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => new MentorScoreSums(m.Key, m.Value.Count, m.Value.Sum, m.Value.Squares))],
    };
}
