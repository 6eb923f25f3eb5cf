using FsCheck;
using FsCheck.Fluent;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;

namespace TalentFunctions.Domain.Tests;

/// <summary>Calibrated scores (ADR 0010): a worked example, the bounds of the ADR as properties, and the edge cases.</summary>
public sealed class ScoreCalibrationTests
{
    private const double Rounding = 1e-4;

    /// <summary>
    /// A harsh mentor scores twenty applications 1.5, 2.0, 2.5 and 3.0 (five each): mean 2.25, spread √0.3125 = √5⁄4.
    /// A lenient one scores twenty others 2.75, 3.5, 4.25 and 5.0 (1.5 × harsh + 0.5): mean 3.875, spread 1.5·√5⁄4.
    /// Both have 20 reviews, so they are trusted fully, and each level is the same standard score for both:
    /// ∓3⁄√5 and ∓1⁄√5, i.e. 3 ∓ 1.3416 and 3 ∓ 0.4472 on the rubric's scale.
    /// </summary>
    [Fact]
    public void A_harsh_and_a_lenient_mentor_end_up_agreeing_on_the_order()
    {
        double[] harshLevels = [1.5, 2.0, 2.5, 3.0];
        double[] lenientLevels = [2.75, 3.5, 4.25, 5.0];
        var reviews = new List<ScoredReview>();
        for (var level = 0; level < 4; level++)
        {
            for (var i = 0; i < 5; i++)
            {
                reviews.Add(new ScoredReview("harsh", $"h{level}{i}", harshLevels[level]));
                reviews.Add(new ScoredReview("lenient", $"l{level}{i}", lenientLevels[level]));
            }
        }

        var result = ScoreCalibration.Calibrate(reviews);

        Assert.Equal(2.25, result.Mentors["harsh"].Mean, 12);
        Assert.Equal(Math.Sqrt(0.3125), result.Mentors["harsh"].Spread, 12);
        Assert.Equal(1.0, result.Mentors["harsh"].Trust);
        Assert.Equal(3.875, result.Mentors["lenient"].Mean, 12);
        double[] expected = [1.6584, 2.5528, 3.4472, 4.3416]; // 3 − 3/√5, 3 − 1/√5, 3 + 1/√5, 3 + 3/√5
        for (var level = 0; level < 4; level++)
        {
            Assert.Equal(expected[level], result.For($"h{level}0"));
            Assert.Equal(expected[level], result.For($"l{level}0"));
        }

        // Raw, the harsh mentor's best (3.0) ranks below the lenient mentor's second worst (3.5); calibrated, above it.
        Assert.True(result.For("h30") > result.For("l10"));
        // Ranked by calibrated score, the applications interleave level by level: both mentors' top fifth come first.
        var ranked = result.Applications.OrderByDescending(a => a.Value).ThenBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Key).ToList();
        Assert.Equal([.. Enumerable.Range(0, 5).Select(i => $"h3{i}"), .. Enumerable.Range(0, 5).Select(i => $"l3{i}")], ranked.Take(10));
    }

    [Fact]
    public void An_application_scores_the_mean_of_its_reviews_and_an_unreviewed_one_has_none()
    {
        var reviews = new List<ScoredReview>();
        for (var i = 0; i < 20; i++)
        {
            reviews.Add(new ScoredReview("m1", $"a{i:D2}", i % 2 == 0 ? 2.0 : 4.0)); // mean 3, spread 1: z = ∓1
            reviews.Add(new ScoredReview("m2", $"a{i:D2}", i % 2 == 0 ? 4.0 : 5.0)); // mean 4.5, spread 0.5: z = ∓1
        }
        var result = ScoreCalibration.Calibrate(reviews);
        Assert.Equal(2.0, result.For("a00"));
        Assert.Equal(4.0, result.For("a01"));
        Assert.Null(result.For("a20"));
    }

    [Fact]
    public void A_mentor_with_one_review_is_mostly_the_program_wide_scale_and_no_spread_means_the_middle()
    {
        // m1: 20 reviews 2 and 4 (the program-wide mean is pulled to about 3.05); m2: one review of 5.
        var reviews = Enumerable.Range(0, 20).Select(i => new ScoredReview("m1", $"a{i:D2}", i % 2 == 0 ? 2.0 : 4.0))
            .Append(new ScoredReview("m2", "solo", 5.0)).ToList();
        var result = ScoreCalibration.Calibrate(reviews);
        var programZ = Math.Min(2, (5.0 - result.ProgramMean) / result.ProgramSpread);
        // Its own spread is 0 (one review), so its own standard score is 0: only (1 − 1/20) of the program's counts.
        Assert.Equal(Math.Round(3 + 0.95 * programZ, 4), result.For("solo"));
        Assert.True(Math.Abs(result.For("solo")!.Value - (3 + programZ)) <= ScoreCalibration.MentorInfluenceBound(1) + Rounding);

        var flat = ScoreCalibration.Calibrate([new ScoredReview("m", "a", 4.2), new ScoredReview("m", "b", 4.2)]);
        Assert.Equal(3.0, flat.For("a"));
        Assert.Same(CalibratedScores.Empty, ScoreCalibration.Calibrate([]));
        Assert.Throws<ArgumentException>(() => ScoreCalibration.Calibrate([new ScoredReview("m", "a", double.NaN)]));
    }

    [Fact]
    public void The_order_of_the_reviews_does_not_matter()
    {
        var random = new Random(2026);
        var reviews = Enumerable.Range(0, 300)
            .Select(i => new ScoredReview($"m{random.Next(6)}", $"a{random.Next(120):D3}", 1 + random.Next(17) * 0.25))
            .ToList();
        var once = ScoreCalibration.Calibrate(reviews);
        var shuffled = ScoreCalibration.Calibrate(reviews.OrderBy(_ => random.Next()).ToList());
        Assert.Equal(once.Applications.OrderBy(a => a.Key, StringComparer.Ordinal), shuffled.Applications.OrderBy(a => a.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void Trust_and_bounds_follow_the_shrinkage_constant()
    {
        Assert.Equal(20, ScoreCalibration.FullTrustReviews);
        Assert.Equal(3.0, ScoreCalibration.Center);
        Assert.Equal(1.0, ScoreCalibration.PointsPerSpread);
        Assert.Equal(0.1, ScoreCalibration.Trust(2));
        Assert.Equal(3.6, ScoreCalibration.ProgramInfluenceBound(2), 12);
        Assert.Equal(0.4, ScoreCalibration.MentorInfluenceBound(2), 12);
        Assert.Equal(0.0, ScoreCalibration.ProgramInfluenceBound(20));
        Assert.Equal(0.0, ScoreCalibration.ProgramInfluenceBound(400));
        Assert.Equal(1.0, ScoreCalibration.Trust(400));
    }

    // ---- Properties -------------------------------------------------------------------------------------------

    /// <summary>A cycle: each mentor's reviews (application index, score on the rubric's scale), and an affine change.</summary>
    public sealed record Cycle(int[][] Applications, double[][] Scores, int Mentor, double Scale, double Shift)
    {
        public IEnumerable<ScoredReview> Reviews(bool changed) =>
            Scores.SelectMany((scores, m) => scores.Select((s, i) => new ScoredReview(
                $"m{m}", $"a{Applications[m][i]:D3}", changed && m == Mentor ? Scale * s + Shift : s)));

        public int Count(int mentor) => Scores[mentor].Length;

        public override string ToString() =>
            $"mentor m{Mentor} × {Scale} + {Shift}; reviews per mentor: {string.Join(", ", Scores.Select(s => s.Length))}";
    }

    private static Gen<Cycle> CycleGen(int minReviews, int maxReviews) =>
        from mentors in Gen.Choose(2, 6)
        from counts in Gen.ArrayOf(Gen.Choose(minReviews, maxReviews), mentors)
        from applications in Gen.CollectToArray(counts.Select(n => Gen.ArrayOf(Gen.Choose(0, 59), n)))
        from scores in Gen.CollectToArray(counts.Select(n => Gen.ArrayOf(Gen.Choose(4, 20).Select(q => q * 0.25), n)))
        from mentor in Gen.Choose(0, mentors - 1)
        from scale in Gen.Choose(1, 40).Select(s => s / 10.0)
        from shift in Gen.Choose(-30, 30).Select(s => s / 10.0)
        select new Cycle([.. applications.Select(a => a.ToArray())], [.. scores.Select(s => s.ToArray())], mentor, scale, shift);

    /// <summary>Every mentor has at least <see cref="ScoreCalibration.FullTrustReviews"/> reviews: no shrinkage is left.</summary>
    [Fact]
    public void With_enough_reviews_a_positive_affine_change_of_one_mentor_changes_no_calibrated_score()
    {
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true),
            Prop.ForAll(CycleGen(ScoreCalibration.FullTrustReviews, 60).ToArbitrary(), cycle =>
            {
                var before = ScoreCalibration.Calibrate(cycle.Reviews(changed: false));
                var after = ScoreCalibration.Calibrate(cycle.Reviews(changed: true));
                Assert.Equal(before.Applications.Keys.Order(StringComparer.Ordinal), after.Applications.Keys.Order(StringComparer.Ordinal));
                Assert.All(before.Applications, a => Assert.True(Math.Abs(a.Value - after.Applications[a.Key]) <= Rounding + 1e-9,
                    $"{a.Key}: {a.Value} became {after.Applications[a.Key]} ({cycle})"));
            }));
    }

    /// <summary>
    /// With few reviews, the same change moves an application's calibrated score by at most the mean, over its reviews,
    /// of (max − min)·(1 − n/n₀) for the review's mentor (ADR 0010), plus the rounding.
    /// </summary>
    [Fact]
    public void With_few_reviews_a_positive_affine_change_of_one_mentor_stays_within_the_bound()
    {
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(500).WithQuietOnSuccess(true),
            Prop.ForAll(CycleGen(1, ScoreCalibration.FullTrustReviews + 5).ToArbitrary(), cycle =>
            {
                var before = ScoreCalibration.Calibrate(cycle.Reviews(changed: false));
                var after = ScoreCalibration.Calibrate(cycle.Reviews(changed: true));
                var bounds = cycle.Reviews(changed: false)
                    .GroupBy(r => r.ApplicationId)
                    .ToDictionary(g => g.Key, g => g.Average(r => ScoreCalibration.ProgramInfluenceBound(cycle.Count(int.Parse(r.MentorId[1..], System.Globalization.CultureInfo.InvariantCulture)))));
                Assert.All(before.Applications, a => Assert.True(Math.Abs(a.Value - after.Applications[a.Key]) <= bounds[a.Key] + Rounding + 1e-9,
                    $"{a.Key}: {a.Value} became {after.Applications[a.Key]}, bound {bounds[a.Key]} ({cycle})"));
            }));
    }

    /// <summary>
    /// With few reviews, a mentor's own mean and spread move a calibrated score away from the program-wide
    /// standardisation by at most the mean, over its reviews, of (max − min)·n/n₀ (ADR 0010).
    /// </summary>
    [Fact]
    public void With_few_reviews_a_mentors_own_statistics_move_a_score_by_at_most_the_bound()
    {
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(500).WithQuietOnSuccess(true),
            Prop.ForAll(CycleGen(1, ScoreCalibration.FullTrustReviews).ToArbitrary(), cycle =>
            {
                var reviews = cycle.Reviews(changed: false).ToList();
                var result = ScoreCalibration.Calibrate(reviews);
                foreach (var application in reviews.GroupBy(r => r.ApplicationId))
                {
                    var programOnly = application.Average(r => ScoreCalibration.Center + ScoreCalibration.PointsPerSpread
                        * (result.ProgramSpread == 0 ? 0 : Math.Clamp((r.Score - result.ProgramMean) / result.ProgramSpread, -2, 2)));
                    var bound = application.Average(r => ScoreCalibration.MentorInfluenceBound(result.Mentors[r.MentorId].Reviews));
                    Assert.True(Math.Abs(result.For(application.Key)!.Value - programOnly) <= bound + Rounding + 1e-9,
                        $"{application.Key}: {result.For(application.Key)} vs program-wide {programOnly}, bound {bound} ({cycle})");
                }
            }));
    }

    [Fact]
    public void Every_calibrated_score_is_on_the_rubric_scale()
    {
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(200).WithQuietOnSuccess(true),
            Prop.ForAll(CycleGen(1, 40).ToArbitrary(), cycle =>
                Assert.All(ScoreCalibration.Calibrate(cycle.Reviews(changed: true)).Applications.Values,
                    v => Assert.InRange(v, RubricCriterion.MinScore, RubricCriterion.MaxScore))));
    }
}
