using TalentFunctions.Domain.Applications;
using TalentFunctions.Workflow.Effects;
using TalentFunctions.Workflow.Queries;

namespace TalentFunctions.Workflow.Tests;

/// <summary>The staff listing sorted by score, calibrated score or submission, paged by position (ADR 0010).</summary>
public sealed class SortedListingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private static ScoredSummary Item(string id, double? raw, double? calibrated, int? submittedMinutes) =>
        new(new ApplicationSummary(id, "hina-directors", "Reviewed", 9, "original-ip", "t", "n", "USC", "zh", T0, T0,
            submittedMinutes is { } m ? T0.AddMinutes(m) : null, raw, false), calibrated);

    // Raw and calibrated orders disagree: b has the higher raw score, c the higher calibrated one.
    private static readonly ScoredSummary[] Items =
    [
        Item("app-a", 3.0, 3.1, 30),
        Item("app-b", 4.5, 2.9, 10),
        Item("app-c", 4.0, 4.2, 20),
        Item("app-d", null, null, null),
        Item("app-e", 3.0, 2.9, 10),
    ];

    [Theory]
    [InlineData(ApplicationSort.Score, "app-b,app-c,app-a,app-e,app-d")]
    [InlineData(ApplicationSort.CalibratedScore, "app-c,app-a,app-b,app-e,app-d")]
    [InlineData(ApplicationSort.SubmittedAt, "app-b,app-e,app-c,app-a,app-d")]
    public void Scores_sort_highest_first_times_oldest_first_missing_last_ties_by_id(ApplicationSort sort, string expected)
    {
        Assert.Equal(expected.Split(','), SortedListing.Order(sort, Items).Select(i => i.Summary.ApplicationId));
        Assert.Equal(expected.Split(','), PageThrough(sort, Items, 2));
    }

    [Fact]
    public void A_page_starts_after_the_last_item_given_even_when_others_came_or_went_meanwhile()
    {
        var first = SortedListing.Page("hina-directors", Stage.Reviewed, ApplicationSort.CalibratedScore, Items, 2, after: null);
        Assert.Equal(["app-c", "app-a"], first.Items.Select(i => i.Summary.ApplicationId));
        // Meanwhile app-c left the stage and a new application arrived above the cursor: neither shifts the next page.
        var changed = Items.Where(i => i.Summary.ApplicationId != "app-c").Append(Item("app-f", 5.0, 4.9, 40)).ToList();
        var after = SortedListing.Parse("hina-directors", Stage.Reviewed, ApplicationSort.CalibratedScore, first.ContinuationToken);
        var second = SortedListing.Page("hina-directors", Stage.Reviewed, ApplicationSort.CalibratedScore, changed, 2, after);
        Assert.Equal(["app-b", "app-e"], second.Items.Select(i => i.Summary.ApplicationId));
    }

    [Fact]
    public void A_token_is_taken_back_only_by_its_own_listing_and_order()
    {
        var token = SortedListing.Page("hina-directors", Stage.Reviewed, ApplicationSort.Score, Items, 1, after: null).ContinuationToken;
        Assert.NotNull(SortedListing.Parse("hina-directors", Stage.Reviewed, ApplicationSort.Score, token));
        Assert.Throws<FormatException>(() => SortedListing.Parse("hina-directors", Stage.Reviewed, ApplicationSort.CalibratedScore, token));
        Assert.Throws<FormatException>(() => SortedListing.Parse("hina-directors", Stage.Offered, ApplicationSort.Score, token));
        Assert.Throws<FormatException>(() => SortedListing.Parse("chunm-writers", Stage.Reviewed, ApplicationSort.Score, token));
        Assert.Throws<FormatException>(() => SortedListing.Parse("hina-directors", Stage.Reviewed, ApplicationSort.Score, "%%%"));
        Assert.Null(SortedListing.Parse("hina-directors", Stage.Reviewed, ApplicationSort.Score, null));
    }

    private static List<string> PageThrough(ApplicationSort sort, IReadOnlyList<ScoredSummary> items, int pageSize)
    {
        var seen = new List<string>();
        SortedListing.Position? after = null;
        for (var pages = 0; pages < 10; pages++)
        {
            var page = SortedListing.Page("hina-directors", Stage.Reviewed, sort, items, pageSize, after);
            seen.AddRange(page.Items.Select(i => i.Summary.ApplicationId));
            if (page.ContinuationToken is null)
            {
                return seen;
            }
            after = SortedListing.Parse("hina-directors", Stage.Reviewed, sort, page.ContinuationToken);
        }
        throw new InvalidOperationException("paging did not end");
    }
}
