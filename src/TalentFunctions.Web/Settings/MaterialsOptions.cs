using Microsoft.Extensions.Options;

namespace TalentFunctions.Web.Settings;

/// <summary>Applicants' uploads straight to Blob Storage. Bound from <c>Materials</c>.</summary>
public sealed class MaterialsOptions
{
    public const string Section = "Materials";

    /// <summary>The shortest upload SAS lifetime accepted (tests use seconds to see a SAS expire mid-upload).</summary>
    public static readonly TimeSpan MinimumUploadUrlLifetime = TimeSpan.FromSeconds(1);

    /// <summary>The longest: a user delegation SAS cannot outlive its key, which the service gives for 7 days at most.</summary>
    public static readonly TimeSpan MaximumUploadUrlLifetime = TimeSpan.FromDays(7);

    /// <summary>
    /// How long a write-only upload SAS works (default 2 hours). When it expires mid-upload, the portal asks for a fresh
    /// one for the same blob (<c>POST …/materials/{materialId}/upload-url</c>) and goes on with the blocks not yet sent.
    /// </summary>
    public TimeSpan UploadUrlLifetime { get; set; } = TimeSpan.FromHours(2);
}

internal sealed class MaterialsOptionsValidator : IValidateOptions<MaterialsOptions>
{
    public ValidateOptionsResult Validate(string? name, MaterialsOptions options) =>
        options.UploadUrlLifetime < MaterialsOptions.MinimumUploadUrlLifetime || options.UploadUrlLifetime > MaterialsOptions.MaximumUploadUrlLifetime
            ? ValidateOptionsResult.Fail("Materials:UploadUrlLifetime (app setting Materials__UploadUrlLifetime) must be between 00:00:01 and 7.00:00:00.")
            : ValidateOptionsResult.Success;
}
