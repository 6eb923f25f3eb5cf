using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.TestSupport;
using TalentFunctions.Web.Pages;
using TalentFunctions.Web.Tests.Infrastructure;
using TalentFunctions.Workflow.Translation;

namespace TalentFunctions.Web.Tests.Web;

/// <summary>
/// Mentors who read English review a Chinese project: the review page shows the applicant's texts as written beside a
/// machine translation made when the mentors were assigned (a fake Translator on loopback), or says there is none.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class ReviewTranslationTests(AzuriteFixture azurite)
{
    private const string Logline = "一个女孩在雨季回到故乡。";
    private const string Synopsis = "A short film about returning home.";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task English_mentors_see_the_texts_beside_a_labelled_machine_translation_made_once_at_assignment_and_never_on_a_get(bool blind)
    {
        await using var translator = FakeTranslatorServer.Start();
        await using var app = await StartAsync(translator, blind);

        var (id, _, _) = await WebKit.InReviewAsync(app, "zh");

        // Two mentors who read English were assigned: one translation, into English, from the project's language.
        var request = Assert.Single(translator.Requests);
        Assert.Equal("?api-version=3.0&to=en&from=zh-Hans", request.Query);
        Assert.Equal("eastasia", request.Region);
        foreach (var assignment in (await app.StateAsync(id)).Assignments)
        {
            var html = await app.Client.GetStringAsync("/review/" + WebKit.ReviewToken(app, id, assignment));
            AssertTranslated(html, blind);
        }
        await app.SettleAsync();
        Assert.Single(translator.Requests); // opening the pages asked the Translator nothing

        // A conflict of interest: the slot goes to another mentor who reads English; the translation kept serves them.
        var first = (await app.StateAsync(id)).Assignments[0];
        var conflict = await WebKit.PostFormAsync(app.Client, "/review/" + WebKit.ReviewToken(app, id, first),
            new Dictionary<string, string> { ["intent"] = "conflict", ["conflictOfInterest"] = "yes" });
        Assert.Equal(HttpStatusCode.OK, conflict.StatusCode);
        await app.SettleAsync();
        var replacement = Assert.Single((await app.StateAsync(id)).Assignments, a => a.ReplacesAssignmentId == first.AssignmentId);
        var replacementUrl = "/review/" + WebKit.ReviewToken(app, id, replacement);
        AssertTranslated(await app.Client.GetStringAsync(replacementUrl), blind);
        Assert.Single(translator.Requests);

        var review = await WebKit.PostFormAsync(app.Client, replacementUrl, WebKit.ReviewForm(app));
        Assert.Equal(HttpStatusCode.OK, review.StatusCode);
        Assert.Equal(AssignmentStatus.Completed, (await app.StateAsync(id)).FindAssignment(replacement.AssignmentId)!.Status);
    }

    [Fact]
    public async Task Without_a_translator_the_page_shows_the_original_says_translation_is_unavailable_and_the_review_goes_through()
    {
        await using var app = await StartAsync(translator: null);

        var (id, _, _) = await WebKit.InReviewAsync(app, "zh");

        await AssertUnavailableAndReviewableAsync(app, id);
    }

    [Theory]
    [InlineData("failing")]
    [InlineData("rate-limited")]
    public async Task A_translator_that_fails_or_rate_limits_for_long_leaves_the_original_and_neither_blocks_nor_flags_the_review(string trouble)
    {
        await using var translator = FakeTranslatorServer.Start();
        translator.FailWith = trouble == "failing" ? FakeTranslatorResponse.ServerError() : FakeTranslatorResponse.TooManyRequests(retryAfterSeconds: 120);
        await using var app = await StartAsync(translator);

        var (id, _, _) = await WebKit.InReviewAsync(app, "zh");

        // The client's own short retries for a 500; a 429 asking for minutes is given up at once.
        Assert.Equal(trouble == "failing" ? TranslatorClient.MaxAttempts : 1, translator.Requests.Count);
        await AssertUnavailableAndReviewableAsync(app, id);
        Assert.Equal(trouble == "failing" ? TranslatorClient.MaxAttempts : 1, translator.Requests.Count);
    }

    private static async Task AssertUnavailableAndReviewableAsync(TestApp app, string id)
    {
        var state = await app.StateAsync(id);
        Assert.Empty(state.NeedsAttention);
        var assignment = state.Assignments[0];
        var url = "/review/" + WebKit.ReviewToken(app, id, assignment);

        var html = await app.Client.GetStringAsync(url);
        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains(Html.Encode(PageText.En.MachineTranslationUnavailable), html);
        Assert.Contains(Logline, html);
        Assert.Contains(Synopsis, html);
        Assert.DoesNotContain(PageText.En.MachineTranslationLabel + "</p>", html);
        Assert.DoesNotContain("[en]", html);

        var review = await WebKit.PostFormAsync(app.Client, url, WebKit.ReviewForm(app));
        Assert.Equal(HttpStatusCode.OK, review.StatusCode);
        Assert.Contains(Html.Encode(PageText.En.ReviewRecorded), await review.Content.ReadAsStringAsync());
        Assert.Equal(AssignmentStatus.Completed, (await app.StateAsync(id)).FindAssignment(assignment.AssignmentId)!.Status);
        await app.SettleAsync();
        Assert.Empty((await app.StateAsync(id)).NeedsAttention);
    }

    private static void AssertTranslated(string html, bool blind)
    {
        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains(Html.Encode(PageText.En.MachineTranslationNote), html);
        Assert.DoesNotContain(Html.Encode(PageText.En.MachineTranslationUnavailable), html);
        // Original and translation side by side, each labelled, the translation marked as machine translation.
        Assert.Contains(
            $"<div class=\"mt\"><div lang=\"zh\"><p class=\"mt-label\">Original</p>{Logline}</div>" +
            $"<div lang=\"en\"><p class=\"mt-label\">Machine translation</p>{FakeTranslatorServer.Translation(Logline, "en")}</div></div>", html);
        foreach (var text in new[] { "雨季 The Rainy Season", Synopsis })
        {
            Assert.Contains(text, html);
            Assert.Contains(FakeTranslatorServer.Translation(text, "en"), html);
        }
        // The applicant's profile, as written and translated, only when the program does not review blind (ADR 0012).
        foreach (var text in new[] { "USC", "Student Academy Award" })
        {
            if (blind)
            {
                Assert.DoesNotContain(text, html);
            }
            else
            {
                Assert.Contains(text, html);
                Assert.Contains(FakeTranslatorServer.Translation(text, "en"), html);
            }
        }
        if (!blind)
        {
            Assert.Contains(FakeTranslatorServer.Translation("director", "en"), html);
        }
    }

    /// <summary>The app with every mentor of the program reading English, and the fake Translator when given.</summary>
    private Task<TestApp> StartAsync(FakeTranslatorServer? translator, bool blind = true)
    {
        var settings = new Dictionary<string, string?>();
        if (translator is not null)
        {
            settings["Translator:Endpoint"] = translator.Endpoint.AbsoluteUri;
            settings["Translator:Key"] = translator.Key;
            settings["Translator:Region"] = "eastasia";
        }
        return TestApp.StartAsync(azurite, settings, services => services.AddSingleton(TestApp.Programs(WebKit.ProgramId,
            p => p with { Mentors = [.. p.Mentors.Select(m => m with { PreferredLanguage = Languages.English })], Review = new ReviewSettings(blind) })));
    }
}
