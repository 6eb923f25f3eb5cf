using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TalentFunctions.TestSupport;

/// <summary>
/// The standalone app (a built <c>TalentFunctions.Standalone.dll</c>) as a child process on a loopback URL, for crash
/// tests and the soak benchmark: <see cref="StartAsync"/> starts it with the given settings (environment variables)
/// and waits until <c>GET /api/health</c> answers 200; <see cref="Kill"/> ends it with SIGKILL (no shutdown code
/// runs), and <see cref="StartAsync"/> starts it again with the same settings. Its last output lines are kept for
/// diagnostics. Processes are only ever ended by their own id.
/// </summary>
public sealed class AppProcess : IDisposable
{
    private const int KeptLines = 60;

    private readonly string _dll;
    private readonly string _workingDirectory;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly Queue<string> _output = new();
    private Process? _process;

    /// <param name="dll">The built app.</param>
    /// <param name="baseUrl">Where it listens (passed as <c>--urls</c>), e.g. <c>http://127.0.0.1:5123/</c>.</param>
    /// <param name="environment">Its settings, as environment variables (<c>Storage__ConnectionString</c>, …).</param>
    /// <param name="workingDirectory">Its current directory; the repository root, as under <c>dotnet run</c>.</param>
    public AppProcess(string dll, Uri baseUrl, IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        _dll = dll;
        BaseUrl = baseUrl;
        _environment = environment;
        _workingDirectory = workingDirectory;
    }

    public Uri BaseUrl { get; }

    /// <summary>The running process's id; null when it is not running.</summary>
    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    /// <summary>The app's last output lines (stdout and stderr).</summary>
    public string RecentOutput
    {
        get
        {
            lock (_output)
            {
                return string.Join(Environment.NewLine, _output);
            }
        }
    }

    /// <summary>Starts the app and waits until its health endpoint answers 200 (throws with its output otherwise).</summary>
    public async Task StartAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (ProcessId is not null)
        {
            throw new InvalidOperationException("The app is already running.");
        }

        _process?.Dispose();
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _workingDirectory,
        };
        start.ArgumentList.Add(_dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseUrl.GetLeftPart(UriPartial.Authority));
        foreach (var (name, value) in _environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {dotnet} {_dll}.");
        process.OutputDataReceived += Keep;
        process.ErrorDataReceived += Keep;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(10) };
        var healthy = await Eventually.UntilAsync<string>(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with code {process.ExitCode} while starting:{Environment.NewLine}{RecentOutput}");
            }

            try
            {
                using var health = await http.GetAsync(new Uri("api/health", UriKind.Relative), cancellationToken).ConfigureAwait(false);
                return health.IsSuccessStatusCode ? "healthy" : null;
            }
            catch (HttpRequestException)
            {
                return null; // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null; // Listening but slow to answer (storage not answering yet).
            }
        }, timeout, TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
        if (healthy is null)
        {
            Kill();
            throw new TimeoutException($"The app did not answer /api/health with 200 within {timeout.TotalSeconds:0} s:{Environment.NewLine}{RecentOutput}");
        }
    }

    /// <summary>Kills the app with SIGKILL (its shutdown code never runs) and waits until it is gone.</summary>
    public void Kill()
    {
        if (_process is not { } process)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: false); // SIGKILL on Unix
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
        _process = null;
    }

    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The folder holding <c>TalentFunctions.sln</c>, searched upwards from the current and the base directory.</summary>
    public static string FindRepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "TalentFunctions.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException("No TalentFunctions.sln above the current or the base directory.");
    }

    /// <summary>The app as built in <paramref name="configuration"/> (Debug or Release) under the repository root.</summary>
    public static string BuiltAppPath(string repositoryRoot, string configuration) =>
        Path.Combine(repositoryRoot, "src", "TalentFunctions.Standalone", "bin", configuration, "net10.0", "TalentFunctions.Standalone.dll");

    private void Keep(object? sender, DataReceivedEventArgs e)
    {
        if (e.Data is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(e.Data);
            while (_output.Count > KeptLines)
            {
                _output.Dequeue();
            }
        }
    }
}
