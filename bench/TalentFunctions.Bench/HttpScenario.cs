using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using TalentFunctions.Storage.Emulator;

namespace TalentFunctions.Bench;

/// <summary>
/// <c>http</c>: the standalone app as its own process (the built <c>TalentFunctions.Standalone.dll</c>, rebuilt in
/// Release first when missing or older than the sources) against a fresh in-memory Azurite, loaded over loopback by
/// 16 concurrent clients for 30 s (<c>--seconds N</c>). Each client loops over a whole applicant visit: create a
/// draft, announce a reel, upload it straight to storage through the SAS URL, complete (the app verifies it), submit.
/// The app's queue and timer runners screen and assign in the background, as they do in a real run.
/// Prints create and submit latency percentiles, the app's request rate and its peak working set.
/// </summary>
public static class HttpScenario
{
    internal const int Clients = 16;

    /// <summary>The staff API key the bench gives the app it starts (a bench-only value).</summary>
    internal const string StaffApiKey = "bench-only-staff-api-key";
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(string[] args)
    {
        var duration = TimeSpan.FromSeconds(ParseSeconds(args));
        var root = FindRepositoryRoot() ?? throw new InvalidOperationException("Run the benchmark from a clone of the repository (no TalentFunctions.sln found).");
        var dll = await EnsureAppBuiltAsync(root);

        Metrics.Note("starting in-memory Azurite");
        await using var azurite = await AzuriteProcess.StartAsync(new AzuriteOptions());
        var port = FreeLoopbackPort();
        var baseUrl = new Uri($"http://127.0.0.1:{port}/");
        using var app = StartApp(root, dll, baseUrl, azurite.ConnectionString, out var appLog);
        Console.CancelKeyPress += (_, _) => Kill(app);
        try
        {
            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Clients * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
            using var http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
            await WaitUntilHealthyAsync(http, app, appLog);

            using var peak = PeakWorkingSet.Sample(app);
            var visit = new ApplicantVisit(http);
            Metrics.Note($"warming up for {WarmUp.TotalSeconds:0} s");
            await Load.RunAsync(Clients, WarmUp, (_, n) => visit.RunAsync(n));
            visit.Reset();

            Metrics.Note($"{Clients} clients for {duration.TotalSeconds:0} s against the app (pid {app.Id}) at {baseUrl}");
            var (_, elapsed) = await Load.RunAsync(Clients, duration, (_, n) => visit.RunAsync(n));
            var peakBytes = await peak.StopAsync();

            var creates = visit.Creates.OrderBy(x => x).ToArray();
            var submits = visit.Submits.OrderBy(x => x).ToArray();
            var p50 = Percentile(creates, 0.50);
            var p99 = Percentile(creates, 0.99);
            Metrics.Report("http.create.p50_ms", p50, "ms");
            Metrics.Report("http.create.p99_ms", p99, "ms");
            Metrics.Report("http.create.p99_over_p50", p50 == 0 ? 0 : p99 / p50, "ratio");
            Metrics.Report("http.submit.p50_ms", Percentile(submits, 0.50), "ms");
            Metrics.Report("http.submit.p99_ms", Percentile(submits, 0.99), "ms");
            Metrics.Report("http.requests.per_s", visit.AppRequests / elapsed.TotalSeconds, "1/s");
            Metrics.Report("http.applications.per_s", submits.Length / elapsed.TotalSeconds, "1/s");
            Metrics.Report("http.errors", visit.Errors, "count");
            Metrics.Report("http.app.peak_working_set_mb", peakBytes / (1024.0 * 1024.0), "MB");
            foreach (var error in visit.FirstErrors)
            {
                Metrics.Note("error: " + error);
            }
            Metrics.Note(string.Create(CultureInfo.InvariantCulture,
                $"{creates.Length} applications created, {submits.Length} submitted; create p99/p50 = {(p50 == 0 ? 0 : p99 / p50):0.0} (target ≤ 5)"));
            return visit.Errors == 0 ? 0 : 1;
        }
        finally
        {
            Kill(app);
        }
    }

