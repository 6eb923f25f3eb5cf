using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace TalentFunctions.Browser.Tests;

/// <summary>axe-core on the page as it is now: no serious or critical violation (WCAG 2.1 A and AA rules, best practices).</summary>
public static class Accessibility
{
    public static async Task AssertNoSeriousViolationsAsync(IPage page)
    {
        var results = await page.RunAxe();
        var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"axe on {page.Url}:\n" + string.Join("\n", serious.Select(Describe)));
    }

    private static string Describe(AxeResultItem violation) =>
        $"{violation.Impact} {violation.Id}: {violation.Help} at " + string.Join(", ", violation.Nodes.Take(5).Select(n => string.Join(" ", n.Target)));
}
