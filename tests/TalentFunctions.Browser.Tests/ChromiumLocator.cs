using Microsoft.Playwright;

namespace TalentFunctions.Browser.Tests;

/// <summary>
/// Finds a Chromium for Playwright without downloading one: <c>PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH</c>, then Debian's
/// <c>/usr/bin/chromium</c>, then a browser Playwright installed itself (where its download is reachable). When there is
/// none, the tests fail with the one command that installs it.
/// </summary>
public static class ChromiumLocator
{
    public const string EnvironmentVariable = "PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH";
    public const string DebianChromium = "/usr/bin/chromium";
    public const string InstallCommand = "sudo apt-get update && sudo apt-get install -y chromium fonts-noto-cjk";

    private static readonly string[] Arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        var executable = Find(Environment.GetEnvironmentVariable(EnvironmentVariable), File.Exists);
        try
        {
            return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable, // null: the browser Playwright installed, if any
                Headless = true,
                Args = Arguments,
            });
        }
        catch (PlaywrightException ex) when (executable is null)
        {
            throw new InvalidOperationException(NotFoundMessage, ex);
        }
    }

    public static string NotFoundMessage => $"No Chromium for the browser tests. Install it with: {InstallCommand} (or set {EnvironmentVariable}).";

    /// <summary>The executable to launch: the configured one (which must exist), else Debian's, else null (Playwright's own).</summary>
    public static string? Find(string? configured, Func<string, bool> exists)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            return exists(configured) ? configured : throw new InvalidOperationException($"{EnvironmentVariable} names {configured}, which does not exist. {NotFoundMessage}");
        }
        return exists(DebianChromium) ? DebianChromium : null;
    }
}
