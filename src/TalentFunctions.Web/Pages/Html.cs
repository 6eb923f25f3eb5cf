using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace TalentFunctions.Web.Pages;

/// <summary>Markup that is already safe: built by <see cref="Html"/> (every value encoded) or a literal of this code.</summary>
public readonly record struct HtmlFragment(string Markup)
{
    public static HtmlFragment Empty { get; } = new("");

    public override string ToString() => Markup;
}

/// <summary>
/// Server-side HTML without a view engine. Write markup as an interpolated string: the literal parts are markup,
/// every hole is HTML-encoded (text and attribute values alike, quotes included) unless it is an
/// <see cref="HtmlFragment"/>, which is inserted as it is. So <c>Html.Of($"&lt;p title=\"{title}\"&gt;{text}&lt;/p&gt;")</c>
/// cannot be broken out of by a value.
/// </summary>
public static class Html
{
    /// <summary>Encodes only what HTML needs (&lt; &gt; &amp; quotes); Chinese text stays readable in the source.</summary>
    public static HtmlEncoder Encoder { get; } = HtmlEncoder.Create(UnicodeRanges.All);

    public static HtmlFragment Of(ref HtmlInterpolatedStringHandler html) => new(html.ToStringAndClear());

    public static string Encode(string? text) => text is null ? "" : Encoder.Encode(text);

    /// <summary>Joins fragments (e.g. list items built one by one).</summary>
    public static HtmlFragment Join(IEnumerable<HtmlFragment> fragments) => new(string.Concat(fragments.Select(f => f.Markup)));

    /// <summary>A line break for every newline in <paramref name="text"/>, everything encoded.</summary>
    public static HtmlFragment MultiLine(string? text) =>
        new(string.Join("<br>", (text ?? "").ReplaceLineEndings("\n").Split('\n').Select(Encode)));

    /// <summary>Only absolute http(s) URLs may become links; anything else is null.</summary>
    public static string? SafeUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri.AbsoluteUri
            : null;
}

[InterpolatedStringHandler]
public ref struct HtmlInterpolatedStringHandler
{
    private StringBuilder? builder;

    public HtmlInterpolatedStringHandler(int literalLength, int formattedCount)
    {
        builder = new StringBuilder(literalLength + formattedCount * 16);
    }

    public void AppendLiteral(string value) => builder!.Append(value);

    public void AppendFormatted(HtmlFragment fragment) => builder!.Append(fragment.Markup);

    public void AppendFormatted(string? value) => builder!.Append(Html.Encode(value));

    public void AppendFormatted<T>(T value) => builder!.Append(value switch
    {
        HtmlFragment fragment => fragment.Markup,
        IFormattable formattable => Html.Encode(formattable.ToString(null, CultureInfo.InvariantCulture)),
        null => "",
        _ => Html.Encode(value.ToString()),
    });

    internal string ToStringAndClear()
    {
        var text = builder!.ToString();
        builder = null;
        return text;
    }
}
