using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace TalentFunctions.Browser.Tests;

/// <summary>
/// axe-core on the page as it is now: no serious or critical violation (WCAG 2.1 A and AA rules, best practices), in the
/// light colour scheme, and the colour contrast in the dark one too (the stylesheet has both; only colours differ).
/// </summary>
public static class Accessibility
{
    // Only violations come back (no passes and their nodes to serialize): the checks run on every page of every test.
    private static readonly AxeRunOptions All = new() { ResultTypes = [ResultType.Violations] };

    private static readonly AxeRunOptions ContrastOnly = new()
    {
        RunOnly = new RunOnlyOptions { Type = "rule", Values = ["color-contrast"] },
        ResultTypes = [ResultType.Violations],
    };

    public static async Task AssertNoSeriousViolationsAsync(IPage page)
    {
        var light = await SeriousViolationsAsync(page, All);
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        try
        {
            var dark = await SeriousViolationsAsync(page, ContrastOnly);
            Assert.True(light.Count + dark.Count == 0, $"axe on {page.Url}:\n"
                + string.Join("\n", light.Select(v => "light: " + Describe(v)).Concat(dark.Select(v => "dark: " + Describe(v)))));
        }
        finally
        {
            await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        }
    }

    private static async Task<List<AxeResultItem>> SeriousViolationsAsync(IPage page, AxeRunOptions options) =>
        (await page.RunAxe(options)).Violations.Where(v => v.Impact is "serious" or "critical").ToList();

    private static string Describe(AxeResultItem violation) =>
        $"{violation.Impact} {violation.Id}: {violation.Help} at " + string.Join(", ", violation.Nodes.Take(5).Select(n => string.Join(" ", n.Target)));
}
