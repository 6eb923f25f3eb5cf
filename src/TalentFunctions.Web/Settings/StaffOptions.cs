using System.Net.Mail;
using Microsoft.Extensions.Options;
using TalentFunctions.Web.Security;

namespace TalentFunctions.Web.Settings;

/// <summary>Staff access. Bound from <c>Staff</c>.</summary>
public sealed class StaffOptions
{
    public const string Section = "Staff";

    /// <summary>The minimum length of <see cref="ApiKey"/>.</summary>
    public const int MinimumApiKeyLength = 24;

    /// <summary>The key automation sends in <c>X-Api-Key</c> (it holds every role).</summary>
    public string ApiKey { get; set; } = string.Empty;

    /// <summary>
    /// The staff members who sign in to the console with an emailed link: <c>Staff:Members:0:Email</c>,
    /// <c>Staff:Members:0:Role</c> (reader, decider or admin), optional <c>Staff:Members:0:Name</c>.
    /// </summary>
    public List<StaffMemberOptions> Members { get; set; } = [];

    /// <summary>How long a console session lasts after sign-in (default 12 hours).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How long an emailed sign-in link can be used (default 15 minutes; it works once).</summary>
    public TimeSpan SignInLinkLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The configured member with this address (case-insensitive), if any.</summary>
    public StaffMemberOptions? FindMember(string? email) =>
        string.IsNullOrWhiteSpace(email) ? null
        : Members.FirstOrDefault(m => string.Equals(m.Email?.Trim(), email.Trim(), StringComparison.OrdinalIgnoreCase));
}

/// <summary>One staff member (<c>Staff:Members:{n}</c>).</summary>
public sealed class StaffMemberOptions
{
    public string Email { get; set; } = string.Empty;

    /// <summary>reader, decider or admin (<see cref="StaffRoles"/>).</summary>
    public string Role { get; set; } = string.Empty;

    /// <summary>How the console greets the member; the address when empty.</summary>
    public string? Name { get; set; }

    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? Email : Name.Trim();
}

internal sealed class StaffOptionsValidator : IValidateOptions<StaffOptions>
{
    public ValidateOptionsResult Validate(string? name, StaffOptions options)
    {
        var failures = new List<string>();
        if (options.ApiKey.Trim().Length < StaffOptions.MinimumApiKeyLength)
        {
            failures.Add($"Staff:ApiKey (app setting Staff__ApiKey) must be at least {StaffOptions.MinimumApiKeyLength} characters long.");
        }
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Members.Count; i++)
        {
            var member = options.Members[i];
            var key = $"Staff:Members:{i}";
            var app = $"Staff__Members__{i}";
            if (!IsAddress(member.Email))
            {
                failures.Add($"{key}:Email (app setting {app}__Email) must be an email address.");
            }
            else if (!seen.Add(member.Email.Trim()))
            {
                failures.Add($"{key}:Email (app setting {app}__Email) lists an address already listed: each member once.");
            }
            if (StaffRoles.Parse(member.Role) is null)
            {
                failures.Add($"{key}:Role (app setting {app}__Role) must be one of: {string.Join(", ", StaffRoles.All)}.");
            }
            if (member.Name is { Length: > 200 })
            {
                failures.Add($"{key}:Name (app setting {app}__Name) must be at most 200 characters.");
            }
        }
        if (options.SessionLifetime < TimeSpan.FromMinutes(5) || options.SessionLifetime > TimeSpan.FromDays(7))
        {
            failures.Add("Staff:SessionLifetime (app setting Staff__SessionLifetime) must be between 00:05:00 and 7.00:00:00.");
        }
        if (options.SignInLinkLifetime < TimeSpan.FromMinutes(1) || options.SignInLinkLifetime > TimeSpan.FromHours(1))
        {
            failures.Add("Staff:SignInLinkLifetime (app setting Staff__SignInLinkLifetime) must be between 00:01:00 and 01:00:00.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static bool IsAddress(string? email) =>
        !string.IsNullOrWhiteSpace(email) && email.Trim().Length <= 254
        && MailAddress.TryCreate(email.Trim(), out var parsed) && parsed.Address == email.Trim() && parsed.Host.Contains('.', StringComparison.Ordinal);
}
