using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace TalentFunctions.Storage;

/// <summary>
/// How the app reaches its storage account, decided once from the validated <see cref="StorageOptions"/>: with the
/// connection string's account key (Azurite locally), or with a <see cref="TokenCredential"/> (managed identity in
/// Azure). The service clients are made here and registered once (<see cref="StorageServiceCollectionExtensions.AddStorageClients(Microsoft.Extensions.DependencyInjection.IServiceCollection)"/>).
/// </summary>
public sealed class StorageAccount
{
    private readonly StorageOptions options;
    private readonly Lazy<TokenCredential> credential;

    public StorageAccount(IOptions<StorageOptions> options)
    {
        this.options = options.Value;
        ConnectionString = string.IsNullOrWhiteSpace(this.options.ConnectionString) ? null : StorageConnectionString.Parse(this.options.ConnectionString);
        credential = new Lazy<TokenCredential>(CreateCredential);
    }

    /// <summary>The parsed connection string (no key kept), or null when the account is reached with a token credential.</summary>
    public StorageConnectionString? ConnectionString { get; }

    /// <summary>True when clients authenticate with a token credential, so SAS must be user delegation SAS.</summary>
    public bool UsesTokenCredential => ConnectionString is null;

    /// <summary>True for the emulator (Azurite), which the app configures for local browser uploads.</summary>
    public bool IsEmulator => ConnectionString?.IsEmulator == true;

    public TableServiceClient CreateTableServiceClient(TableClientOptions clientOptions) =>
        UsesTokenCredential
            ? new TableServiceClient(new Uri(options.TableServiceUri!), credential.Value, clientOptions)
            : new TableServiceClient(options.ConnectionString, clientOptions);

    public BlobServiceClient CreateBlobServiceClient(BlobClientOptions clientOptions) =>
        UsesTokenCredential
            ? new BlobServiceClient(new Uri(options.BlobServiceUri!), credential.Value, clientOptions)
            : new BlobServiceClient(options.ConnectionString, clientOptions);

    public QueueServiceClient CreateQueueServiceClient(QueueClientOptions clientOptions) =>
        UsesTokenCredential
            ? new QueueServiceClient(new Uri(options.QueueServiceUri!), credential.Value, clientOptions)
            : new QueueServiceClient(options.ConnectionString, clientOptions);

    /// <summary>Where the settings point, without any key (for the start-up banner).</summary>
    public override string ToString() =>
        ConnectionString?.ToString()
        ?? $"BlobServiceUri={options.BlobServiceUri};QueueServiceUri={options.QueueServiceUri};TableServiceUri={options.TableServiceUri};Credential={(string.IsNullOrWhiteSpace(options.Credential) ? "default" : options.Credential)}";

    private TokenCredential CreateCredential() =>
        string.Equals(options.Credential, StorageOptions.ManagedIdentity, StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(string.IsNullOrWhiteSpace(options.ClientId)
                ? ManagedIdentityId.SystemAssigned
                : ManagedIdentityId.FromUserAssignedClientId(options.ClientId))
            : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = string.IsNullOrWhiteSpace(options.ClientId) ? null : options.ClientId });
}
