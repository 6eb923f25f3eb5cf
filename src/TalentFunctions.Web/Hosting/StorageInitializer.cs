using Microsoft.Extensions.Options;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using TalentFunctions.Storage;
using TalentFunctions.Web.Settings;

namespace TalentFunctions.Web.Hosting;

/// <summary>
/// The storage resources created (if missing) when the app starts, in both hostings. Append to the lists with
/// <c>services.AddStorageResources(r => r.BlobContainers.Add("materials"))</c>, or add a step of your own with
/// <see cref="StorageResourcesExtensions.AddStorageInitializer"/>.
/// </summary>
public sealed class StorageResources
{
    public IList<string> Queues { get; } = [];

    public IList<string> Tables { get; } = [];

    public IList<string> BlobContainers { get; } = [];
}

/// <summary>An extra step run once at start, after the listed resources were created.</summary>
public interface IStorageInitializer
{
    Task InitializeAsync(CancellationToken cancellationToken);
}

public static class StorageResourcesExtensions
{
    public static IServiceCollection AddStorageResources(this IServiceCollection services, Action<StorageResources> configure)
    {
        services.Configure(configure);
        return services;
    }

    /// <summary>Adds a start-up step, e.g. <c>(sp, ct) => sp.GetRequiredService&lt;OrchestrationStorage&gt;().EnsureCreatedAsync(ct)</c>.</summary>
    public static IServiceCollection AddStorageInitializer(this IServiceCollection services, Func<IServiceProvider, CancellationToken, Task> initialize)
    {
        services.AddSingleton<IStorageInitializer>(sp => new DelegateStorageInitializer(sp, initialize));
        return services;
    }

    private sealed class DelegateStorageInitializer(IServiceProvider services, Func<IServiceProvider, CancellationToken, Task> initialize)
        : IStorageInitializer
    {
        public Task InitializeAsync(CancellationToken cancellationToken) => initialize(services, cancellationToken);
    }
}

/// <summary>Creates the <see cref="StorageResources"/> and runs the <see cref="IStorageInitializer"/>s before the app serves.</summary>
internal sealed partial class StorageInitializationService(
    IServiceProvider services,
    IOptions<StorageResources> resources,
    IEnumerable<IStorageInitializer> initializers,
    StorageAccount account,
    IOptions<LinksOptions> links,
    ILogger<StorageInitializationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (account.IsEmulator)
        {
            // In Azure the Bicep template sets this rule; on Azurite the app sets it, so a browser upload from the
            // app's own pages passes its CORS preflight.
            var origin = links.Value.PublicBaseUrl.GetLeftPart(UriPartial.Authority);
            await BlobCors.AllowBrowserUploadsAsync(services.GetRequiredService<BlobServiceClient>(), [origin], cancellationToken);
        }

        var queues = resources.Value.Queues.Distinct(StringComparer.Ordinal).ToArray();
        if (queues.Length > 0)
        {
            var queueService = services.GetRequiredService<QueueServiceClient>();
            foreach (var queue in queues)
            {
                await queueService.GetQueueClient(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            }
        }

        var tables = resources.Value.Tables.Distinct(StringComparer.Ordinal).ToArray();
        if (tables.Length > 0)
        {
            var tableService = services.GetRequiredService<TableServiceClient>();
            foreach (var table in tables)
            {
                await tableService.GetTableClient(table).CreateIfNotExistsAsync(cancellationToken);
            }
        }

        var containers = resources.Value.BlobContainers.Distinct(StringComparer.Ordinal).ToArray();
        if (containers.Length > 0)
        {
            var blobService = services.GetRequiredService<BlobServiceClient>();
            foreach (var container in containers)
            {
                await blobService.GetBlobContainerClient(container).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            }
        }

        foreach (var initializer in initializers)
        {
            await initializer.InitializeAsync(cancellationToken);
        }

        StorageInitialized(logger, queues.Length, tables.Length, containers.Length);
    }

    [LoggerMessage(40, LogLevel.Information, "Storage ready: {Queues} queue(s), {Tables} table(s) and {Containers} container(s) ensured")]
    private static partial void StorageInitialized(ILogger logger, int queues, int tables, int containers);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
