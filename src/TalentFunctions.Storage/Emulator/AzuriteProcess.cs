using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace TalentFunctions.Storage.Emulator;

/// <summary>
/// Runs the Azurite storage emulator pinned in <c>tools/azurite</c> as a child process, for tests,
/// benchmarks and local runs. Installs it with <c>npm ci</c> on first use (guarded by a cross-process
/// file lock), listens on loopback only, waits until Blob, Queue and Table answer HTTP, and stops it on
/// <see cref="DisposeAsync"/>: gracefully first (closing its stdin triggers Azurite's own shutdown, which
/// also flushes a <see cref="AzuriteOptions.DataDirectory"/>), then by killing the process tree by id.
/// If the parent process dies, Azurite sees its stdin close and exits too.
/// </summary>
public sealed partial class AzuriteProcess : IAsyncDisposable
{
    private const string AccountName = "devstoreaccount1";

    // Preloaded into node: exit gracefully (SIGTERM runs Azurite's shutdown) when our end of stdin closes.
    private const string ParentWatchdog =
        "data:text/javascript,process.stdin.on('end',()=>process.kill(process.pid,'SIGTERM'));process.stdin.resume();";

    private readonly Process _process;
    private readonly TimeSpan _gracefulStopTimeout;
    private readonly OutputLog _output;
    private int _disposed;

    private AzuriteProcess(Process process, OutputLog output, Uri blob, Uri queue, Uri table, TimeSpan gracefulStopTimeout)
    {
        _process = process;
        _gracefulStopTimeout = gracefulStopTimeout;
        _output = output;
        ProcessId = process.Id;
        BlobEndpoint = blob;
        QueueEndpoint = queue;
        TableEndpoint = table;
        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={StorageConnectionString.DevelopmentAccountKey};" +
            $"BlobEndpoint={blob};QueueEndpoint={queue};TableEndpoint={table};";
    }

    /// <summary>Connection string with explicit endpoints and the (public) emulator account key.</summary>
    public string ConnectionString { get; }

    public Uri BlobEndpoint { get; }

    public Uri QueueEndpoint { get; }

    public Uri TableEndpoint { get; }

    public int ProcessId { get; }

    /// <summary>What Azurite printed so far (for diagnostics).</summary>
    public string Output => _output.ToString();

