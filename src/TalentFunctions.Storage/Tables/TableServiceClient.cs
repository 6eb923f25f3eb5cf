using Azure.Core;
using TalentFunctions.Storage.Auth;
using TalentFunctions.Storage.Internal;

namespace TalentFunctions.Storage.Tables;

/// <summary>
/// Entry point to the Table service of one account. Create it once (it owns the HTTP pipeline) and hand
/// out <see cref="TableClient"/>s with <see cref="GetTableClient"/>; they share the pipeline.
/// </summary>
public sealed class TableServiceClient
{
    private readonly StoragePipeline _pipeline;

    public TableServiceClient(string connectionString, StorageClientOptions? options = null)
        : this(StorageConnectionString.Parse(connectionString), options)
    {
    }

    public TableServiceClient(StorageConnectionString connectionString, StorageClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        _pipeline = new StoragePipeline(
            StorageServiceKind.Table, connectionString.GetEndpoint(StorageServiceKind.Table), connectionString.Credential, null, options);
    }

    public TableServiceClient(Uri endpoint, StorageSharedKeyCredential credential, StorageClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(credential);
        _pipeline = new StoragePipeline(StorageServiceKind.Table, endpoint, credential, null, options);
    }

    /// <summary>Authenticates with bearer tokens (scope https://storage.azure.com/.default), e.g. a managed identity.</summary>
    public TableServiceClient(Uri endpoint, TokenCredential credential, StorageClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(credential);
        _pipeline = new StoragePipeline(StorageServiceKind.Table, endpoint, null, credential, options);
    }

    public Uri Uri => _pipeline.Endpoint;

    public string? AccountName => _pipeline.SharedKey?.AccountName;

    public TableClient GetTableClient(string tableName) => new(_pipeline, tableName);
}
