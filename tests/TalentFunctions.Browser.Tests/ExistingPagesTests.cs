using Microsoft.Playwright;
using TalentFunctions.TestSupport;
using TalentFunctions.Web.Pages;

namespace TalentFunctions.Browser.Tests;

/// <summary>The pages applicants and mentors open from their emails: the status page and the review page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ExistingPagesTests(BrowserFixture browser)
{
    private Seeding Seed => new(browser.App);

    [Fact]
    public async Task The_status_page_shows_the_stage_in_the_applicants_language_and_is_accessible()
    {
        var (id, _) = await Seed.DraftAsync(Seeding.UniqueEmail("status"));
        var page = await browser.NewPageAsync(locale: "zh-CN");

        await page.GotoAsync(Seed.StatusUrl(id));

        Assert.Equal("zh-Hans", await page.GetAttributeAsync("html", "lang"));
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("雨季 The Rainy Season");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        browser.AssertNoPageErrors();
    }

    [Fact]
    public async Task A_mentor_submits_a_review_on_the_review_page_with_the_keyboard()
    {
        var (id, _) = await Seed.InReviewAsync(Seeding.UniqueEmail("review"));
        var page = await browser.NewPageAsync();
        await page.GotoAsync(await Seed.ReviewUrlAsync(id));
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        // Every score, the recommendation and the comment, chosen with the keyboard alone.
        var radios = page.Locator("input[type=radio][name^='scores.']");
        var names = (await radios.EvaluateAllAsync<string[]>("rs => [...new Set(rs.map(r => r.name))]"));
        Assert.NotEmpty(names);
        foreach (var name in names)
        {
            await page.Locator($"input[name='{name}'][value='4']").FocusAsync();
            await page.Keyboard.PressAsync("Space");
        }
        await page.Locator("input[name='recommendation'][value='advance']").FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await page.Locator("textarea[name='comment']").FocusAsync();
        await page.Keyboard.TypeAsync("A clear voice — 很有潜力。");
        await page.Locator("form button[type=submit]").First.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        // The answer to the post is the thank-you page (in the mentor's language, Chinese here) at the same address:
        // wait for what it shows, not for a load state the form page already has (axe would run while the browser
        // swaps documents and fail with "execution context was destroyed").
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(PageText.Zh.ThankYouTitle);

        await Eventually.AssertAsync(async () => (await Seed.StateAsync(id)).CompletedAssignments().Count() == 1, TimeSpan.FromSeconds(30), "the review to be recorded");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        browser.AssertNoPageErrors();
    }
}
