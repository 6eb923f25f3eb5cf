using Microsoft.Extensions.Options;

namespace TalentFunctions.Web.Settings;

/// <summary>Staff access. Bound from <c>Staff</c>.</summary>
public sealed class StaffOptions
{
    public const string Section = "Staff";

    /// <summary>The minimum length of <see cref="ApiKey"/>.</summary>
    public const int MinimumApiKeyLength = 24;

    /// <summary>The key staff send in <c>X-Api-Key</c>.</summary>
    public string ApiKey { get; set; } = string.Empty;
}

internal sealed class StaffOptionsValidator : IValidateOptions<StaffOptions>
{
    public ValidateOptionsResult Validate(string? name, StaffOptions options) =>
        options.ApiKey.Trim().Length < StaffOptions.MinimumApiKeyLength
            ? ValidateOptionsResult.Fail(
                $"Staff:ApiKey (app setting Staff__ApiKey) must be at least {StaffOptions.MinimumApiKeyLength} characters long.")
            : ValidateOptionsResult.Success;
}
