using TalentFunctions.Domain.Programs;

namespace TalentFunctions.Web.Pages;

/// <summary>Pages every feature uses: the bilingual problem page and a one-message page.</summary>
public static class Pages
{
    /// <summary>A page in both languages, Chinese first (most of our users read it first).</summary>
    public static HtmlPage Bilingual(int status, LocalizedText title, LocalizedText message) =>
        new(status, PageText.English, $"{title.Zh} · {title.En}", Html.Of($"""
            <div class="bilingual">
            <section lang="zh-Hans"><h1>{title.Zh}</h1><p>{message.Zh}</p></section>
            <section lang="en"><h1>{title.En}</h1><p>{message.En}</p></section>
            </div>
            """));

    /// <summary>A page with a heading and a message, in one language, optionally under the program's name.</summary>
    public static HtmlPage Message(int status, PageText text, string title, string message, string? programName = null, bool success = false) =>
        new(status, text.Language, title, Html.Of($"""
            {Caption(programName)}
            <h1>{title}</h1>
            <section{(success ? new HtmlFragment(" class=\"ok\"") : HtmlFragment.Empty)}><p>{message}</p></section>
            """));

    /// <summary>A small line above the heading naming the program.</summary>
    public static HtmlFragment Caption(string? programName) =>
        string.IsNullOrEmpty(programName) ? HtmlFragment.Empty : Html.Of($"""<p class="muted">{programName}</p>""");

    /// <summary>A definition-list row, left out when the value is empty.</summary>
    public static HtmlFragment Row(string label, string? value) =>
        string.IsNullOrWhiteSpace(value) ? HtmlFragment.Empty : Html.Of($"<dt>{label}</dt><dd>{value}</dd>");

    public static HtmlFragment Row(string label, HtmlFragment value) => Html.Of($"<dt>{label}</dt><dd>{value}</dd>");

    /// <summary>A list of error messages, announced to screen readers.</summary>
    public static HtmlFragment Errors(PageText text, IEnumerable<string> messages)
    {
        var items = messages.Select(m => Html.Of($"<li>{m}</li>")).ToList();
        return items.Count == 0
            ? HtmlFragment.Empty
            : Html.Of($"""<section class="errors" role="alert" id="errors"><p><strong>{text.ErrorSummary}</strong></p><ul>{Html.Join(items)}</ul></section>""");
    }
}
