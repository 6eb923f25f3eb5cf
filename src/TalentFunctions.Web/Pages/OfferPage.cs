namespace TalentFunctions.Web.Pages;

/// <summary>The applicant's offer page (<c>GET /offer/{token}</c>): the offer, and accept / decline as two posting forms.</summary>
public static class OfferPage
{
    public static HtmlPage Show(OfferContext context, string? error = null)
    {
        var t = context.Text;
        var s = context.Application;
        var offer = context.Offer!;
        var expires = PageText.Time(offer.ExpiresAt, s.Applicant.TimeZone);
        var note = string.IsNullOrWhiteSpace(offer.Note)
            ? HtmlFragment.Empty
            : Html.Of($"""<h2>{t.NoteLabel}</h2><p>{Html.MultiLine(offer.Note)}</p>""");
        var body = Html.Of($"""
            {Pages.Caption(context.ProgramName)}
            <h1>{t.OfferTitle}</h1>
            {Pages.Errors(t, error is null ? [] : [error])}
            <section class="ok">
            <p>{t.OfferIntro(context.ProgramName, s.Project.Title)}</p>
            {note}
            <p><strong>{t.AnswerBy(expires)}</strong></p>
            </section>
            <div class="actions">
            <form method="post"><input type="hidden" name="response" value="accept"><button type="submit">{t.AcceptOffer}</button></form>
            <form method="post"><input type="hidden" name="response" value="decline"><button type="submit" class="secondary">{t.DeclineOffer}</button></form>
            </div>
            <p class="muted">{t.DeclineWarning}</p>
            """);
        return new HtmlPage(error is null ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity, t.Language, $"{t.OfferTitle} · {context.ProgramName}", body);
    }

    public static IResult Outcome(OfferContext context, OfferOutcomeKind kind, bool posted)
    {
        var t = context.Text;
        var settled = posted ? StatusCodes.Status409Conflict : StatusCodes.Status200OK;
        return kind switch
        {
            OfferOutcomeKind.Accepted => Pages.Message(StatusCodes.Status200OK, t, t.WelcomeTitle, t.OfferAcceptedText, context.ProgramName, success: true),
            OfferOutcomeKind.Declined => Pages.Message(StatusCodes.Status200OK, t, t.OfferDeclinedTitle, t.OfferDeclinedText, context.ProgramName),
            OfferOutcomeKind.AlreadyAccepted => Pages.Message(settled, t, t.WelcomeTitle, t.OfferAlreadyAccepted, context.ProgramName),
            OfferOutcomeKind.AlreadyDeclined => Pages.Message(settled, t, t.OfferDeclinedTitle, t.OfferAlreadyDeclined, context.ProgramName),
            OfferOutcomeKind.Expired => Pages.Message(StatusCodes.Status410Gone, t, t.OfferExpiredTitle, t.OfferExpiredText, context.ProgramName),
            OfferOutcomeKind.Closed => Pages.Message(settled, t, t.ClosedTitle, t.OfferClosed, context.ProgramName),
            _ => PageProblem.NotFound.ToPage(),
        };
    }
}
