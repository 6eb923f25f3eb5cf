using TalentFunctions.Domain.Programs;

namespace TalentFunctions.Web.Pages;

public enum MentorReviewState
{
    Open,
    Draft,
    Overdue,
    Submitted,
    Declined,
    Reassigned,
    Cancelled,
}

/// <summary>
/// One review on the mentor's list: the program, the project, when it is due, its state and its review link (null for
/// a review that went to someone else or was cancelled: there is nothing to open).
/// </summary>
public sealed record MentorReviewRow(ProgramDefinition Program, string ProjectTitle, DateTimeOffset DueAt, MentorReviewState State, string? ReviewPath)
{
    public bool IsOpen => State is MentorReviewState.Open or MentorReviewState.Draft or MentorReviewState.Overdue;
}

/// <summary>The mentor's "my reviews" page (<c>GET /mentor/{token}</c>).</summary>
public static class MentorReviewsPage
{
    /// <summary>The open reviews first (soonest due first), then the closed ones (latest first).</summary>
    public static HtmlPage Render(PageText t, string mentorName, IReadOnlyList<MentorReviewRow> rows)
    {
        var m = MentorText.For(t);
        var ordered = rows.Where(r => r.IsOpen).OrderBy(r => r.DueAt).Concat(rows.Where(r => !r.IsOpen).OrderByDescending(r => r.DueAt)).ToList();
        var none = ordered.Any(r => r.IsOpen) ? HtmlFragment.Empty : Html.Of($"""<p id="no-open-reviews">{m.NoOpenReviews}</p>""");
        var openIndex = 0;
        var list = ordered.Count == 0
            ? HtmlFragment.Empty
            : Html.Of($"""
                <table id="my-reviews-table">
                <thead><tr><th scope="col">{m.ProjectColumn}</th><th scope="col">{m.DueColumn}</th><th scope="col">{m.StateColumn}</th><th scope="col"><span class="muted">{m.OpenReview}</span></th></tr></thead>
                <tbody>{Html.Join(ordered.Select(r => Html.Of($"""<tr><td>{r.ProjectTitle}<br><span class="muted">{r.Program.Name.For(t.Language)}</span></td><td>{PageText.Time(r.DueAt, r.Program.TimeZone)}</td><td>{State(m, r.State)}</td><td>{Link(m, r, ref openIndex)}</td></tr>""")))}</tbody>
                </table>
                """);
        return new HtmlPage(StatusCodes.Status200OK, t.Language, m.MyReviewsTitle, Html.Of($"""
            <p class="muted">{mentorName}</p>
            <h1>{m.MyReviewsTitle}</h1>
            <p>{m.MyReviewsIntro}</p>
            {none}
            {list}
            """));
    }

    /// <summary>An open review's link is <c>review-{n}</c> (n counts open reviews); a submitted one's can be read again.</summary>
    private static HtmlFragment Link(MentorText m, MentorReviewRow row, ref int openIndex) => row switch
    {
        { ReviewPath: null } => HtmlFragment.Empty,
        { IsOpen: true } => Html.Of($"""<a id="review-{openIndex++}" href="{row.ReviewPath}">{m.OpenReview}</a>"""),
        _ => Html.Of($"""<a href="{row.ReviewPath}">{m.SeeReview}</a>"""),
    };

    private static string State(MentorText m, MentorReviewState state) => state switch
    {
        MentorReviewState.Draft => m.StateDraft,
        MentorReviewState.Overdue => m.StateOverdue,
        MentorReviewState.Submitted => m.StateSubmitted,
        MentorReviewState.Declined => m.StateDeclined,
        MentorReviewState.Reassigned => m.StateReassigned,
        MentorReviewState.Cancelled => m.StateCancelled,
        _ => m.StateOpen,
    };
}
