using System.Net;
using System.Text.RegularExpressions;

namespace TalentFunctions.Notifications.Mailbox;

/// <summary>Finds the links in an email, e.g. to follow every one of them in a test.</summary>
public static partial class MailLinks
{
    /// <summary>
    /// Every absolute http/https URL in <paramref name="text"/> and <paramref name="html"/> (HTML entities decoded, so
    /// <c>href="…?a=1&amp;amp;b=2"</c> gives <c>…?a=1&amp;b=2</c>), distinct, in order of first appearance. A URL ends
    /// at whitespace, quotes, angle brackets, brackets or any non-ASCII character (so "链接：https://x/y。" gives
    /// "https://x/y"); trailing sentence punctuation is dropped.
    /// </summary>
    public static IReadOnlyList<string> Extract(string? text, string? html)
    {
        var links = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in new[] { text ?? "", WebUtility.HtmlDecode(html ?? "") })
        {
            foreach (Match match in Url().Matches(source))
            {
                var url = match.Value.TrimEnd('.', ',', ';', ':', '!', '?');
                if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Host.Length > 0 && seen.Add(url))
                {
                    links.Add(url);
                }
            }
        }

        return links;
    }

    [GeneratedRegex(@"https?://[A-Za-z0-9\-._~:/?#@!$&*+,;=%]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Url();
}
