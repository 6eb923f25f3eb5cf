using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace TalentFunctions.Storage;

/// <summary>
/// The app's storage account (tables, queues, blobs), as the Functions conventions name it: either a connection
/// string (<c>AzureWebJobsStorage</c>; Azurite locally), or service endpoints reached with a token credential
/// (<c>AzureWebJobsStorage__blobServiceUri</c> / <c>__queueServiceUri</c> / <c>__tableServiceUri</c>, or
/// <c>__accountName</c> for all three, with <c>__credential=managedidentity</c> and optionally <c>__clientId</c>).
/// The <c>Storage</c> section overrides those when any of its settings is set (tests and tools use it).
/// Empty in a standalone Development run: a local Azurite is started and its connection string filled in.
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>The Functions convention's connection name, read when the <c>Storage</c> section is empty.</summary>
    public const string FunctionsConnection = "AzureWebJobsStorage";

    /// <summary>The value of <see cref="Credential"/> that selects the managed identity (as the Functions host reads it).</summary>
    public const string ManagedIdentity = "managedidentity";

    public string? ConnectionString { get; set; }

    public string? BlobServiceUri { get; set; }

    public string? QueueServiceUri { get; set; }

    public string? TableServiceUri { get; set; }

    /// <summary><c>managedidentity</c>, or empty for the default Azure credential chain (developer sign-in, environment).</summary>
    public string? Credential { get; set; }

    /// <summary>The client id of a user-assigned managed identity; empty for the system-assigned one.</summary>
    public string? ClientId { get; set; }

    internal bool IsEmpty =>
        new[] { ConnectionString, BlobServiceUri, QueueServiceUri, TableServiceUri, Credential, ClientId }.All(string.IsNullOrWhiteSpace);

    internal bool HasServiceUris => new[] { BlobServiceUri, QueueServiceUri, TableServiceUri }.Any(u => !string.IsNullOrWhiteSpace(u));

    /// <summary>True when the configuration names a storage account (in the <c>Storage</c> section or by the Functions convention).</summary>
    public static bool IsConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new StorageOptions();
        configuration.GetSection(Section).Bind(options);
        options.ApplyFunctionsConvention(configuration);
        return !options.IsEmpty;
    }

    /// <summary>Fills the options from the Functions convention (<see cref="FunctionsConnection"/>) when the <c>Storage</c> section is empty.</summary>
    internal void ApplyFunctionsConvention(IConfiguration configuration)
    {
        if (!IsEmpty)
        {
            return;
        }

        var connection = configuration.GetSection(FunctionsConnection);
        ConnectionString = connection.Value;
        var accountName = connection["accountName"];
        BlobServiceUri = Endpoint(connection["blobServiceUri"] ?? connection["serviceUri"], accountName, "blob");
        QueueServiceUri = Endpoint(connection["queueServiceUri"], accountName, "queue");
        TableServiceUri = Endpoint(connection["tableServiceUri"], accountName, "table");
        Credential = connection["credential"];
        ClientId = connection["clientId"];
    }

    private static string? Endpoint(string? explicitUri, string? accountName, string service) =>
        !string.IsNullOrWhiteSpace(explicitUri) || string.IsNullOrWhiteSpace(accountName)
            ? explicitUri
            : $"https://{accountName}.{service}.core.windows.net";
}

/// <summary>Stops the app at start when the storage settings are wrong, naming the setting and never echoing a key.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    private const string Settings =
        "Set AzureWebJobsStorage (a connection string), or AzureWebJobsStorage__blobServiceUri, __queueServiceUri and __tableServiceUri "
        + "(or __accountName) with __credential=managedidentity; Storage__ConnectionString and Storage__*ServiceUri override them.";

    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            try
            {
                // The parser's messages never echo the account key.
                StorageConnectionString.Parse(options.ConnectionString);
            }
            catch (FormatException e)
            {
                return ValidateOptionsResult.Fail($"Storage:ConnectionString (or AzureWebJobsStorage) is not a valid storage connection string: {e.Message}");
            }

            return !options.HasServiceUris
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail("Storage: set either a connection string or service URIs, not both.");
        }

        if (!options.HasServiceUris)
        {
            return ValidateOptionsResult.Fail(
                "Storage:ConnectionString (app setting Storage__ConnectionString, or AzureWebJobsStorage) is required, "
                + "or AzureWebJobsStorage__blobServiceUri, __queueServiceUri and __tableServiceUri (or __accountName) with a credential. "
                + "Standalone Development runs start Azurite when none is set; other environments must set one.");
        }

        var failures = new List<string>();
        foreach (var (setting, value) in new[]
                 {
                     ("blobServiceUri", options.BlobServiceUri),
                     ("queueServiceUri", options.QueueServiceUri),
                     ("tableServiceUri", options.TableServiceUri),
                 })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                failures.Add($"AzureWebJobsStorage__{setting} (or Storage__{setting}) is required with the other service URIs. {Settings}");
            }
            else if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
            {
                failures.Add($"AzureWebJobsStorage__{setting} (or Storage__{setting}) is not an absolute URI.");
            }
            else if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
            {
                failures.Add($"AzureWebJobsStorage__{setting} (or Storage__{setting}) must be an absolute https URI.");
            }
            else if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.UserInfo))
            {
                // A SAS or credentials in the URI would be a secret in plain configuration.
                failures.Add($"AzureWebJobsStorage__{setting} (or Storage__{setting}) must not carry a query or credentials.");
            }
        }

        if (!string.IsNullOrWhiteSpace(options.Credential) && !string.Equals(options.Credential, StorageOptions.ManagedIdentity, StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"AzureWebJobsStorage__credential (or Storage__Credential) must be '{StorageOptions.ManagedIdentity}' or empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