    /// <summary>One applicant's visit: create, announce a reel, upload it through the SAS URL, complete, submit.</summary>
    internal sealed class ApplicantVisit(HttpClient app)
    {
        private static readonly HttpClient Storage = new(new SocketsHttpHandler { MaxConnectionsPerServer = Clients * 2 });
        private static readonly byte[] Reel = [0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m', .. new byte[1012]];

        private long appRequests;
        private long errors;

        public ConcurrentBag<double> Creates { get; private set; } = [];

        public ConcurrentBag<double> Submits { get; private set; } = [];

        public ConcurrentQueue<string> FirstErrors { get; private set; } = new();

        public long AppRequests => Interlocked.Read(ref appRequests);

        public long Errors => Interlocked.Read(ref errors);

        public void Reset()
        {
            Creates = [];
            Submits = [];
            FirstErrors = new ConcurrentQueue<string>();
            Interlocked.Exchange(ref appRequests, 0);
            Interlocked.Exchange(ref errors, 0);
        }

        public async Task<long> RunAsync(long n)
        {
            var body = $$"""
                {"programId":"hina-directors","track":"original-ip",
                 "applicant":{"name":"林小雨","email":"bench{{n}}@example.com","preferredLanguage":"{{(n % 2 == 0 ? "zh" : "en")}}","timeZone":"Asia/Shanghai",
                              "school":"USC","graduationYear":2024,"roles":["director"]},
                 "project":{"title":"雨季 The Rainy Season","logline":"一个女孩在雨季回到故乡。","synopsis":"A short film about returning home.","language":"zh","format":"short"},
                 "consent":{"privacyNotice":"{{TalentFunctions.Domain.Applications.PrivacyNotice.Version}}"} }
                """;
            var (created, createMs) = await SendAsync(HttpMethod.Post, "api/applications", body, null, HttpStatusCode.Created);
            if (created is not { } c)
            {
                return 0;
            }
            Creates.Add(createMs);
            var id = c.GetProperty("id").GetString()!;
            var token = c.GetProperty("accessToken").GetString()!;

            var (ticket, _) = await SendAsync(HttpMethod.Post, $"api/applications/{id}/materials",
                $$"""{"kind":"reel","fileName":"reel.mp4","contentType":"video/mp4","length":{{Reel.Length}} }""", token, HttpStatusCode.Created);
            if (ticket is not { } t)
            {
                return 0;
            }
            using (var put = new HttpRequestMessage(HttpMethod.Put, t.GetProperty("uploadUrl").GetString()) { Content = new ByteArrayContent(Reel) })
            {
                put.Headers.Add("x-ms-blob-type", "BlockBlob");
                using var uploaded = await Storage.SendAsync(put);
                if (!uploaded.IsSuccessStatusCode)
                {
                    Fail($"upload answered {(int)uploaded.StatusCode}");
                    return 0;
                }
            }
            var (verified, _) = await SendAsync(HttpMethod.Post, $"api/applications/{id}/materials/{t.GetProperty("materialId").GetString()}/complete", null, token, HttpStatusCode.OK);
            if (verified is null)
            {
                return 0;
            }
            var (submitted, submitMs) = await SendAsync(HttpMethod.Post, $"api/applications/{id}/submit", null, token, HttpStatusCode.Accepted);
            if (submitted is null)
            {
                return 0;
            }
            Submits.Add(submitMs);
            return 1;
        }

        private async Task<(JsonElement? Body, double Milliseconds)> SendAsync(HttpMethod method, string path, string? json, string? token, HttpStatusCode expected)
        {
            using var request = new HttpRequestMessage(method, path);
            if (json is not null)
            {
                request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
            var started = Stopwatch.GetTimestamp();
            using var response = await app.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Interlocked.Increment(ref appRequests);
            if (response.StatusCode != expected)
            {
                Fail($"{method} /{path.Split('/')[1]}… answered {(int)response.StatusCode}: {(text.Length > 200 ? text[..200] : text)}");
                return (null, elapsed);
            }
            return (JsonDocument.Parse(text).RootElement.Clone(), elapsed);
        }

        private void Fail(string what)
        {
            if (Interlocked.Increment(ref errors) <= 5)
            {
                FirstErrors.Enqueue(what);
            }
        }
    }

    internal static Process StartApp(string root, string dll, Uri baseUrl, string storageConnectionString, out ConcurrentQueue<string> log)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root, // so the app finds local.settings(.sample).json, as under dotnet run
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseUrl.GetLeftPart(UriPartial.Authority));
        start.Environment["Storage__ConnectionString"] = storageConnectionString;
        start.Environment["Staff__ApiKey"] = StaffApiKey;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Email__SendGridApiKey"] = ""; // emails go to the dev mailbox container: real rendering and writes, no network
        start.Environment["RateLimiting__PermitsPerMinute"] = "100000000"; // every client shares 127.0.0.1
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {dotnet} {dll}.");
        var lines = new ConcurrentQueue<string>();
        void Keep(object? _, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }
            lines.Enqueue(e.Data);
            while (lines.Count > 40 && lines.TryDequeue(out var _))
            {
            }
        }
        process.OutputDataReceived += Keep;
        process.ErrorDataReceived += Keep;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        log = lines;
        Metrics.Note($"started the app (pid {process.Id}): {dotnet} {dll} --urls {baseUrl.GetLeftPart(UriPartial.Authority)}");
        return process;
    }

    internal static async Task WaitUntilHealthyAsync(HttpClient http, Process app, ConcurrentQueue<string> log)
    {
        var started = Stopwatch.StartNew();
        while (true)
        {
            if (app.HasExited)
            {
                throw new InvalidOperationException($"The app exited with code {app.ExitCode}:\n{string.Join('\n', log)}");
            }
            try
            {
                using var health = await http.GetAsync("api/health");
                if (health.IsSuccessStatusCode)
                {
                    Metrics.Note($"the app is healthy after {started.Elapsed.TotalSeconds:0.0} s");
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            if (started.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"The app did not become healthy within 60 s:\n{string.Join('\n', log)}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>The built app, rebuilt in Release when missing or older than any source it is made of.</summary>
    internal static async Task<string> EnsureAppBuiltAsync(string root)
    {
        var project = Path.Combine(root, "src", "TalentFunctions.Standalone", "TalentFunctions.Standalone.csproj");
        var dll = Path.Combine(root, "src", "TalentFunctions.Standalone", "bin", "Release", "net10.0", "TalentFunctions.Standalone.dll");
        var newestSource = Directory.EnumerateFiles(Path.Combine(root, "src"), "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.GetLastWriteTimeUtc)
            .DefaultIfEmpty(DateTime.MinValue)
            .Max();
        if (File.Exists(dll) && File.GetLastWriteTimeUtc(dll) >= newestSource)
        {
            Metrics.Note($"using the built app {dll}");
            return dll;
        }

        Metrics.Note("building the app in Release (dotnet build -c Release src/TalentFunctions.Standalone)");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var build = new ProcessStartInfo(dotnet) { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var argument in new[] { "build", project, "-c", "Release", "-nologo", "-v", "q" })
        {
            build.ArgumentList.Add(argument);
        }
        using var process = Process.Start(build) ?? throw new InvalidOperationException("Could not start dotnet build.");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 || !File.Exists(dll))
        {
            throw new InvalidOperationException($"dotnet build failed ({process.ExitCode}):\n{output}");
        }
        return dll;
    }

    internal static string? FindRepositoryRoot()
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
        return null;
    }

    internal static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    private static int ParseSeconds(string[] args)
    {
        var at = Array.IndexOf(args, "--seconds");
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? seconds
            : 30;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
