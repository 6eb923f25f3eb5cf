using Microsoft.Extensions.Options;

namespace TalentFunctions.Web.Settings;

/// <summary>Links sent by email (mentor review, offers, resume links). Bound from <c>Links</c>.</summary>
public sealed class LinksOptions
{
    public const string Section = "Links";

    /// <summary>The minimum size of the decoded <see cref="SigningKey"/>.</summary>
    public const int MinimumSigningKeyBytes = 32;

    /// <summary>The HMAC key for signed link tokens, Base64, at least 32 bytes once decoded.</summary>
    public string SigningKey { get; set; } = string.Empty;

    /// <summary>The base URL that links in emails start with.</summary>
    public Uri PublicBaseUrl { get; set; } = new("http://localhost:7071");

    /// <summary>The decoded <see cref="SigningKey"/> (valid once the options passed validation).</summary>
    public byte[] GetSigningKeyBytes() => Convert.FromBase64String(SigningKey);
}

internal sealed class LinksOptionsValidator : IValidateOptions<LinksOptions>
{
    public ValidateOptionsResult Validate(string? name, LinksOptions options)
    {
        var failures = new List<string>();
        var key = new byte[options.SigningKey.Length];
        if (!Convert.TryFromBase64String(options.SigningKey, key, out var keyLength))
        {
            failures.Add("Links:SigningKey (app setting Links__SigningKey) must be Base64.");
        }
        else if (keyLength < LinksOptions.MinimumSigningKeyBytes)
        {
            failures.Add(
                $"Links:SigningKey (app setting Links__SigningKey) must decode to at least {LinksOptions.MinimumSigningKeyBytes} bytes; "
                + $"it has {keyLength}.");
        }

        if (options.PublicBaseUrl is not { IsAbsoluteUri: true } url
            || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment))
        {
            failures.Add("Links:PublicBaseUrl (app setting Links__PublicBaseUrl) must be an absolute http or https URL without query or fragment.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
