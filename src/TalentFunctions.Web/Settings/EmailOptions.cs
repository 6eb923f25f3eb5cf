using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace TalentFunctions.Web.Settings;

/// <summary>Outgoing email. Bound from <c>Email</c>.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>The SendGrid API key; empty sends every email to the dev mailbox instead.</summary>
    public string? SendGridApiKey { get; set; }

    /// <summary>The SendGrid API base URL (tests point it at a local fake).</summary>
    public Uri SendGridBaseUrl { get; set; } = new("https://api.sendgrid.com/");

    public string FromEmail { get; set; } = string.Empty;

    public string FromName { get; set; } = "TalentFunctions";

    /// <summary>True when no SendGrid key is configured: emails go to the dev mailbox.</summary>
    public bool UseDevMailbox => string.IsNullOrWhiteSpace(SendGridApiKey);
}

internal sealed class EmailOptionsValidator : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        var failures = new List<string>();
        if (options.SendGridBaseUrl is not { IsAbsoluteUri: true } url
            || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add("Email:SendGridBaseUrl (app setting Email__SendGridBaseUrl) must be an absolute http or https URL.");
        }

        if (!IsAddress(options.FromEmail))
        {
            failures.Add("Email:FromEmail (app setting Email__FromEmail) must be an email address.");
        }

        if (string.IsNullOrWhiteSpace(options.FromName) || options.FromName.Any(char.IsControl))
        {
            failures.Add("Email:FromName (app setting Email__FromName) must be a non-empty display name.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsAddress(string value) =>
        !string.IsNullOrWhiteSpace(value)
        && MailAddress.TryCreate(value, out var address)
        && address.Address == value
        && string.IsNullOrEmpty(address.DisplayName);
}
