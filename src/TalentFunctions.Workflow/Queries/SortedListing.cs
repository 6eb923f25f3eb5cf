using System.Globalization;
using System.Text;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Workflow.Effects;
using TalentFunctions.Workflow.Index;

namespace TalentFunctions.Workflow.Queries;

/// <summary>
/// Orders of the staff listing other than the index's own (application id): scores highest first, submission oldest
/// first; applications without the value last; ties by application id.
/// </summary>
public enum ApplicationSort
{
    SubmittedAt,
    Score,
    CalibratedScore,
}

/// <summary>A summary with its calibrated score (null until its reviews are complete).</summary>
public sealed record ScoredSummary(ApplicationSummary Summary, double? CalibratedScore);

public sealed record ScoredSummaryPage(IReadOnlyList<ScoredSummary> Items, string? ContinuationToken);

/// <summary>A stage holds more applications than a sorted listing reads (<see cref="SortedListing.MaxApplications"/>).</summary>
public sealed class SortedListingTooLargeException(string programId, Stage stage)
    : Exception($"{programId} has more than {SortedListing.MaxApplications} applications in {stage}: too many to sort.");

/// <summary>
/// A sorted listing, paged by position: a continuation token names the listing (program, stage, order, filter) and the last
/// item given (its sort value and application id); the next page starts after that position in the order as it is
/// then. An application that moves between pages (its score changed) can be seen twice or not at all, as in any
/// live listing; every other one is seen exactly once, whatever else is added or removed meanwhile.
/// </summary>
public static class SortedListing
{
    /// <summary>The most rows of one program and stage a sorted listing reads (a cycle has a few thousand applications).</summary>
    public const int MaxApplications = 10_000;

    /// <summary>Where a page starts: after the item with this value and id.</summary>
    public readonly record struct Position(double? Value, string Id);

    public static Position? Parse(string programId, Stage stage, ApplicationSort sort, string? token, ListingFilter? filter = null)
    {
        if (token is null)
        {
            return null;
        }
        string text;
        try
        {
            text = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            throw NotIssued();
        }
        if (text.Split('\n') is not [var listing, var value, var id] || listing != ListingKey(programId, stage, sort, filter) || id.Length == 0)
        {
            throw NotIssued();
        }
        if (value.Length == 0)
        {
            return new Position(null, id);
        }
        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed)
            ? new Position(parsed, id)
            : throw NotIssued();
    }

    /// <summary>The items after <paramref name="after"/> in the listing's order, <paramref name="pageSize"/> of them.</summary>
    public static ScoredSummaryPage Page(string programId, Stage stage, ApplicationSort sort, IEnumerable<ScoredSummary> items, int pageSize, Position? after,
        ListingFilter? filter = null)
    {
        var ordered = items.Select(i => (Item: i, Position: PositionOf(sort, i)))
            .Where(i => after is not { } a || Compare(sort, i.Position, a) > 0)
            .OrderBy(i => i.Position, Comparer<Position>.Create((x, y) => Compare(sort, x, y)))
            .ToList();
        var page = ordered.Take(pageSize).ToList();
        var token = ordered.Count > pageSize ? Token(ListingKey(programId, stage, sort, filter), page[^1].Position) : null;
        return new ScoredSummaryPage([.. page.Select(p => p.Item)], token);
    }

    /// <summary>All <paramref name="items"/> in the order of <paramref name="sort"/> (the CSV export: one "page").</summary>
    public static IReadOnlyList<ScoredSummary> Order(ApplicationSort sort, IEnumerable<ScoredSummary> items) =>
        [.. items.OrderBy(i => PositionOf(sort, i), Comparer<Position>.Create((x, y) => Compare(sort, x, y)))];

    private static Position PositionOf(ApplicationSort sort, ScoredSummary item) => sort switch
    {
        ApplicationSort.Score => new Position(item.Summary.WeightedScore, item.Summary.ApplicationId),
        ApplicationSort.CalibratedScore => new Position(item.CalibratedScore, item.Summary.ApplicationId),
        // Unix milliseconds, exact in a double (ticks would not be); submissions in the same millisecond fall back to the id.
        ApplicationSort.SubmittedAt => new Position(item.Summary.SubmittedAt?.ToUnixTimeMilliseconds(), item.Summary.ApplicationId),
        _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, null),
    };

    /// <summary>Values before missing ones; scores descending, times ascending; then application id.</summary>
    private static int Compare(ApplicationSort sort, Position x, Position y)
    {
        if (x.Value.HasValue != y.Value.HasValue)
        {
            return x.Value.HasValue ? -1 : 1;
        }
        if (x.Value is { } a && y.Value is { } b && a != b)
        {
            return sort == ApplicationSort.SubmittedAt ? a.CompareTo(b) : b.CompareTo(a);
        }
        return string.CompareOrdinal(x.Id, y.Id);
    }

    private static string ListingKey(string programId, Stage stage, ApplicationSort sort, ListingFilter? filter) =>
        $"{programId}/{stage}/{sort}{filter?.Key}";

    private static string Token(string listingKey, Position last) =>
        System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            $"{listingKey}\n{last.Value?.ToString("R", CultureInfo.InvariantCulture) ?? ""}\n{last.Id}"));

    private static FormatException NotIssued() => new("The continuation token is not one this listing issued.");
}
