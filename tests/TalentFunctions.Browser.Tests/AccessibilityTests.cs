using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TalentFunctions.Domain.Applications;
using TalentFunctions.TestSupport;
using TalentFunctions.Web.Pages;
using static Microsoft.Playwright.Assertions;

namespace TalentFunctions.Browser.Tests;

/// <summary>
/// axe on the pages the other browser tests do not open (the privacy notice, the resume form, the offer page, the pages of
/// a broken link, the decided status page, the console's other pages, the mentor lists, the dev mailbox), in both
/// languages where a page has both; and the portal form, the console's decision and the offer's answer with the keyboard alone.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture browser)
{
    private Seeding Seed => new(browser.App);

    [Fact]
    public async Task The_privacy_notice_the_resume_form_the_broken_link_pages_and_the_dev_mailbox_are_accessible()
    {
        var email = Seeding.UniqueEmail("a11y");
        var (id, _) = await Seed.DraftAsync(email);
        var page = await browser.NewPageAsync(locale: "zh-CN");

        await CheckAsync(page, "/privacy?lang=zh", "zh-Hans");
        await CheckAsync(page, "/privacy?lang=en", "en");
        await CheckAsync(page, Seed.EditUrl(id) + "&lang=zh", "zh-Hans");
        await Expect(page.Locator("[name='project.title']")).ToHaveValueAsync("雨季 The Rainy Season");
        await CheckAsync(page, Seed.EditUrl(id) + "&lang=en", "en");

        // Broken links answer with one page in both languages (html lang="en", the Chinese in a lang="zh-Hans" section).
        await CheckAsync(page, "/apply/no-such-program", "en", 404);
        await CheckAsync(page, "/review/not-a-token", "en", 400);
        await CheckAsync(page, "/offer/" + Seed.StatusUrl(id).Split("token=")[1], "en", 403); // a genuine link of another purpose
        await CheckAsync(page, Seed.StatusUrl(id, DateTimeOffset.UtcNow.AddDays(-1)), "en", 410);
        await CheckAsync(page, "/console/sign-in/not-a-token?lang=zh", "zh-Hans", 410);
        await CheckAsync(page, "/console/sign-in/not-a-token?lang=en", "en", 410);
        await CheckAsync(page, "/console/sign-in?lang=zh", "zh-Hans");

        // The dev mailbox (a page on local runs), with the draft's email and its HTML body.
        await Seed.MailAsync(email, nameof(EmailKind.DraftStarted));
        await CheckAsync(page, "/dev/mailbox?to=" + Uri.EscapeDataString(email), "en");
        await Expect(page.Locator("main section h2").First).ToBeVisibleAsync();
        browser.AssertNoPageErrors();
    }

    [Fact]
    public async Task An_applicant_fills_the_form_uploads_and_submits_with_the_keyboard_alone()
    {
        var page = await browser.NewPageAsync(locale: "en-US");
        await page.GotoAsync("/apply/hina-directors");
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));

        // The language switch comes first, then every field in the order it is shown.
        Assert.Equal(new[] { "#language-switch", "#applicant-email" }, await KeyboardOnly.TabToAsync(page, "#applicant-email"));
        await page.Keyboard.TypeAsync(Seeding.UniqueEmail("keyboard"));
        await KeyboardOnly.NextAsync(page, "#applicant-name");
        await page.Keyboard.TypeAsync("Lin Xiaoyu");
        await KeyboardOnly.NextAsync(page, "#applicant-preferredLanguage");
        await page.Keyboard.TypeAsync("English");
        await Expect(page.Locator("#applicant-preferredLanguage")).ToHaveValueAsync("en");
        await KeyboardOnly.NextAsync(page, "#applicant-timeZone");
        await KeyboardOnly.NextAsync(page, "#applicant-school");
        await page.Keyboard.TypeAsync("Beijing Film Academy");
        await KeyboardOnly.NextAsync(page, "#applicant-graduationYear");
        await page.Keyboard.TypeAsync("2024");
        await KeyboardOnly.NextAsync(page, "#applicant-roles");
        await page.Keyboard.TypeAsync("director");
        await KeyboardOnly.NextAsync(page, "#applicant-awards");
        await KeyboardOnly.NextAsync(page, "#applicant-affiliations");
        await KeyboardOnly.NextAsync(page, "#track");
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(page.Locator("#track")).Not.ToHaveValueAsync("");
        await KeyboardOnly.NextAsync(page, "#project-title");
        await page.Keyboard.TypeAsync("The Rainy Season");
        await KeyboardOnly.NextAsync(page, "#project-logline");
        await page.Keyboard.TypeAsync("A girl returns home for the rainy season.");
        await KeyboardOnly.NextAsync(page, "#project-synopsis");
        await page.Keyboard.TypeAsync("A small southern town, endless rain, and an old camera.");
        await KeyboardOnly.NextAsync(page, "#project-language");
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(page.Locator("#project-language")).Not.ToHaveValueAsync("");
        await KeyboardOnly.NextAsync(page, "#project-format");
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(page.Locator("#project-format")).Not.ToHaveValueAsync("");
        await KeyboardOnly.NextAsync(page, "#reel");
        await KeyboardOnly.NextAsync(page, "#script");
        await KeyboardOnly.NextAsync(page, "#cv");

        // The consent, with Space: the draft is created.
        await KeyboardOnly.NextAsync(page, "#consent-privacyNotice");
        await page.Keyboard.PressAsync("Space");
        await Expect(page.Locator("#consent-privacyNotice")).ToBeCheckedAsync();
        await Expect(page.Locator("#save-status")).ToHaveTextAsync(PageText.En.Saved, new() { Timeout = 60_000 });
        var id = await page.Locator("#application-form").GetAttributeAsync("data-application-id");
        Assert.False(string.IsNullOrEmpty(id));

        // Back to the reel with Shift+Tab; Space opens the file chooser.
        await KeyboardOnly.NextAsync(page, "#cv", backwards: true);
        await KeyboardOnly.NextAsync(page, "#script", backwards: true);
        await KeyboardOnly.NextAsync(page, "#reel", backwards: true);
        var chooser = await page.RunAndWaitForFileChooserAsync(() => page.Keyboard.PressAsync("Space"));
        await chooser.SetFilesAsync(new FilePayload { Name = "reel.mp4", MimeType = "video/mp4", Buffer = Seeding.Mp4 });
        await Expect(page.Locator("#reel-status")).ToContainTextAsync(PageText.En.UploadVerified, new() { Timeout = 60_000 });
        await KeyboardOnly.AssertFocusedAsync(page, "#reel");

        // Submit with Enter: the confirmation takes the focus.
        await KeyboardOnly.TabToAsync(page, "#submit-application", maxStops: 10);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#after-submit")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await KeyboardOnly.AssertFocusedAsync(page, "#after-submit-heading");
        await Eventually.AssertAsync(async () => (await Seed.StateAsync(id!)).SubmittedAt is not null, TimeSpan.FromSeconds(60), "the application to be submitted");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        browser.AssertNoPageErrors();
    }

    [Fact]
    public async Task A_staff_member_offers_a_place_and_the_applicant_accepts_it_with_the_keyboard_alone()
    {
        // Two applications prepared together: one the staff member decides on (a Chinese-speaking applicant), one an
        // English-speaking applicant is offered through the API while the first is decided.
        var chinese = Seed.ReviewedAsync(Seeding.UniqueEmail("decide"));
        var english = Seed.InReviewAsync(Seeding.UniqueEmail("offer-en"), language: "en");
        var (id, _) = await chinese;
        var (englishId, _) = await english;

        // The mentors' "my reviews" pages, while the English application awaits their reviews: an assigned mentor's (a
        // list), and one of a mentor who reads the other language.
        var page = await browser.NewPageAsync(locale: "zh-CN");
        var program = browser.App.Get<TalentFunctions.Domain.Programs.ProgramCatalog>().Get(Seeding.ProgramId)!;
        var assigned = program.FindMentor((await Seed.StateAsync(englishId)).Assignments.First(a => a.Status == AssignmentStatus.Open).MentorId)!;
        var other = program.Mentors.First(m => m.PreferredLanguage != assigned.PreferredLanguage);
        foreach (var mentor in new[] { assigned, other })
        {
            await CheckAsync(page, Seed.MentorReviewsUrl(mentor.Id), HtmlPage.LanguageTag(mentor.PreferredLanguage));
        }
        async Task OfferInEnglishAsync()
        {
            await Seed.ReviewAllAsync(englishId);
            await Seed.OfferAsync(englishId);
        }
        var offeredInEnglish = OfferInEnglishAsync();

        // Signing in with the keyboard: the address, Enter; the emailed link's button, Enter.
        await page.GotoAsync("/console/sign-in"); // checked with axe in the test above
        await KeyboardOnly.TabToAsync(page, "#email");
        await page.Keyboard.TypeAsync(BrowserApp.KeyboardStaffEmail);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#check-inbox")).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        var mail = await Seed.MailAsync(BrowserApp.KeyboardStaffEmail, "StaffSignIn");
        await CheckAsync(page, mail.Links.First(l => l.Contains("/console/sign-in/", StringComparison.Ordinal)), "zh-Hans");
        await KeyboardOnly.TabToAsync(page, "#sign-in-confirm");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("/console$"));
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        await CheckAsync(page, "/console/applications?programId=" + Seeding.ProgramId, "zh-Hans");

        // The decision on the detail page: offer (Space), a note, past the over-capacity box, Enter.
        await CheckAsync(page, $"/console/applications/{id}", "zh-Hans");
        await KeyboardOnly.TabToAsync(page, "#decision-offer", maxStops: 80);
        await page.Keyboard.PressAsync("Space");
        await Expect(page.Locator("#decision-offer")).ToBeCheckedAsync();
        await KeyboardOnly.NextAsync(page, "#decision-note");
        await page.Keyboard.TypeAsync("欢迎加入！Welcome aboard.");
        await KeyboardOnly.NextAsync(page, "#allowOverCapacity");
        await KeyboardOnly.NextAsync(page, "#decision-submit");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#flash")).ToBeVisibleAsync();
        await Eventually.AssertAsync(async () => (await Seed.StateAsync(id)).Stage == Stage.Offered, TimeSpan.FromSeconds(60), "the offer to be made");
        await CheckAsync(page, $"/console/applications/{id}?lang=en", "en");
        await KeyboardOnly.TabToAsync(page, "#sign-out");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#signed-out")).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        // The applicant: the status page of the decided application, in both languages; the form refuses to reopen it.
        await CheckAsync(page, Seed.StatusUrl(id) + "&lang=en", "en");
        await CheckAsync(page, Seed.EditUrl(id), "en", 409);
        await CheckAsync(page, Seed.StatusUrl(id), "zh-Hans");

        // From the status page to the offer and its acceptance, with the keyboard.
        await KeyboardOnly.TabToAsync(page, "a[href^='/offer/']");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("/offer/"));
        Assert.Equal("zh-Hans", await page.GetAttributeAsync("html", "lang"));
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await KeyboardOnly.TabToAsync(page, "form:has(input[value=accept]) button");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("h1")).ToHaveTextAsync(PageText.Zh.WelcomeTitle);
        await Eventually.AssertAsync(async () => (await Seed.StateAsync(id)).Stage == Stage.Accepted, TimeSpan.FromSeconds(60), "the offer to be accepted");
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        // The English applicant's offer, declined with the keyboard.
        await offeredInEnglish;
        await CheckAsync(page, await Seed.OfferUrlAsync(englishId), "en");
        await KeyboardOnly.TabToAsync(page, "form:has(input[value=decline]) button");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("h1")).ToHaveTextAsync(PageText.En.OfferDeclinedTitle);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        browser.AssertNoPageErrors();
    }

    /// <summary>Opens <paramref name="url"/>, checks its status and language, and runs axe on it.</summary>
    private static async Task CheckAsync(IPage page, string url, string language, int status = 200)
    {
        var response = await page.GotoAsync(url);
        Assert.True(response?.Status == status, $"{url} answered {response?.Status}, expected {status}");
        Assert.Equal(language, await page.GetAttributeAsync("html", "lang"));
        await Accessibility.AssertNoSeriousViolationsAsync(page);
    }
}
