using System.Net;
using System.Net.Sockets;
using TalentFunctions.Storage;
using TalentFunctions.Storage.Emulator;

namespace TalentFunctions.Standalone.Hosting;

/// <summary>
/// Starts Azurite for a standalone Development run that has no storage connection configured, keeping its data
/// in <c>{repository}/.azurite</c> (git-ignored) on the usual ports 10000-10002 when they are free.
/// </summary>
public static class LocalStorageEmulator
{
    public const string DataDirectoryName = ".azurite";
    private static readonly int[] UsualPorts = [10000, 10001, 10002];

    /// <summary>True when this run should start Azurite: Development, and no storage account configured.</summary>
    public static bool IsNeeded(IConfiguration configuration, IHostEnvironment environment) =>
        environment.IsDevelopment() && !StorageOptions.IsConfigured(configuration);

    /// <summary>
    /// Starts Azurite when <see cref="IsNeeded"/> and puts its connection string into the app's configuration
    /// (before any storage client is created). Returns the process to dispose when the app stops, or null.
    /// </summary>
    public static async Task<AzuriteProcess?> StartIfNeededAsync(WebApplication app, CancellationToken cancellationToken = default)
    {
        if (!IsNeeded(app.Configuration, app.Environment))
        {
            return null;
        }

        var root = RepositoryLocator.FindRoot(app.Environment.ContentRootPath, Directory.GetCurrentDirectory(), AppContext.BaseDirectory)
                   ?? throw new InvalidOperationException(
                       "Storage:ConnectionString (app setting Storage__ConnectionString) is empty and no repository was found to start Azurite from; "
                       + "set the connection string, or run from a clone of the repository.");
        var ports = UsualPorts.All(IsFree) ? UsualPorts : [0, 0, 0];
        var dataDirectory = Path.Combine(root, DataDirectoryName);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LocalStorageEmulator));
        HostingLog.AzuriteStarting(logger, dataDirectory);
        var azurite = await AzuriteProcess.StartAsync(
            new AzuriteOptions
            {
                DataDirectory = dataDirectory,
                BlobPort = ports[0],
                QueuePort = ports[1],
                TablePort = ports[2],
                RepositoryRoot = root,
            },
            cancellationToken);

        var key = $"{StorageOptions.Section}:{nameof(StorageOptions.ConnectionString)}";
        if (app.Configuration is IConfigurationBuilder builder)
        {
            builder.AddInMemoryCollection([new KeyValuePair<string, string?>(key, azurite.ConnectionString)]);
        }
        else
        {
            app.Configuration[key] = azurite.ConnectionString;
        }

        return azurite;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
