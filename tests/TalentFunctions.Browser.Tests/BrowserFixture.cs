using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TalentFunctions.TestSupport;
using TalentFunctions.Web.Tests.Hosting;

namespace TalentFunctions.Browser.Tests;

/// <summary>
/// One Azurite, one app on a real loopback port (Kestrel, the local Durable engine, the dev mailbox) and one
/// Chromium for all browser tests. Every test opens its own browser context (<see cref="NewPageAsync"/>) and makes
/// its own applications, so tests do not see each other's cookies or data.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private readonly AzuriteFixture azurite = new();
    private IPlaywright? playwright;
    private BrowserApp? app;

    public IBrowser Browser { get; private set; } = null!;

    public BrowserApp App => app ?? throw new InvalidOperationException("The app has not started.");

    public async Task InitializeAsync()
    {
        await azurite.InitializeAsync();
        app = BrowserApp.Start(azurite.ConnectionString);
        playwright = await Playwright.CreateAsync();
        Browser = await ChromiumLocator.LaunchAsync(playwright);
    }

    /// <summary>
    /// A fresh browser context (no cookies, no storage) at a desktop size, or the given viewport, on the shared app or on
    /// <paramref name="app"/> (one from <see cref="StartOwnAppAsync"/>). Tests open one each: errors
    /// a failed test's page left in <see cref="PageErrors"/> are dropped here, so they do not fail the next test.
    /// </summary>
    public async Task<IPage> NewPageAsync(ViewportSize? viewport = null, string locale = "en-US", bool isMobile = false, BrowserApp? app = null)
    {
        PageErrors.Clear();
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (app ?? App).BaseUrl,
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 900 },
            Locale = locale,
            IsMobile = isMobile,
            HasTouch = isMobile,
            TimezoneId = "Asia/Shanghai",
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        // A script error or a refused resource (CSP) fails the test that caused it, with the browser's own words.
        page.PageError += (_, error) => PageErrors.Enqueue($"{page.Url}: {error}");
        page.Console += (_, message) =>
        {
            // A 4xx the page asked for and handles (a 422 with field errors) is the API working, not a page error.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource: the server responded with a status of 4", StringComparison.Ordinal))
            {
                PageErrors.Enqueue($"{page.Url}: console: {message.Text}");
            }
        };
        return page;
    }

    /// <summary>
    /// An app of its own with some settings changed (e.g. a short upload SAS lifetime), for a test the shared app's settings
    /// do not suit. It runs on an Azurite of its own: an app sets the Blob service's CORS rule to its own origin, which
    /// would lock the shared app's pages out of a shared Azurite. Dispose it at the end of the test.
    /// </summary>
    public static async Task<OwnApp> StartOwnAppAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var storage = new AzuriteFixture();
        await storage.InitializeAsync();
        try
        {
            return new OwnApp(storage, BrowserApp.Start(storage.ConnectionString, settings));
        }
        catch
        {
            await storage.DisposeAsync();
            throw;
        }
    }

    /// <summary>Script errors and console errors of every page opened so far (see <see cref="NewPageAsync"/>).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> PageErrors { get; } = [];

    /// <summary>Fails when a page had a script error or a console error since the last call (tests run one at a time).</summary>
    public void AssertNoPageErrors()
    {
        var errors = new List<string>();
        while (PageErrors.TryDequeue(out var error))
        {
            errors.Add(error);
        }
        Assert.True(errors.Count == 0, "the pages reported errors:\n" + string.Join("\n", errors));
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        playwright?.Dispose();
        if (app is not null)
        {
            await app.DisposeAsync();
        }
        await azurite.DisposeAsync();
    }
}

/// <summary>An app and the Azurite it runs on, from <see cref="BrowserFixture.StartOwnAppAsync"/>; disposing stops both.</summary>
public sealed class OwnApp(AzuriteFixture storage, BrowserApp app) : IAsyncDisposable
{
    public BrowserApp App { get; } = app;

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await storage.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}

/// <summary>The real app (the standalone host's Program) with test settings, served by Kestrel on a free loopback port.</summary>
public sealed class BrowserApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings;

    private BrowserApp(Dictionary<string, string?> settings, string baseUrl)
    {
        this.settings = settings;
        BaseUrl = baseUrl;
    }

    /// <summary>Where the browser reaches the app, e.g. <c>http://127.0.0.1:41234</c>; also the emailed links' base.</summary>
    public string BaseUrl { get; }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>The staff member configured for the console (role decider).</summary>
    public const string StaffEmail = "amy.chen@programs.example";

    /// <summary>A second decider, for the keyboard test: its sign-in emails are its own, whatever order the tests run in.</summary>
    public const string KeyboardStaffEmail = "bo.wang@programs.example";

    /// <summary>Starts the app on <paramref name="storageConnectionString"/>, with the test settings and then <paramref name="overrides"/>.</summary>
    public static BrowserApp Start(string storageConnectionString, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var settings = TestSettings.Valid(storageConnectionString);
        settings["urls"] = baseUrl;
        settings["Links:PublicBaseUrl"] = baseUrl;
        settings["Orchestration:TablePrefix"] = AzuriteFixture.UniqueTableName("b")[..14];
        settings["DurableTask:TaskHubName"] = "b" + Guid.NewGuid().ToString("N")[..20];
        settings["DurableTask:MaxQueuePollingInterval"] = "00:00:00.250";
        settings["RateLimiting:PermitsPerMinute"] = "100000";
        settings["Staff:Members:0:Email"] = StaffEmail;
        settings["Staff:Members:0:Role"] = "decider";
        settings["Staff:Members:0:Name"] = "Amy Chen";
        settings["Staff:Members:1:Email"] = KeyboardStaffEmail;
        settings["Staff:Members:1:Role"] = "decider";
        settings["Staff:Members:1:Name"] = "Bo Wang";
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        var app = new BrowserApp(settings, baseUrl);
        app.UseKestrel(port);
        app.StartServer();
        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        builder.UseEnvironment("Development");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
