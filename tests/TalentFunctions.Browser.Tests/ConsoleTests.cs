using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TalentFunctions.Domain.Applications;
using TalentFunctions.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace TalentFunctions.Browser.Tests;

/// <summary>The staff console and the mentor's list in a real browser.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsoleTests(BrowserFixture browser)
{
    private Seeding Seed => new(browser.App);

    [Fact]
    public async Task A_staff_member_signs_in_through_the_emailed_link_filters_opens_the_detail_loads_the_reel_and_makes_an_offer()
    {
        var (id, _) = await Seed.ReviewedAsync(Seeding.UniqueEmail("console"));
        var page = await browser.NewPageAsync();

        // Signing in: the console sends strangers to the sign-in page; the emailed link opens a page whose button signs in.
        await page.GotoAsync("/console");
        await Expect(page).ToHaveURLAsync(new Regex("/console/sign-in"));
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.FillAsync("#email", BrowserApp.StaffEmail);
        await page.ClickAsync("#send-link");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        var mail = await Seed.MailAsync(BrowserApp.StaffEmail, "StaffSignIn");
        var link = mail.Links.First(l => l.Contains("/console/sign-in/", StringComparison.Ordinal));
        await page.GotoAsync(link);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ClickAsync("#sign-in-confirm");
        await Expect(page).ToHaveURLAsync(new Regex("/console$|/console\\?"));
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "tf-staff");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);

        // The dashboard, then the list filtered to this application's track and school.
        await Expect(page.Locator("svg.funnel")).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await Screenshots.TakeAsync(page, "console-dashboard");
        await page.ClickAsync("#nav-applications");
        await page.SelectOptionAsync("#programId", Seeding.ProgramId);
        await page.SelectOptionAsync("#stage", "Reviewed");
        await page.SelectOptionAsync("#track", "original-ip");
        await page.FillAsync("#school", "USC");
        await page.ClickAsync("#apply-filters");
        await Expect(page.Locator($"#row-{id}")).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        // The detail page's <video> fetches the reel from storage through its read-only link, within the page's CSP.
        var media = page.WaitForResponseAsync(r => r.Url.Contains("/materials/", StringComparison.Ordinal) && r.Url.Contains(".mp4?", StringComparison.Ordinal));
        await page.ClickAsync($"#open-{id}");

        // The detail: the reel through its read-only link, the mentors' scores, the seats left; then the offer.
        await Expect(page.Locator("#scores")).ToContainTextAsync("4");
        var reel = await media;
        Assert.Equal("media", reel.Request.ResourceType);
        Assert.True(reel.Status is 200 or 206, $"the reel answered {reel.Status}");
        await Expect(page.Locator("#seats")).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.CheckAsync("#decision-offer");
        await page.FillAsync("#decision-note", "欢迎加入！Welcome aboard.");
        await page.ClickAsync("#decision-submit");
        await Expect(page.Locator("#flash")).ToBeVisibleAsync();
        await Eventually.AssertAsync(async () => (await Seed.StateAsync(id)).Stage == Stage.Offered, TimeSpan.FromSeconds(60), "the offer to be made");
        await Expect(page.Locator("main")).ToContainTextAsync(BrowserApp.StaffEmail); // the timeline names who decided
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        await page.ClickAsync("#sign-out");
        await page.GotoAsync("/console");
        await Expect(page).ToHaveURLAsync(new Regex("/console/sign-in"));
        browser.AssertNoPageErrors();
    }

    [Fact]
    public async Task A_mentor_opens_my_reviews_from_the_review_page()
    {
        var (id, _) = await Seed.InReviewAsync(Seeding.UniqueEmail("mine"));
        var page = await browser.NewPageAsync(locale: "zh-CN");
        await page.GotoAsync(await Seed.ReviewUrlAsync(id));
        await page.ClickAsync("#my-reviews");
        await Expect(page.Locator("#my-reviews-table")).ToContainTextAsync("雨季");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        browser.AssertNoPageErrors();
    }
}
