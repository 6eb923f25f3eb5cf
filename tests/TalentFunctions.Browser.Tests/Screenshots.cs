using Microsoft.Playwright;

namespace TalentFunctions.Browser.Tests;

/// <summary>
/// Screenshots the tests take on the way: into <c>artifacts/screenshots</c>, or into <c>docs/screenshots</c> (the ones
/// the README shows) when <c>TALENTFUNCTIONS_UPDATE_SCREENSHOTS=1</c>.
/// </summary>
public static class Screenshots
{
    public static async Task TakeAsync(IPage page, string name)
    {
        var root = RepositoryRoot();
        var folder = Environment.GetEnvironmentVariable("TALENTFUNCTIONS_UPDATE_SCREENSHOTS") == "1"
            ? Path.Combine(root, "docs", "screenshots")
            : Path.Combine(root, "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = false });
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "TalentFunctions.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("The repository root (TalentFunctions.sln) was not found.");
    }
}
