using TalentFunctions.Domain.Programs;

namespace TalentFunctions.Domain.Applications;

/// <summary>One submitted review as calibration sees it: its mentor, its application and its weighted score.</summary>
public sealed record ScoredReview(string MentorId, string ApplicationId, double Score);

/// <summary>
/// What calibration learned about one mentor: how many reviews, the mean and spread (population standard deviation)
/// of their weighted scores, and <see cref="Trust"/>, the share of their own standardisation in their calibrated scores.
/// </summary>
public sealed record MentorCalibration(string MentorId, int Reviews, double Mean, double Spread, double Trust);

/// <summary>
/// What calibration needs of one mentor's reviews of a cycle: how many, and the sum and the sum of squares of their
/// weighted scores in <see cref="ScoreCalibration.UnitsPerPoint"/>ths of a point (weighted scores have four decimals), so
/// sums kept by adding and taking away reviews are exact and the same in any order (<see cref="ScoreCalibration.Model"/>).
/// </summary>
public sealed record MentorScoreSums(string MentorId, long Count, long Sum, long SumOfSquares)
{
    public static MentorScoreSums Of(string mentorId, IEnumerable<double> scores)
    {
        long count = 0, sum = 0, squares = 0;
        foreach (var units in scores.Select(ScoreCalibration.ToUnits))
        {
            count++;
            sum += units;
            squares += units * units;
        }
        return new MentorScoreSums(mentorId, count, sum, squares);
    }
}

/// <summary>
/// The statistics of a cycle's reviews that calibrate any one review: each mentor's (<see cref="Mentors"/>) and the
/// program-wide mean and spread. Made from sums (<see cref="ScoreCalibration.Model"/>), so an application's calibrated
/// score needs only its own reviews and this, never the other applications.
/// </summary>
public sealed record CalibrationModel(IReadOnlyDictionary<string, MentorCalibration> Mentors, double ProgramMean, double ProgramSpread)
{
    public static readonly CalibrationModel Empty = new(new Dictionary<string, MentorCalibration>(StringComparer.Ordinal), 0, 0);

    /// <summary>
    /// One review on the rubric's scale: <c>t·z<sub>m</sub> + (1 − t)·z<sub>p</sub></c> mapped back (ADR 0010). A mentor
    /// the model has no reviews of gets no trust: the program-wide standardisation alone.
    /// </summary>
    public double Review(string mentorId, double score)
    {
        var x = ScoreCalibration.ToUnits(score) / (double)ScoreCalibration.UnitsPerPoint;
        var programZ = ScoreCalibration.Standard(x, ProgramMean, ProgramSpread);
        var z = Mentors.TryGetValue(mentorId, out var mentor)
            ? mentor.Trust * ScoreCalibration.Standard(x, mentor.Mean, mentor.Spread) + (1 - mentor.Trust) * programZ
            : programZ;
        return ScoreCalibration.Center + ScoreCalibration.PointsPerSpread * z;
    }

    /// <summary>An application's calibrated score: the mean of its reviews' (<see cref="Review"/>), rounded to 4 decimals; none without reviews.</summary>
    public double? Application(IEnumerable<(string MentorId, double Score)> reviews)
    {
        // Summed in one order, whatever order the reviews came in: the same reviews give the same bits.
        var calibrated = reviews.Select(r => Review(r.MentorId, r.Score)).Order().ToList();
        if (calibrated.Count == 0)
        {
            return null;
        }
        var sum = 0.0;
        foreach (var value in calibrated)
        {
            sum += value;
        }
        return Math.Round(sum / calibrated.Count, ScoreCalibration.Decimals, MidpointRounding.AwayFromZero);
    }
}

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
        var all = reviews.ToList();
        if (all.Count == 0)
        {
            return CalibratedScores.Empty;
        }
        if (all.FirstOrDefault(r => !double.IsFinite(r.Score)) is { } bad)
        {
            throw new ArgumentException($"The review of {bad.ApplicationId} by {bad.MentorId} has no finite score.", nameof(reviews));
        }
        var model = Model(all.GroupBy(r => r.MentorId, StringComparer.Ordinal).Select(g => MentorScoreSums.Of(g.Key, g.Select(r => r.Score))));
        var applications = all
            .GroupBy(r => r.ApplicationId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => model.Application(g.Select(r => (r.MentorId, r.Score)))!.Value, StringComparer.Ordinal);
        return new CalibratedScores(applications, model.Mentors, model.ProgramMean, model.ProgramSpread);
    }

    /// <summary>
    /// The statistics of a cycle from its mentors' sums: each mentor's mean, spread (population standard deviation) and
    /// trust, and the program-wide mean and spread of all their reviews. Exact integer sums, so the result does not
    /// depend on the order reviews were added in. Mentors with no reviews are left out.
    /// </summary>
    public static CalibrationModel Model(IEnumerable<MentorScoreSums> mentors)
    {
        ArgumentNullException.ThrowIfNull(mentors);
        var calibrations = new Dictionary<string, MentorCalibration>(StringComparer.Ordinal);
        long count = 0, sum = 0, squares = 0;
        foreach (var m in mentors.Where(m => m.Count > 0))
        {
            var (mean, spread) = MeanAndSpread(m.Count, m.Sum, m.SumOfSquares);
            calibrations[m.MentorId] = new MentorCalibration(m.MentorId, checked((int)m.Count), mean, spread, Trust(checked((int)m.Count)));
            count += m.Count;
            sum += m.Sum;
            squares += m.SumOfSquares;
        }
        if (count == 0)
        {
            return CalibrationModel.Empty;
        }
        var (programMean, programSpread) = MeanAndSpread(count, sum, squares);
        return new CalibrationModel(calibrations, programMean, programSpread);
    }

    /// <summary>Scores in calibration sums are counted in these parts of a point: weighted scores have four decimals.</summary>
    public const int UnitsPerPoint = 10_000;

    /// <summary>A weighted score in <see cref="UnitsPerPoint"/>ths of a point, rounded.</summary>
    public static long ToUnits(double score) => checked((long)Math.Round(score * UnitsPerPoint, MidpointRounding.AwayFromZero));

    internal const int Decimals = 4;

    /// <summary>(x − mean) ÷ spread clipped to ±<see cref="ClipSpreads"/>; 0 when the scores have no spread.</summary>
    internal static double Standard(double score, double mean, double spread)
    {
        if (spread <= 1e-9 * Math.Max(1, Math.Abs(mean)))
        {
            return 0;
        }
        return Math.Clamp((score - mean) / spread, -ClipSpreads, ClipSpreads);
    }

    /// <summary>
    /// Mean and population standard deviation from the count, sum and sum of squares in units: the variance's numerator
    /// n·Σx² − (Σx)² is computed exactly in 128-bit integers, so there is no cancellation however close the scores are.
    /// </summary>
    private static (double Mean, double Spread) MeanAndSpread(long count, long sum, long squares)
    {
        var mean = sum / (double)count / UnitsPerPoint;
        var numerator = (Int128)count * squares - (Int128)sum * sum;
        var variance = (double)numerator / ((double)count * count) / ((double)UnitsPerPoint * UnitsPerPoint);
        return (mean, Math.Sqrt(Math.Max(0, variance)));
    }
}