    public static async Task<AzuriteProcess> StartAsync(AzuriteOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var toolsDirectory = FindToolsDirectory(options.RepositoryRoot);
        var node = options.NodeExecutable ?? "node";
        await EnsureInstalledAsync(toolsDirectory, options.InstallTimeout, cancellationToken).ConfigureAwait(false);

        var script = Path.Combine(toolsDirectory, "node_modules", "azurite", "dist", "src", "azurite.js");
        var start = new ProcessStartInfo(node)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("--import");
        start.ArgumentList.Add(ParentWatchdog);
        start.ArgumentList.Add(script);
        foreach (var argument in new[] { "--disableTelemetry", "--silent", "--skipApiVersionCheck" })
        {
            start.ArgumentList.Add(argument);
        }

        AddPair(start, "--blobHost", "127.0.0.1");
        AddPair(start, "--queueHost", "127.0.0.1");
        AddPair(start, "--tableHost", "127.0.0.1");
        AddPair(start, "--blobPort", options.BlobPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        AddPair(start, "--queuePort", options.QueuePort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        AddPair(start, "--tablePort", options.TablePort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (options.DataDirectory is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
            start.WorkingDirectory = Path.GetTempPath();
        }
        else
        {
            var location = Path.GetFullPath(options.DataDirectory);
            Directory.CreateDirectory(location);
            AddPair(start, "--location", location);
            start.WorkingDirectory = location;
        }

        var output = new OutputLog();
        var listening = new Dictionary<string, Uri>(StringComparer.Ordinal);
        var allListening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            output.Add(e.Data);
            if (ListeningLine().Match(e.Data) is { Success: true } match)
            {
                lock (listening)
                {
                    listening[match.Groups["service"].Value] = new Uri(match.Groups["url"].Value);
                    if (listening.Count == 3)
                    {
                        allListening.TrySetResult();
                    }
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                output.Add(e.Data);
            }
        };
        process.Exited += (_, _) => allListening.TrySetException(
            new InvalidOperationException("Azurite exited during startup."));

        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException(
                $"Could not start '{node}'. Azurite needs Node.js 20 or later on PATH (or set AzuriteOptions.NodeExecutable).", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        Uri blob, queue, table;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.StartupTimeout);
            try
            {
                await allListening.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
                lock (listening)
                {
                    blob = WithAccount(listening["Blob"]);
                    queue = WithAccount(listening["Queue"]);
                    table = WithAccount(listening["Table"]);
                }

                await WaitUntilAnsweringAsync([blob, queue, table], timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new InvalidOperationException(
                    $"Azurite did not become ready within {options.StartupTimeout.TotalSeconds:0} s. Output:{Environment.NewLine}{output}");
            }
            catch (InvalidOperationException e)
            {
                await WaitForExitAsync(process, TimeSpan.FromSeconds(2)).ConfigureAwait(false);
                throw new InvalidOperationException($"{e.Message} Output:{Environment.NewLine}{output}", e);
            }
        }
        catch
        {
            Kill(process);
            process.Dispose();
            throw;
        }

        return new AzuriteProcess(process, output, blob, queue, table, options.GracefulStopTimeout);
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    /// <summary>
    /// Stops Azurite: gracefully (SIGTERM through its stdin watchdog; Azurite then saves a
    /// <see cref="AzuriteOptions.DataDirectory"/> to disk) within <see cref="AzuriteOptions.GracefulStopTimeout"/>,
    /// else by killing the process tree. True when it exited gracefully (or had already exited); false when it had
    /// to be killed, or when it was already stopped by an earlier call.
    /// </summary>
    public async Task<bool> StopAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return false;
        }

        try
        {
            if (_process.HasExited)
            {
                return true;
            }

            try
            {
                _process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The pipe is already gone; the kill below still stops the process.
            }

            if (await WaitForExitAsync(_process, _gracefulStopTimeout).ConfigureAwait(false))
            {
                return true;
            }

            Kill(_process);
            await WaitForExitAsync(_process, _gracefulStopTimeout).ConfigureAwait(false);
            return false;
        }
        finally
        {
            _process.Dispose();
        }
    }

    /// <summary>Runs <c>npm ci</c> in <paramref name="toolsDirectory"/> unless Azurite is already installed there.</summary>
    internal static async Task EnsureInstalledAsync(string toolsDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (IsInstalled(toolsDirectory))
        {
            return;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var lockPath = Path.Combine(toolsDirectory, ".install.lock");
        FileStream installLock;
        try
        {
            installLock = await AcquireLockAsync(lockPath, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException($"Timed out after {timeout.TotalSeconds:0} s waiting for another process to install Azurite (lock {lockPath}).", e);
        }

        using var heldLock = installLock;
        if (IsInstalled(toolsDirectory))
        {
            return;
        }

        var npm = OperatingSystem.IsWindows() ? "npm.cmd" : "npm";
        var start = new ProcessStartInfo(npm)
        {
            WorkingDirectory = toolsDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        foreach (var argument in new[] { "ci", "--no-audit", "--no-fund" })
        {
            start.ArgumentList.Add(argument);
        }

        var output = new OutputLog();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => output.Add(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("Could not run npm to install Azurite; install Node.js 20 or later (with npm).", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw new InvalidOperationException($"npm ci in {toolsDirectory} did not finish within {timeout.TotalSeconds:0} s. Output:{Environment.NewLine}{output}");
        }

        if (process.ExitCode != 0 || !IsInstalled(toolsDirectory))
        {
            throw new InvalidOperationException($"npm ci in {toolsDirectory} failed with exit code {process.ExitCode}. Output:{Environment.NewLine}{output}");
        }
    }

    /// <summary>Finds <c>tools/azurite</c> (the folder holding its package.json).</summary>
    internal static string FindToolsDirectory(string? repositoryRoot)
    {
        if (repositoryRoot is not null)
        {
            var candidate = Path.Combine(Path.GetFullPath(repositoryRoot), "tools", "azurite");
            return File.Exists(Path.Combine(candidate, "package.json"))
                ? candidate
                : throw new InvalidOperationException($"No tools/azurite/package.json under the repository root {repositoryRoot}.");
        }

        foreach (var startDirectory in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var directory = new DirectoryInfo(startDirectory); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "tools", "azurite");
                if (File.Exists(Path.Combine(candidate, "package.json")))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException(
            "Could not find tools/azurite/package.json above the application or the current directory; set AzuriteOptions.RepositoryRoot.");
    }

    private static bool IsInstalled(string toolsDirectory) =>
        File.Exists(Path.Combine(toolsDirectory, "node_modules", "azurite", "dist", "src", "azurite.js"))
        && File.Exists(Path.Combine(toolsDirectory, "node_modules", ".package-lock.json"));

    private static async Task<FileStream> AcquireLockAsync(string path, CancellationToken cancellationToken)
    {
        var wait = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                // Another process holds the lock (it is installing); poll until it is released.
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                wait = TimeSpan.FromMilliseconds(Math.Min(wait.TotalMilliseconds * 2, 1000));
            }
        }
    }

    private static async Task WaitUntilAnsweringAsync(Uri[] endpoints, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
        foreach (var endpoint in endpoints)
        {
            var wait = TimeSpan.FromMilliseconds(20);
            while (true)
            {
                try
                {
                    // Any HTTP answer (typically 400/403 for an unsigned request) means the service is up.
                    using var response = await http.GetAsync(endpoint, cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                    wait = TimeSpan.FromMilliseconds(Math.Min(wait.TotalMilliseconds * 2, 500));
                }
            }
        }
    }

    private static async Task<bool> WaitForExitAsync(Process process, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Exiting right now; nothing left to kill.
        }
    }

    private static Uri WithAccount(Uri listening) => new($"{listening.Scheme}://{listening.Authority}/{AccountName}");

    private static void AddPair(ProcessStartInfo start, string name, string value)
    {
        start.ArgumentList.Add(name);
        start.ArgumentList.Add(value);
    }

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at (?<url>https?://\S+)")]
    private static partial Regex ListeningLine();

    /// <summary>Thread-safe capture of a child's output, bounded so a chatty process cannot grow it forever.</summary>
    private sealed class OutputLog
    {
        private const int MaxLines = 400;
        private readonly Queue<string> _lines = new();

        public void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_lines)
            {
                _lines.Enqueue(line);
                if (_lines.Count > MaxLines)
                {
                    _lines.Dequeue();
                }
            }
        }

        public override string ToString()
        {
            lock (_lines)
            {
                return string.Join(Environment.NewLine, _lines);
            }
        }
    }
}
