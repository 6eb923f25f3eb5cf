using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace TalentFunctions.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="TableServiceClient"/>, <see cref="BlobServiceClient"/> and <see cref="QueueServiceClient"/> once,
    /// with <c>AddAzureClients</c>, for the account the configuration names (<see cref="StorageOptions"/>, validated on
    /// start), each client counting its calls in the shared <see cref="StorageOperationCounter"/>. Clients are created
    /// when first resolved, so a connection string filled in after the host is built (a local Azurite) is used.
    /// </summary>
    public static IServiceCollection AddStorageClients(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.Section)
            .Configure<IConfiguration>((options, configuration) => options.ApplyFunctionsConvention(configuration))
            .ValidateOnStart();
        return services.AddStorageClientsCore();
    }

    /// <summary>The same clients for a given connection string (tests, benchmarks, tools).</summary>
    public static IServiceCollection AddStorageClients(this IServiceCollection services, string connectionString)
    {
        services.AddOptions<StorageOptions>().Configure(o => o.ConnectionString = connectionString).ValidateOnStart();
        return services.AddStorageClientsCore();
    }

    private static IServiceCollection AddStorageClientsCore(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.TryAddSingleton<StorageOperationCounter>();
        services.TryAddSingleton<StorageAccount>();
        services.TryAddSingleton(sp => new BlobSasIssuer(sp.GetRequiredService<BlobServiceClient>()));
        services.AddAzureClients(clients =>
        {
            clients.AddClient<TableServiceClient, TableClientOptions>((options, sp) => sp.GetRequiredService<StorageAccount>().CreateTableServiceClient(options));
            clients.AddClient<BlobServiceClient, BlobClientOptions>((options, sp) => sp.GetRequiredService<StorageAccount>().CreateBlobServiceClient(options));
            clients.AddClient<QueueServiceClient, QueueClientOptions>((options, sp) => sp.GetRequiredService<StorageAccount>().CreateQueueServiceClient(options))
                // The Functions queue trigger reads Base64 message bodies by default (host.json says so too).
                .ConfigureOptions(options => options.MessageEncoding = QueueMessageEncoding.Base64);
            clients.ConfigureDefaults((options, sp) =>
            {
                ConfigureRetries(options.Retry);
                sp.GetRequiredService<StorageOperationCounter>().AddTo(options);
            });
        });
        return services;
    }

    /// <summary>
    /// Retries as before the SDK: up to 4 retries, exponential backoff from 200 ms with jitter, at most 10 s between tries
    /// (the SDK's defaults wait up to a minute, too long for a request a person is waiting on).
    /// </summary>
    public static void ConfigureRetries(RetryOptions retry)
    {
        ArgumentNullException.ThrowIfNull(retry);
        retry.Mode = RetryMode.Exponential;
        retry.MaxRetries = 4;
        retry.Delay = TimeSpan.FromMilliseconds(200);
        retry.MaxDelay = TimeSpan.FromSeconds(10);
    }
}
