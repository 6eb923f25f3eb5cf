using Microsoft.Playwright;

namespace TalentFunctions.Browser.Tests;

/// <summary>
/// Moving through a page with Tab and Shift+Tab alone. Every stop on the way must be visible, show a focus indicator
/// (<c>:focus-visible</c> with an outline) and come after the previous stop in the document (before it, going back):
/// no positive tabindex, no trap, no stop the eye cannot follow.
/// </summary>
public static class KeyboardOnly
{
    private sealed record Stop(string Name, bool Matches, string Order, bool FocusVisible, bool Outline, bool Visible);

    private const string Inspect = """
        ({ selector }) => {
          const el = document.activeElement;
          const previous = window.__tfPreviousFocus;
          window.__tfPreviousFocus = el;
          const order = !previous || previous === el || !previous.isConnected ? 'same'
            : (previous.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING ? 'after' : 'before');
          const style = getComputedStyle(el);
          const box = el.getBoundingClientRect();
          return {
            name: el === document.body ? 'body' : el.id ? '#' + el.id : el.tagName.toLowerCase() + (el.name ? `[name='${el.name}']` : ''),
            matches: el !== document.body && el.matches(selector),
            order,
            focusVisible: el.matches(':focus-visible'),
            outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
            visible: box.width > 0 && box.height > 0,
          };
        }
        """;

    /// <summary>
    /// Presses Tab (Shift+Tab when <paramref name="backwards"/>) until the element matching <paramref name="selector"/> has the
    /// focus, at most <paramref name="maxStops"/> times; returns the stops on the way (the last one is the target).
    /// </summary>
    public static async Task<IReadOnlyList<string>> TabToAsync(IPage page, string selector, bool backwards = false, int maxStops = 60)
    {
        var stops = new List<string>();
        for (var i = 0; i < maxStops; i++)
        {
            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
            var json = (await page.EvaluateAsync<System.Text.Json.JsonElement?>(Inspect, new { selector }))!.Value;
            var stop = new Stop(json.GetProperty("name").GetString()!, json.GetProperty("matches").GetBoolean(), json.GetProperty("order").GetString()!,
                json.GetProperty("focusVisible").GetBoolean(), json.GetProperty("outline").GetBoolean(), json.GetProperty("visible").GetBoolean());
            stops.Add(stop.Name);
            Assert.True(stop.Name != "body", $"focus left the page after {string.Join(" → ", stops)}");
            Assert.True(stop.Visible, $"{stop.Name} has the focus but is not visible ({string.Join(" → ", stops)})");
            Assert.True(stop.FocusVisible && stop.Outline, $"{stop.Name} has the focus but shows no focus indicator");
            Assert.True(stop.Order != (backwards ? "after" : "before"),
                $"the focus went {(backwards ? "forward" : "back")} in the document to {stop.Name} ({string.Join(" → ", stops)})");
            if (stop.Matches)
            {
                return stops;
            }
        }
        Assert.Fail($"{selector} was not reached in {maxStops} presses of {(backwards ? "Shift+Tab" : "Tab")}: {string.Join(" → ", stops)}");
        return stops;
    }

    /// <summary>The very next Tab (Shift+Tab) stop is <paramref name="selector"/>: the order of the page, one step.</summary>
    public static Task NextAsync(IPage page, string selector, bool backwards = false) => TabToAsync(page, selector, backwards, maxStops: 1);

    /// <summary>The element with the focus now matches <paramref name="selector"/>.</summary>
    public static async Task AssertFocusedAsync(IPage page, string selector) =>
        Assert.True(await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector),
            $"expected the focus on {selector}, found it on {await page.EvaluateAsync<string>("() => document.activeElement?.outerHTML.slice(0, 120) ?? 'nothing'")}");
}
