namespace TalentFunctions.Workflow.Translation;

/// <summary>
/// Azure AI Translator (Text Translation v3). Bound from <c>Translator</c>. An empty <see cref="Key"/> means not
/// configured: nothing is translated and mentors see the original texts only, marked "machine translation unavailable".
/// </summary>
public sealed class TranslatorOptions
{
    public const string Section = "Translator";

    /// <summary>The text translation endpoint: the global one, a geography's (<c>api-eur.…</c>) or a test's loopback fake.</summary>
    public Uri? Endpoint { get; set; } = new("https://api.cognitive.microsofttranslator.com/");

    /// <summary>The resource key (secret), sent as <c>Ocp-Apim-Subscription-Key</c>; empty: translation is off.</summary>
    public string? Key { get; set; }

    /// <summary>The resource's region (<c>Ocp-Apim-Subscription-Region</c>); needed for regional and multi-service resources.</summary>
    public string? Region { get; set; }

    /// <summary>True when a key is set: the orchestration asks the Translator.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Key) && Endpoint is not null;

    /// <summary>What is wrong with these settings, one message each naming the app setting (empty when fine).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Key))
        {
            return problems; // not configured: the other settings are not read
        }
        if (Endpoint is not { IsAbsoluteUri: true } url
            || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment))
        {
            problems.Add("Translator:Endpoint (app setting Translator__Endpoint) must be an absolute http or https URL without query or fragment.");
        }
        if (Key.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            problems.Add("Translator:Key (app setting Translator__Key) must not contain whitespace.");
        }
        if (Region is { Length: > 0 } region && !region.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            problems.Add("Translator:Region (app setting Translator__Region) must be an Azure region name such as eastasia, or empty.");
        }
        return problems;
    }
}
