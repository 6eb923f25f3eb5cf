using TalentFunctions.Domain.Programs;

namespace TalentFunctions.Web.Pages;

public enum MentorReviewState
{
    Open,
    Draft,
    Overdue,
}

/// <summary>One open review on the mentor's list: the program, the project, when it is due, its state and its review link.</summary>
public sealed record MentorReviewRow(ProgramDefinition Program, string ProjectTitle, DateTimeOffset DueAt, MentorReviewState State, string ReviewPath);

/// <summary>The mentor's "my reviews" page (<c>GET /mentor/{token}</c>).</summary>
public static class MentorReviewsPage
{
    public static HtmlPage Render(PageText t, string mentorName, IReadOnlyList<MentorReviewRow> rows)
    {
        var m = MentorText.For(t);
        var list = rows.Count == 0
            ? Html.Of($"""<p id="no-open-reviews">{m.NoOpenReviews}</p>""")
            : Html.Of($"""
                <table id="my-reviews-table">
                <thead><tr><th scope="col">{m.ProjectColumn}</th><th scope="col">{m.DueColumn}</th><th scope="col">{m.StateColumn}</th><th scope="col"><span class="muted">{m.OpenReview}</span></th></tr></thead>
                <tbody>{Html.Join(rows.Select((r, i) => Html.Of($"""<tr><td>{r.ProjectTitle}<br><span class="muted">{r.Program.Name.For(t.Language)}</span></td><td>{PageText.Time(r.DueAt, r.Program.TimeZone)}</td><td>{State(m, r.State)}</td><td><a id="review-{i}" href="{r.ReviewPath}">{m.OpenReview}</a></td></tr>""")))}</tbody>
                </table>
                """);
        return new HtmlPage(StatusCodes.Status200OK, t.Language, m.MyReviewsTitle, Html.Of($"""
            <p class="muted">{mentorName}</p>
            <h1>{m.MyReviewsTitle}</h1>
            <p>{m.MyReviewsIntro}</p>
            {list}
            """));
    }

    private static string State(MentorText m, MentorReviewState state) => state switch
    {
        MentorReviewState.Draft => m.StateDraft,
        MentorReviewState.Overdue => m.StateOverdue,
        _ => m.StateOpen,
    };
}
