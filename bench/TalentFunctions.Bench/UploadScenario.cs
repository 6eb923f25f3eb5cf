using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Azure.Storage.Blobs;
using Microsoft.Playwright;
using TalentFunctions.Browser.Tests;
using TalentFunctions.Storage.Emulator;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Bench;

/// <summary>
/// <c>upload</c>: a large reel (<c>--size-mb N</c>, 2048 by default) uploaded through the applicant portal's own page in
/// Chromium (found as the browser tests find it), straight to an in-memory Azurite in blocks, with the app (the built
/// Release standalone host) as its own process. The file is a sparse file in a temporary folder (an MP4 header, then
/// zeros), deleted at the end. While the page uploads, the scenario samples every 250 ms the page's JavaScript heap
/// (CDP <c>Performance.getMetrics</c>), the working sets of Chromium's processes (the browser process and the
/// renderers, found under this process in <c>/proc</c>) and the app's working set: flat figures mean the page reads the
/// file block by block and the app stays out of the data path. Checks the committed blob's length. Exits 1 when the
/// upload did not complete or the blob is not the file's length.
/// </summary>
public static class UploadScenario
{
    private const string StaffKey = "bench-upload-staff-api-key-0123456789";
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(250);

    public static async Task<int> RunAsync(string[] args)
    {
        var sizeMb = IntOption(args, "--size-mb", 2048);
        var bytes = sizeMb * 1024L * 1024L;
        var root = AppProcess.FindRepositoryRoot();
        var dll = await HttpScenario.EnsureAppBuiltAsync(root);
        var folder = Directory.CreateTempSubdirectory("tf-upload-bench-").FullName;
        try
        {
            var reel = SparseReel(folder, bytes);
            Metrics.Note($"a sparse {sizeMb} MB reel at {reel}; starting in-memory Azurite");
            await using var azurite = await AzuriteProcess.StartAsync(new AzuriteOptions());
            var baseUrl = new Uri($"http://127.0.0.1:{AppProcess.FreeLoopbackPort()}/");
            var settings = new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Storage__ConnectionString"] = azurite.ConnectionString,
                ["Staff__ApiKey"] = StaffKey,
                ["Links__SigningKey"] = Convert.ToBase64String(Enumerable.Range(11, 32).Select(i => (byte)i).ToArray()),
                ["Links__PublicBaseUrl"] = baseUrl.GetLeftPart(UriPartial.Authority), // the origin Azurite's CORS rule lets upload
                ["Email__SendGridApiKey"] = "", // emails go to the dev mailbox container
                ["Logging__LogLevel__Default"] = "Warning",
            };
            using var app = new AppProcess(dll, baseUrl, settings, root);
            await app.StartAsync(TimeSpan.FromSeconds(90));
            using var appProcess = Process.GetProcessById(app.ProcessId ?? throw new InvalidOperationException("The app is not running."));
            appProcess.Refresh();
            Metrics.Note($"the app (pid {appProcess.Id}) answers at {baseUrl}, working set {Mb(appProcess.WorkingSet64):0} MB");

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await ChromiumLocator.LaunchAsync(playwright);
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl.GetLeftPart(UriPartial.Authority), Locale = "en-US" });
            var page = await context.NewPageAsync();
            var cdp = await context.NewCDPSessionAsync(page);
            await cdp.SendAsync("Performance.enable");

            // A draft, through the form as an applicant makes one: an email and the privacy notice.
            await page.GotoAsync("/apply/hina-directors");
            await page.FillAsync("[name='applicant.email']", $"bench-upload-{Guid.NewGuid():N}@example.com");
            await page.CheckAsync("[name='consent.privacyNotice']");
            await page.WaitForFunctionAsync("() => !!document.getElementById('application-form').dataset.applicationId", null, new() { Timeout = 60_000 });
            var applicationId = await page.Locator("#application-form").GetAttributeAsync("data-application-id");
            var verifiedText = await page.EvaluateAsync<string>("() => JSON.parse(document.getElementById('portal-text').textContent).uploadVerified");
            var rejectedText = await page.EvaluateAsync<string>("() => JSON.parse(document.getElementById('portal-text').textContent).uploadRejected");

            var before = await SampleAsync(cdp, appProcess);
            Metrics.Note($"draft {applicationId}; before the upload: page heap {Mb(before.PageHeap):0.0} MB, renderers {Mb(before.Renderers):0} MB, " +
                         $"browser process {Mb(before.BrowserProcess):0} MB, app {Mb(before.App):0} MB");
            var peak = before;
            using var appPeak = PeakWorkingSet.SampleFromNow(appProcess);

            var timeout = TimeSpan.FromSeconds(120 + sizeMb); // a generous 1 MB/s floor
            var watch = Stopwatch.StartNew();
            await page.SetInputFilesAsync("#reel", reel); // the page's change handler starts the upload
            var status = "";
            var lastNote = TimeSpan.Zero;
            while (true)
            {
                var now = await SampleAsync(cdp, appProcess);
                peak = Sample.Max(peak, now);
                status = await page.Locator("#reel-status").InnerTextAsync();
                if (status.Contains(verifiedText, StringComparison.Ordinal) || status.StartsWith(rejectedText, StringComparison.Ordinal))
                {
                    break;
                }
                if (watch.Elapsed - lastNote >= TimeSpan.FromSeconds(15))
                {
                    lastNote = watch.Elapsed;
                    var progress = await page.EvaluateAsync<double[]>("() => { const b = document.getElementById('reel-progress'); return [b.value, b.max]; }");
                    Metrics.Note(string.Create(CultureInfo.InvariantCulture,
                        $"{watch.Elapsed.TotalSeconds:0} s: block {progress[0]:0} of {progress[1]:0}; page heap {Mb(now.PageHeap):0.0} MB, renderers {Mb(now.Renderers):0} MB, app {Mb(now.App):0} MB"));
                }
                if (watch.Elapsed > timeout)
                {
                    Metrics.Note($"the upload did not finish within {timeout.TotalSeconds:0} s; the page says: {status}");
                    return 1;
                }
                await Task.Delay(SampleEvery);
            }
            var seconds = watch.Elapsed.TotalSeconds;
            var appPeakBytes = await appPeak.StopAsync();

            var blobs = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("materials");
            long? committed = null;
            await foreach (var blob in blobs.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, applicationId + "/", CancellationToken.None))
            {
                committed = blob.Properties.ContentLength;
            }

            Metrics.Report("upload.bytes", bytes, "bytes");
            Metrics.Report("upload.seconds", seconds, "s");
            Metrics.Report("upload.mb_per_s", sizeMb / seconds, "MB/s");
            Metrics.Report("upload.page_js_heap_before_mb", Mb(before.PageHeap), "MB");
            Metrics.Report("upload.page_js_heap_peak_mb", Mb(peak.PageHeap), "MB");
            Metrics.Report("upload.renderer_working_set_before_mb", Mb(before.Renderers), "MB");
            Metrics.Report("upload.renderer_peak_working_set_mb", Mb(peak.Renderers), "MB");
            Metrics.Report("upload.browser_process_working_set_before_mb", Mb(before.BrowserProcess), "MB");
            Metrics.Report("upload.browser_process_peak_working_set_mb", Mb(peak.BrowserProcess), "MB");
            Metrics.Report("upload.chromium_peak_working_set_mb", Mb(peak.AllChromium), "MB");
            Metrics.Report("upload.app_working_set_before_mb", Mb(before.App), "MB");
            Metrics.Report("upload.app_peak_working_set_mb", Mb(Math.Max(appPeakBytes, peak.App)), "MB");
            Metrics.Report("upload.blob_bytes", committed ?? 0, "bytes");
            Metrics.Note($"the page says: {status}");
            var ok = status.Contains(verifiedText, StringComparison.Ordinal) && committed == bytes;
            if (!ok)
            {
                Metrics.Note($"FAILED: the committed blob has {committed?.ToString(CultureInfo.InvariantCulture) ?? "no"} bytes; the file has {bytes}");
            }
            await context.CloseAsync();
            return ok ? 0 : 1;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A reel the size asked for without writing it: an MP4 <c>ftyp</c> box, then a hole the OS reads as zeros.</summary>
    private static string SparseReel(string folder, long bytes)
    {
        var path = Path.Combine(folder, "reel.mp4");
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        file.Write([0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m']);
        file.SetLength(bytes);
        return path;
    }

    /// <summary>One look at the memory of the page, Chromium's processes and the app.</summary>
    private readonly record struct Sample(long PageHeap, long Renderers, long BrowserProcess, long AllChromium, long App)
    {
        public static Sample Max(Sample a, Sample b) => new(
            Math.Max(a.PageHeap, b.PageHeap), Math.Max(a.Renderers, b.Renderers), Math.Max(a.BrowserProcess, b.BrowserProcess),
            Math.Max(a.AllChromium, b.AllChromium), Math.Max(a.App, b.App));
    }

    private static async Task<Sample> SampleAsync(ICDPSession cdp, Process app)
    {
        long heap = 0;
        if (await cdp.SendAsync("Performance.getMetrics") is { } metrics)
        {
            foreach (var metric in metrics.GetProperty("metrics").EnumerateArray())
            {
                if (metric.GetProperty("name").GetString() == "JSHeapUsedSize")
                {
                    heap = (long)metric.GetProperty("value").GetDouble();
                }
            }
        }
        var (renderers, browserProcess, all) = ChromiumWorkingSets();
        app.Refresh();
        return new Sample(heap, renderers, browserProcess, all, app.WorkingSet64);
    }

    /// <summary>
    /// The working sets of the Chromium processes started under this one (Playwright's driver starts the browser): the
    /// renderers (<c>--type=renderer</c>) together, the browser process (no <c>--type</c>), and all of them.
    /// Linux only (<c>/proc</c>); zeros elsewhere.
    /// </summary>
    private static (long Renderers, long BrowserProcess, long All) ChromiumWorkingSets()
    {
        if (!OperatingSystem.IsLinux())
        {
            return (0, 0, 0);
        }
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && ParentOf(pid) is { } parent)
            {
                parents[pid] = parent;
            }
        }
        long renderers = 0, browserProcess = 0, all = 0;
        foreach (var pid in parents.Keys.Where(p => DescendsFrom(p, Environment.ProcessId, parents)))
        {
            string commandLine;
            try
            {
                commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue; // ended meanwhile
            }
            if (!commandLine.Contains("chrom", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            long workingSet;
            try
            {
                using var process = Process.GetProcessById(pid);
                workingSet = process.WorkingSet64;
            }
            catch (ArgumentException)
            {
                continue;
            }
            all += workingSet;
            if (commandLine.Contains("--type=renderer", StringComparison.Ordinal))
            {
                renderers += workingSet;
            }
            else if (!commandLine.Contains("--type=", StringComparison.Ordinal))
            {
                browserProcess += workingSet;
            }
        }
        return (renderers, browserProcess, all);
    }

    private static int? ParentOf(int pid)
    {
        try
        {
            // "pid (comm) state ppid …": the command may hold spaces and brackets, so read after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    private static bool DescendsFrom(int pid, int ancestor, Dictionary<int, int> parents)
    {
        for (var current = pid; parents.TryGetValue(current, out var parent) && current != parent; current = parent)
        {
            if (parent == ancestor)
            {
                return true;
            }
        }
        return false;
    }

    private static double Mb(long bytes) => bytes / (1024.0 * 1024.0);

    private static int IntOption(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : fallback;
    }
}
