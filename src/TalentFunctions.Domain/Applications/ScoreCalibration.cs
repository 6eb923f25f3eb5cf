using TalentFunctions.Domain.Programs;

namespace TalentFunctions.Domain.Applications;

/// <summary>One submitted review as calibration sees it: its mentor, its application and its weighted score.</summary>
public sealed record ScoredReview(string MentorId, string ApplicationId, double Score);

/// <summary>
/// What calibration learned about one mentor: how many reviews, the mean and spread (population standard deviation)
/// of their weighted scores, and <see cref="Trust"/>, the share of their own standardisation in their calibrated scores.
/// </summary>
public sealed record MentorCalibration(string MentorId, int Reviews, double Mean, double Spread, double Trust);

/// <summary>The calibrated score of every reviewed application of a cycle, and the statistics behind them.</summary>
public sealed record CalibratedScores(
    IReadOnlyDictionary<string, double> Applications,
    IReadOnlyDictionary<string, MentorCalibration> Mentors,
    double ProgramMean,
    double ProgramSpread)
{
    public static readonly CalibratedScores Empty = new(
        new Dictionary<string, double>(StringComparer.Ordinal), new Dictionary<string, MentorCalibration>(StringComparer.Ordinal), 0, 0);

    public double? For(string applicationId) => Applications.TryGetValue(applicationId, out var score) ? score : null;
}

/// <summary>
/// Calibrated scores (ADR 0010). Each review's weighted score becomes a standard score twice: against its mentor's
/// own reviews of the cycle (z<sub>m</sub>) and against every review of the cycle (z<sub>p</sub>), each clipped to
/// ±<see cref="ClipSpreads"/>. The review's standard score is <c>t·z<sub>m</sub> + (1 − t)·z<sub>p</sub></c> with the
/// mentor's trust <c>t = min(1, n / <see cref="FullTrustReviews"/>)</c>, mapped back to the rubric's scale as
/// <c>3 + 1 point per standard deviation</c> (so ±2 spans 1–5). An application's calibrated score is the mean over
/// its reviews, rounded to 4 decimals. Pure and deterministic: the same reviews in any order give the same scores.
/// </summary>
public static class ScoreCalibration
{
    /// <summary>Reviews after which a mentor's own mean and spread are trusted fully (the shrinkage constant n₀).</summary>
    public const int FullTrustReviews = 20;

    /// <summary>Standard scores are clipped to ± this many standard deviations.</summary>
    public const double ClipSpreads = 2;

    /// <summary>The middle of the rubric's scale: a mentor's typical review.</summary>
    public const double Center = (RubricCriterion.MinScore + RubricCriterion.MaxScore) / 2.0;

    /// <summary>Rubric points per standard deviation: ±<see cref="ClipSpreads"/> spans the scale.</summary>
    public const double PointsPerSpread = (RubricCriterion.MaxScore - RubricCriterion.MinScore) / (2 * ClipSpreads);

    private const int Decimals = 4;

    /// <summary>The share of a mentor's own standardisation in their calibrated scores: min(1, n / n₀).</summary>
    public static double Trust(int reviews) => Math.Clamp(reviews / (double)FullTrustReviews, 0, 1);

    /// <summary>
    /// The most a review's calibrated score can move when the program-wide distribution changes (e.g. when another
    /// mentor's scores change), for a mentor with <paramref name="reviews"/> reviews: (max − min)·(1 − t). Zero from
    /// <see cref="FullTrustReviews"/> reviews on.
    /// </summary>
    public static double ProgramInfluenceBound(int reviews) =>
        (RubricCriterion.MaxScore - RubricCriterion.MinScore) * (1 - Trust(reviews));

    /// <summary>
    /// The most a mentor's own mean and spread can move a review's calibrated score away from the program-wide
    /// standardisation, for a mentor with <paramref name="reviews"/> reviews: (max − min)·t.
    /// </summary>
    public static double MentorInfluenceBound(int reviews) =>
        (RubricCriterion.MaxScore - RubricCriterion.MinScore) * Trust(reviews);

    /// <summary>Calibrates every review of one program's cycle. Reviews with a non-finite score are refused.</summary>
    public static CalibratedScores Calibrate(IEnumerable<ScoredReview> reviews)
    {
        ArgumentNullException.ThrowIfNull(reviews);
        // One order for every sum, whatever order the reviews came in: the same input gives the same bits.
        var all = reviews
            .OrderBy(r => r.MentorId, StringComparer.Ordinal)
            .ThenBy(r => r.ApplicationId, StringComparer.Ordinal)
            .ThenBy(r => r.Score)
            .ToList();
        if (all.Count == 0)
        {
            return CalibratedScores.Empty;
        }
        if (all.FirstOrDefault(r => !double.IsFinite(r.Score)) is { } bad)
        {
            throw new ArgumentException($"The review of {bad.ApplicationId} by {bad.MentorId} has no finite score.", nameof(reviews));
        }

        var (programMean, programSpread) = MeanAndSpread(all);
        var mentors = new Dictionary<string, MentorCalibration>(StringComparer.Ordinal);
        foreach (var group in all.GroupBy(r => r.MentorId, StringComparer.Ordinal))
        {
            var own = group.ToList();
            var (mean, spread) = MeanAndSpread(own);
            mentors[group.Key] = new MentorCalibration(group.Key, own.Count, mean, spread, Trust(own.Count));
        }

        var perApplication = new SortedDictionary<string, (double Sum, int Count)>(StringComparer.Ordinal);
        foreach (var review in all)
        {
            var mentor = mentors[review.MentorId];
            var z = mentor.Trust * Standard(review.Score, mentor.Mean, mentor.Spread)
                    + (1 - mentor.Trust) * Standard(review.Score, programMean, programSpread);
            var calibrated = Center + PointsPerSpread * z;
            var (sum, count) = perApplication.GetValueOrDefault(review.ApplicationId);
            perApplication[review.ApplicationId] = (sum + calibrated, count + 1);
        }

        var applications = perApplication.ToDictionary(
            p => p.Key, p => Math.Round(p.Value.Sum / p.Value.Count, Decimals, MidpointRounding.AwayFromZero), StringComparer.Ordinal);
        return new CalibratedScores(applications, mentors, programMean, programSpread);
    }

    /// <summary>(x − mean) ÷ spread clipped to ±<see cref="ClipSpreads"/>; 0 when the scores have no spread.</summary>
    private static double Standard(double score, double mean, double spread)
    {
        if (spread <= 1e-9 * Math.Max(1, Math.Abs(mean)))
        {
            return 0;
        }
        return Math.Clamp((score - mean) / spread, -ClipSpreads, ClipSpreads);
    }

    /// <summary>Mean and population standard deviation, in two passes (no cancellation when scores are close).</summary>
    private static (double Mean, double Spread) MeanAndSpread(IReadOnlyList<ScoredReview> reviews)
    {
        var mean = 0.0;
        foreach (var r in reviews)
        {
            mean += r.Score;
        }
        mean /= reviews.Count;
        var squares = 0.0;
        foreach (var r in reviews)
        {
            squares += (r.Score - mean) * (r.Score - mean);
        }
        return (mean, Math.Sqrt(squares / reviews.Count));
    }
}
