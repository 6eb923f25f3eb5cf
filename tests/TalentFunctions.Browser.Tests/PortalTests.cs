using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TalentFunctions.Domain.Applications;
using TalentFunctions.TestSupport;
using TalentFunctions.Web.Pages;
using static Microsoft.Playwright.Assertions;

namespace TalentFunctions.Browser.Tests;

/// <summary>The applicant portal in a real browser: the programs page, the form with autosave, block uploads, submit.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PortalTests(BrowserFixture browser) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("tf-portal-").FullName;

    private Seeding Seed => new(browser.App);

    [Fact]
    public async Task An_applicant_fills_the_form_in_Chinese_uploads_a_reel_resumes_it_after_a_reload_submits_and_sees_the_status()
    {
        var email = Seeding.UniqueEmail("portal");
        var page = await browser.NewPageAsync(locale: "zh-CN");
        await page.GotoAsync("/");
        Assert.Equal("zh-Hans", await page.GetAttributeAsync("html", "lang"));
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.Locator("#apply-hina-directors").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/apply/hina-directors$"));

        // The form, in Chinese, saved as the applicant types.
        await page.FillAsync("[name='applicant.email']", email);
        await page.FillAsync("[name='applicant.name']", "林小雨");
        await page.SelectOptionAsync("[name='applicant.preferredLanguage']", "zh");
        await page.FillAsync("[name='applicant.school']", "北京电影学院");
        await page.FillAsync("[name='applicant.graduationYear']", "2024");
        await page.FillAsync("[name='applicant.roles']", "director");
        await page.SelectOptionAsync("[name='track']", "original-ip");
        await page.FillAsync("[name='project.title']", "雨季");
        await page.FillAsync("[name='project.logline']", "一个女孩在雨季回到故乡，面对多年未见的父亲。");
        await page.FillAsync("[name='project.synopsis']", "南方小城，连绵的雨。她带着一台旧摄像机回家，想拍下父亲的最后一个雨季。");
        await page.SelectOptionAsync("[name='project.language']", "zh");
        await page.SelectOptionAsync("[name='project.format']", new SelectOptionValue { Index = 1 });
        // Nothing is saved until the privacy notice is accepted; then the draft is created with it.
        await Expect(page.Locator("#save-status")).ToHaveTextAsync(PageText.Zh.ConsentNeeded, new() { Timeout = 60_000 });
        Assert.True(string.IsNullOrEmpty(await page.Locator("#application-form").GetAttributeAsync("data-application-id")));
        await page.CheckAsync("[name='consent.privacyNotice']");
        await Expect(page.Locator("#save-status")).ToHaveTextAsync(PageText.Zh.Saved, new() { Timeout = 60_000 });
        var id = await page.Locator("#application-form").GetAttributeAsync("data-application-id");
        Assert.False(string.IsNullOrEmpty(id));
        await Eventually.AssertAsync(async () => (await Seed.StateAsync(id!)).Project.Title == "雨季", TimeSpan.FromSeconds(60), "the autosave to reach the record");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await Screenshots.TakeAsync(page, "portal-form-zh");

        // A reel of several MB: the second block is held (a dropped connection) after the first went through.
        var reel = ReelFile(10 * 1024 * 1024 + 12345);
        var blocksSent = new List<string>();
        var held = new TaskCompletionSource();
        await page.RouteAsync(url => url.Contains("comp=block&", StringComparison.Ordinal) || url.EndsWith("comp=block", StringComparison.Ordinal), async route =>
        {
            var blockId = BlockIndex(route.Request.Url);
            if (blockId == 1)
            {
                held.TrySetResult(); // never answered: the reload cuts it off
                return;
            }
            blocksSent.Add($"before:{blockId}");
            await route.ContinueAsync();
        });
        await page.SetInputFilesAsync("#reel", reel);
        await held.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Expect(page.Locator("#reel-progress")).ToHaveAttributeAsync("value", "1");
        await page.Locator("#material-reel").ScrollIntoViewIfNeededAsync();
        await Screenshots.TakeAsync(page, "portal-upload-in-progress");

        await page.UnrouteAllAsync(new() { Behavior = UnrouteBehavior.IgnoreErrors });
        await page.ReloadAsync();
        await Expect(page.Locator("#reel-status")).ToHaveTextAsync(PageText.Zh.UploadResume);
        await Expect(page.Locator("[name='project.title']")).ToHaveValueAsync("雨季");
        await Expect(page.Locator("[name='consent.privacyNotice']")).ToBeCheckedAsync(); // recorded with the draft
        await page.RouteAsync("**/*comp=block*", async route =>
        {
            if (BlockIndex(route.Request.Url) is { } index)
            {
                blocksSent.Add($"after:{index}");
            }
            await route.ContinueAsync();
        });
        await page.SetInputFilesAsync("#reel", reel);
        await Expect(page.Locator("#reel-status")).ToContainTextAsync(PageText.Zh.UploadVerified, new() { Timeout = 60_000 });
        Assert.Equal(["before:0", "after:1", "after:2"], blocksSent);
        var material = Assert.Single((await Seed.StateAsync(id!)).Materials);
        Assert.Equal((MaterialStatus.Verified, new FileInfo(reel).Length), (material.Status, material.Length));

        // Submit, then the status page from the confirmation email.
        await page.Locator("#submit-application").ClickAsync();
        await Expect(page.Locator("#after-submit")).ToBeVisibleAsync();
        var confirmation = await Seed.MailAsync(email, nameof(EmailKind.SubmissionReceived));
        var statusLink = confirmation.Links.First(l => l.Contains("/applications/" + id, StringComparison.Ordinal));
        await page.GotoAsync(statusLink);
        await Expect(page.Locator("main")).ToContainTextAsync("雨季");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        browser.AssertNoPageErrors();
    }

    [Fact]
    public async Task Submitting_too_early_lists_what_is_missing_next_to_each_field_and_a_renamed_png_is_refused_with_the_reason()
    {
        var page = await browser.NewPageAsync(locale: "en-US");
        await page.GotoAsync("/apply/chunm-writers");
        await page.FillAsync("[name='applicant.email']", Seeding.UniqueEmail("missing"));
        await page.CheckAsync("[name='consent.privacyNotice']");
        await Expect(page.Locator("#save-status")).ToHaveTextAsync(PageText.En.Saved, new() { Timeout = 60_000 });

        var png = Path.Combine(folder, "script.pdf");
        await File.WriteAllBytesAsync(png, [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, .. new byte[4000]]);
        await page.SetInputFilesAsync("#script", png);
        await Expect(page.Locator("#script-status")).ToContainTextAsync(PageText.En.UploadRejected, new() { Timeout = 60_000 });
        await Expect(page.Locator("#script-status")).ToContainTextAsync("PDF");

        await page.Locator("#submit-application").ClickAsync();
        await Expect(page.Locator("#submit-problems")).ToBeVisibleAsync();
        await Expect(page.Locator("#submit-missing-list li").First).ToBeVisibleAsync();
        await Expect(page.Locator("#applicant-name")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#applicant-name-error")).Not.ToBeEmptyAsync();
        await Expect(page.Locator("#materials-script-error")).Not.ToBeEmptyAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        browser.AssertNoPageErrors();
    }

    [Fact]
    public async Task A_Chinese_page_says_in_Chinese_why_a_file_was_refused_and_keeps_the_English_detail()
    {
        var page = await browser.NewPageAsync(locale: "zh-CN");
        await page.GotoAsync("/apply/hina-directors");
        await page.FillAsync("[name='applicant.email']", Seeding.UniqueEmail("refused-zh"));
        await page.CheckAsync("[name='consent.privacyNotice']");
        await Expect(page.Locator("#save-status")).ToHaveTextAsync(PageText.Zh.Saved, new() { Timeout = 60_000 });

        // A PNG named like a reel: announced as video/mp4, uploaded, then refused by the check after the upload.
        var fake = Path.Combine(folder, "reel.mp4");
        await File.WriteAllBytesAsync(fake, [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, .. new byte[4000]]);
        await page.SetInputFilesAsync("#reel", fake);

        var status = page.Locator("#reel-status");
        await Expect(status).ToContainTextAsync(PageText.Zh.UploadRejected, new() { Timeout = 60_000 });
        await Expect(status).ToContainTextAsync(PageProblem.Refusals[TalentFunctions.Web.Endpoints.ApplicantApi.MaterialRejected].Message.Zh);
        await Expect(status).ToContainTextAsync("MP4"); // the API's own detail, after the Chinese sentence
        browser.AssertNoPageErrors();
    }

    [Fact]
    public async Task The_portal_fits_a_phone_screen()
    {
        var page = await browser.NewPageAsync(new ViewportSize { Width = 390, Height = 844 }, locale: "zh-CN", isMobile: true);
        foreach (var path in new[] { "/", "/apply/hina-directors" })
        {
            await page.GotoAsync(path);
            var (scrollWidth, viewport) = (await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("window.innerWidth"));
            Assert.True(scrollWidth <= viewport, $"{path} is {scrollWidth}px wide on a {viewport}px screen");
            await Accessibility.AssertNoSeriousViolationsAsync(page);
        }
        await page.FillAsync("[name='applicant.email']", Seeding.UniqueEmail("phone"));
        await page.CheckAsync("[name='consent.privacyNotice']");
        await Expect(page.Locator("#save-status")).ToHaveTextAsync(PageText.Zh.Saved, new() { Timeout = 60_000 });
        await Screenshots.TakeAsync(page, "portal-phone");
        browser.AssertNoPageErrors();
    }

    [Fact]
    public async Task An_upload_SAS_that_expires_mid_upload_is_replaced_by_a_fresh_one_and_the_blob_is_complete_and_identical()
    {
        // Upload SAS that last seconds, on an app of this test's own (the shared app keeps the default two hours).
        await using var own = await BrowserFixture.StartOwnAppAsync(new Dictionary<string, string?> { ["Materials:UploadUrlLifetime"] = "00:00:05" });
        var page = await browser.NewPageAsync(app: own.App);
        await page.GotoAsync("/apply/hina-directors");
        await page.FillAsync("[name='applicant.email']", Seeding.UniqueEmail("sas"));
        await page.CheckAsync("[name='consent.privacyNotice']");
        await Expect(page.Locator("#save-status")).ToHaveTextAsync(PageText.En.Saved, new() { Timeout = 60_000 });
        var id = await page.Locator("#application-form").GetAttributeAsync("data-application-id");

        var renewals = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var refusedByStorage = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.Url.EndsWith("/upload-url", StringComparison.Ordinal))
            {
                renewals.Enqueue(request.Url);
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status == 403 && response.Url.Contains("comp=block", StringComparison.Ordinal))
            {
                refusedByStorage.Enqueue(response.Url);
            }
        };
        // The upload is slowed at its second block: the first try of block 1 reaches storage only once its SAS has
        // expired (a condition on the SAS's own expiry, not a fixed pause), as on a connection too slow for the SAS.
        var block1Signatures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await page.RouteAsync("**/*comp=block*", async route =>
        {
            var url = route.Request.Url;
            if (BlockIndex(url) == 1)
            {
                block1Signatures.Enqueue(SasParameter(url, "sig"));
                if (block1Signatures.Count == 1)
                {
                    var expires = DateTimeOffset.Parse(SasParameter(url, "se"), System.Globalization.CultureInfo.InvariantCulture);
                    await Eventually.AssertAsync(() => DateTimeOffset.UtcNow > expires.AddSeconds(1), TimeSpan.FromSeconds(30), "the upload SAS to expire");
                }
            }
            await route.ContinueAsync();
        });

        var reel = ReelFile(10 * 1024 * 1024 + 12345);
        await page.SetInputFilesAsync("#reel", reel);
        await Expect(page.Locator("#reel-status")).ToContainTextAsync(PageText.En.UploadVerified, new() { Timeout = 60_000 });

        Assert.NotEmpty(refusedByStorage); // the expired SAS was refused by storage …
        Assert.NotEmpty(renewals); // … and the page asked the API for a fresh one for the same material
        Assert.True(block1Signatures.Distinct().Count() >= 2, "block 1 was sent again with a fresh SAS");
        var material = Assert.Single((await new Seeding(own.App).StateAsync(id!)).Materials);
        Assert.Equal((MaterialStatus.Verified, new FileInfo(reel).Length), (material.Status, material.Length));
        Assert.All(renewals, url => Assert.EndsWith($"/api/applications/{id}/materials/{material.MaterialId}/upload-url", url, StringComparison.Ordinal));
        var blob = own.App.Get<Azure.Storage.Blobs.BlobServiceClient>()
            .GetBlobContainerClient(TalentFunctions.Web.Materials.MaterialStorage.ContainerName).GetBlobClient(material.BlobName);
        var stored = (await blob.DownloadContentAsync()).Value.Content.ToArray();
        var sent = await File.ReadAllBytesAsync(reel);
        Assert.True(stored.SequenceEqual(sent), "the blob is byte for byte the file");
        browser.AssertNoPageErrors();
        await page.Context.CloseAsync();
    }

    /// <summary>One query parameter of a SAS URL (e.g. <c>se</c>, the expiry, or <c>sig</c>, the signature).</summary>
    private static string SasParameter(string url, string name) =>
        System.Web.HttpUtility.ParseQueryString(new Uri(url).Query)[name] ?? throw new InvalidOperationException($"no {name} in {url}");

    /// <summary>An MP4 (its ftyp box, then filler) on disk, so its modification time survives the page's reload.</summary>
    private string ReelFile(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        byte[] header = [0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m'];
        header.CopyTo(bytes, 0);
        var path = Path.Combine(folder, "reel.mp4");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>The index of the block a Put Block URL carries (the page names blocks <c>block-000001</c>, base64).</summary>
    private static int? BlockIndex(string url)
    {
        var match = Regex.Match(url, "blockid=([^&]+)");
        if (!match.Success)
        {
            return null;
        }
        var name = System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(Uri.UnescapeDataString(match.Groups[1].Value)));
        return int.Parse(name["block-".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
