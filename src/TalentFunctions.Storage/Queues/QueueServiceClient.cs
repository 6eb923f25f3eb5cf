using Azure.Core;
using TalentFunctions.Storage.Auth;
using TalentFunctions.Storage.Internal;

namespace TalentFunctions.Storage.Queues;

/// <summary>
/// Entry point to the Queue service of one account. Create it once (it owns the HTTP pipeline);
/// queue clients obtained from it share that pipeline.
/// </summary>
public sealed class QueueServiceClient
{
    private readonly StoragePipeline _pipeline;

    public QueueServiceClient(string connectionString, StorageClientOptions? options = null)
        : this(StorageConnectionString.Parse(connectionString), options)
    {
    }

    public QueueServiceClient(StorageConnectionString connectionString, StorageClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        _pipeline = new StoragePipeline(
            StorageServiceKind.Queue, connectionString.GetEndpoint(StorageServiceKind.Queue), connectionString.Credential, null, options);
    }

    public QueueServiceClient(Uri endpoint, StorageSharedKeyCredential credential, StorageClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(credential);
        _pipeline = new StoragePipeline(StorageServiceKind.Queue, endpoint, credential, null, options);
    }

    /// <summary>Authenticates with bearer tokens (scope https://storage.azure.com/.default), e.g. a managed identity.</summary>
    public QueueServiceClient(Uri endpoint, TokenCredential credential, StorageClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(credential);
        _pipeline = new StoragePipeline(StorageServiceKind.Queue, endpoint, null, credential, options);
    }

    public Uri Uri => _pipeline.Endpoint;

    public string? AccountName => _pipeline.SharedKey?.AccountName;

    public QueueClient GetQueueClient(string queueName) => new(_pipeline, queueName);
}
