using Microsoft.Extensions.Options;
using TalentFunctions.Storage;

namespace TalentFunctions.Functions.Hosting;

/// <summary>
/// The storage account of the app (tables, queues, blobs). Bound from <c>Storage</c>; when
/// <c>Storage:ConnectionString</c> is empty, <c>AzureWebJobsStorage</c> (the Functions convention) is used.
/// Empty in a standalone Development run: a local Azurite is started and its connection string filled in.
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    public string? ConnectionString { get; set; }
}

internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail(
                "Storage:ConnectionString (app setting Storage__ConnectionString, or AzureWebJobsStorage) is required. "
                + "Standalone Development runs start Azurite when it is empty; other environments must set it.");
        }

        // The parser's messages never echo the account key.
        try
        {
            StorageConnectionString.Parse(options.ConnectionString);
        }
        catch (FormatException e)
        {
            return ValidateOptionsResult.Fail($"Storage:ConnectionString is not a valid storage connection string: {e.Message}");
        }

        return ValidateOptionsResult.Success;
    }
}
