namespace TalentFunctions.Storage.Emulator;

/// <summary>How to start Azurite (see <see cref="AzuriteProcess.StartAsync"/>).</summary>
public sealed class AzuriteOptions
{
    /// <summary>Folder for Azurite's data; null keeps everything in memory (<c>--inMemoryPersistence</c>).</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Blob port; 0 lets the OS choose a free one.</summary>
    public int BlobPort { get; set; }

    /// <summary>Queue port; 0 lets the OS choose a free one.</summary>
    public int QueuePort { get; set; }

    /// <summary>Table port; 0 lets the OS choose a free one.</summary>
    public int TablePort { get; set; }

    /// <summary>
    /// The repository root holding <c>tools/azurite/package.json</c>; null searches upwards from
    /// <see cref="AppContext.BaseDirectory"/> and from the current directory.
    /// </summary>
    public string? RepositoryRoot { get; set; }

    /// <summary>The Node.js executable; null uses <c>node</c> from PATH.</summary>
    public string? NodeExecutable { get; set; }

    /// <summary>How long starting may take once Azurite is installed.</summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a graceful stop (SIGTERM, which saves an on-disk <see cref="DataDirectory"/>) may take before the
    /// process is killed (which loses what Azurite had not saved yet: it saves every 5 s).
    /// </summary>
    public TimeSpan GracefulStopTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long <c>npm ci</c> may take (only when <c>node_modules</c> is missing).</summary>
    public TimeSpan InstallTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
