using System.Globalization;
using TalentFunctions.Notifications.Mailbox;

namespace TalentFunctions.Web.Pages;

/// <summary>
/// <c>GET /dev/mailbox</c>: every email the app "sent" on a local run, newest first, with its links clickable and its
/// HTML body shown in a sandboxed frame (no scripts, no same-origin access), English only (a developer tool).
/// </summary>
public static class DevMailboxPage
{
    public static HtmlPage Render(IReadOnlyList<MailboxMessage> messages, string? to)
    {
        var items = messages.Select(m =>
        {
            var links = m.Links.Select(Html.SafeUrl).OfType<string>().Distinct(StringComparer.Ordinal)
                .Select(url => Html.Of($"""<li><a href="{url}">{url}</a></li>""")).ToList();
            return Html.Of($"""
                <section>
                <h2>{m.Subject}</h2>
                <dl>
                {Pages.Row("To", m.To)}
                {Pages.Row("Sent", m.SentAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture))}
                {Pages.Row("Kind", m.Kind)}
                {Pages.Row("Application", m.ApplicationId)}
                {Pages.Row("Effect", m.EffectId)}
                </dl>
                {(links.Count == 0 ? HtmlFragment.Empty : Html.Of($"<h3>Links</h3><ul>{Html.Join(links)}</ul>"))}
                <details><summary>HTML</summary><iframe sandbox srcdoc="{m.Html}" title="HTML body of: {m.Subject}"></iframe></details>
                <details><summary>Text</summary><pre>{m.Text}</pre></details>
                </section>
                """);
        }).ToList();
        var body = Html.Of($"""
            <h1>Dev mailbox</h1>
            <p class="muted">Emails are stored here instead of being sent because no SendGrid key is configured. Newest first.</p>
            <form method="get" class="actions">
            <label for="to">Recipient</label>
            <input type="text" id="to" name="to" value="{to}" autocomplete="off">
            <button type="submit">Filter</button>
            </form>
            <p>{messages.Count.ToString(CultureInfo.InvariantCulture)} message(s){(string.IsNullOrWhiteSpace(to) ? "" : " to " + to)}.</p>
            {Html.Join(items)}
            """);
        return new HtmlPage(StatusCodes.Status200OK, PageText.English, "Dev mailbox", body) { AllowInlineStyles = true };
    }
}
