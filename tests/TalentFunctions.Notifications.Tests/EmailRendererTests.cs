using System.Collections;
using System.Globalization;
using System.Net;
using TalentFunctions.Notifications;

namespace TalentFunctions.Notifications.Tests;

public sealed class EmailRendererTests
{
    private static readonly EmailRenderer Renderer = SharedRenderer.Instance;

    public static IEnumerable<object[]> KindsAndLanguages() => TemplateModels.KindsAndLanguages();

    [Theory]
    [MemberData(nameof(KindsAndLanguages))]
    public void Every_kind_renders_every_documented_value_in_both_parts(string kind, string language)
    {
        var model = TemplateModels.Realistic(kind);

        var email = Renderer.Render(kind, language, model);

        foreach (var part in new[] { email.Subject, email.Text, email.Html })
        {
            Assert.DoesNotContain("{{", part, StringComparison.Ordinal);
            Assert.DoesNotContain("}}", part, StringComparison.Ordinal);
        }

        Assert.False(string.IsNullOrWhiteSpace(email.Subject));
        Assert.Contains(model[EmailModelKeys.ProgramName]!.ToString()!, email.Subject + email.Text, StringComparison.Ordinal);
        Assert.StartsWith("<!DOCTYPE html>", email.Html, StringComparison.Ordinal);
        foreach (var key in EmailModelContract.RequiredKeys(kind).Concat(EmailModelContract.OptionalKeys(kind)))
        {
            foreach (var value in Strings(model[key]))
            {
                Assert.True(email.Text.Contains(value, StringComparison.Ordinal), $"{kind}/{language}: text lacks {key}");
                Assert.True(WebUtility.HtmlDecode(email.Html).Contains(value, StringComparison.Ordinal), $"{kind}/{language}: html lacks {key}");
            }
        }

        // No empty placeholders.
        foreach (var empty in new[] { "《》", "\"\"", "（）", "()", "&ldquo;&rdquo;" })
        {
            Assert.DoesNotContain(empty, email.Text + email.Html, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(KindsAndLanguages))]
    public void Hostile_values_are_encoded_in_html_raw_in_text_and_subjects_stay_on_one_line(string kind, string language)
    {
        var model = TemplateModels.Hostile(kind);

        var email = Renderer.Render(kind, language, model);

        Assert.DoesNotContain("<script", email.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\"'&", email.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#x27;&amp;", email.Html, StringComparison.Ordinal);
        Assert.Contains("林小雨 🎬", email.Html, StringComparison.Ordinal);

        Assert.DoesNotContain('\r', email.Subject);
        Assert.DoesNotContain('\n', email.Subject);
        Assert.DoesNotContain(email.Subject, char.IsControl);
        Assert.DoesNotContain("&lt;", email.Subject, StringComparison.Ordinal);

        Assert.Contains(TemplateModels.Injection, email.Text, StringComparison.Ordinal);
        Assert.Contains("林小雨 🎬", email.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("&lt;", email.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("&amp;", email.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("&#x", email.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("&quot;", email.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Subjects_keep_raw_characters_and_collapse_line_breaks()
    {
        var model = TemplateModels.Realistic(EmailKinds.Rejected);
        model[EmailModelKeys.ProgramName] = "Lab\r\n\u2028Bcc: x@example.org & <Friends>\t2027";

        var email = Renderer.Render(EmailKinds.Rejected, "en", model);

        Assert.Equal("Your application to Lab Bcc: x@example.org & <Friends> 2027", email.Subject);
    }

    [Theory]
    [InlineData(EmailKinds.OfferMade, "en", "[Action required]")]
    [InlineData(EmailKinds.OfferReminder, "en", "[Action required]")]
    [InlineData(EmailKinds.OfferMade, "zh", "【需要您处理】")]
    [InlineData(EmailKinds.OfferReminder, "zh", "【需要您处理】")]
    public void Offer_subjects_start_with_the_action_required_marker(string kind, string language, string marker)
    {
        var email = Renderer.Render(kind, language, TemplateModels.Realistic(kind));

        Assert.StartsWith(marker, email.Subject, StringComparison.Ordinal);
        Assert.Contains("https://apply.example.org/offerUrl/abc?token=x_y-z", email.Text, StringComparison.Ordinal);
        Assert.Contains("2027-05-14 18:00 (Asia/Taipei)", email.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "The Tide Between Us")]
    [InlineData("zh", "《The Tide Between Us》")]
    public void Screened_out_lists_every_reason(string language, string title)
    {
        var model = TemplateModels.Realistic(EmailKinds.ScreenedOut);
        model[EmailModelKeys.Reasons] = new List<string>
        {
            LocalizedText.ScreeningReason("school-not-recognised", language),
            LocalizedText.ScreeningReason("text-too-long", language, "synopsis > 2000"),
        };

        var email = Renderer.Render(EmailKinds.ScreenedOut, language, model);

        foreach (var reason in (List<string>)model[EmailModelKeys.Reasons]!)
        {
            Assert.Contains("- " + reason + "\n", email.Text, StringComparison.Ordinal);
            Assert.Contains("<li>" + reason + "</li>", WebUtility.HtmlDecode(email.Html), StringComparison.Ordinal);
        }

        Assert.Contains(title, email.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh")]
    public void An_optional_key_may_be_left_out(string language)
    {
        var model = TemplateModels.Realistic(EmailKinds.OfferMade);
        model.Remove(EmailModelKeys.Note);

        var email = Renderer.Render(EmailKinds.OfferMade, language, model);

        Assert.DoesNotContain("Workshops", email.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(language == "en" ? "A note from" : "项目团队留言", email.Html, StringComparison.Ordinal);
        Assert.Contains(language == "en" ? "A note from" : "项目团队留言",
            Renderer.Render(EmailKinds.OfferMade, language, TemplateModels.Realistic(EmailKinds.OfferMade)).Text,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fr", "Dear 林小雨")]
    [InlineData("", "Dear 林小雨")]
    [InlineData("EN-gb", "Dear 林小雨")]
    [InlineData("zh-CN", "林小雨，您好")]
    [InlineData("ZH", "林小雨，您好")]
    [InlineData("zh-Hans", "林小雨，您好")]
    public void Language_falls_back_to_english(string language, string greeting)
    {
        var email = Renderer.Render(EmailKinds.UnderReview, language, TemplateModels.Realistic(EmailKinds.UnderReview));

        Assert.StartsWith(greeting, email.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_part_keeps_ampersands_and_quotes_as_typed()
    {
        var model = TemplateModels.Realistic(EmailKinds.UnderReview);
        model[EmailModelKeys.ProjectTitle] = "Rock & Roll \"Forever\" <Director's cut>";

        var email = Renderer.Render(EmailKinds.UnderReview, "en", model);

        Assert.Contains("\"Rock & Roll \"Forever\" <Director's cut>\"", email.Text, StringComparison.Ordinal);
        Assert.Contains("Rock &amp; Roll &quot;Forever&quot; &lt;Director&#x27;s cut&gt;", email.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_are_formatted_with_the_invariant_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            var email = Renderer.Render(EmailKinds.StaffApplicationReviewed, "en", TemplateModels.Realistic(EmailKinds.StaffApplicationReviewed));

            Assert.Contains("Score: 4.5", email.Text, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Unknown_kind_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => Renderer.Render("offerMade", "en", TemplateModels.Realistic(EmailKinds.OfferMade)));

        Assert.Contains("offerMade", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_that_breaks_the_contract_is_rejected_with_every_problem()
    {
        var model = TemplateModels.Realistic(EmailKinds.OfferMade);
        model.Remove(EmailModelKeys.ExpiresAt);
        model[EmailModelKeys.ProjectTitle] = null;
        model[EmailModelKeys.OfferUrl] = "javascript:alert(1)";

        var ex = Assert.Throws<ArgumentException>(() => Renderer.Render(EmailKinds.OfferMade, "en", model));

        Assert.Contains("'expiresAt'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'projectTitle'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'offerUrl' must be an absolute http or https URL", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(KindsAndLanguages))]
    public void Every_kind_renders_with_only_its_required_keys(string kind, string language)
    {
        var email = Renderer.Render(kind, language, TemplateModels.RequiredOnly(kind));

        Assert.DoesNotContain("{{", email.Text + email.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Workshops", email.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_may_be_given_as_lines_of_text()
    {
        var model = TemplateModels.Realistic(EmailKinds.StaffApplicationReviewed);
        model[EmailModelKeys.Recommendations] = "Mentor Chen: advance\n\n  Mentor Wu: decline  \n";

        var email = Renderer.Render(EmailKinds.StaffApplicationReviewed, "en", model);

        Assert.Contains("Recommendations:\n- Mentor Chen: advance\n- Mentor Wu: decline\n", email.Text, StringComparison.Ordinal);
        Assert.Contains("<li>Mentor Wu: decline</li>", email.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_that_is_not_a_list_is_rejected()
    {
        var model = TemplateModels.Realistic(EmailKinds.ScreenedOut);
        model[EmailModelKeys.Reasons] = 42;

        var ex = Assert.Throws<ArgumentException>(() => Renderer.Render(EmailKinds.ScreenedOut, "en", model));

        Assert.Contains("'reasons' must be a list", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shipped_templates_verify_clean()
    {
        Assert.Empty(Renderer.Verify());
    }

    [Fact]
    public void Every_kind_has_all_three_files_in_both_languages_and_nothing_else()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "Templates");
        foreach (var language in EmailLanguages.All)
        {
            var expected = EmailKinds.All
                .SelectMany(kind => new[] { ".subject.hbs", ".text.hbs", ".html.hbs" }.Select(suffix => kind + suffix))
                .Order(StringComparer.Ordinal);
            var actual = Directory.EnumerateFiles(Path.Combine(root, language), "*.hbs")
                .Select(Path.GetFileName)
                .Where(name => !name!.StartsWith('_'))
                .Order(StringComparer.Ordinal);

            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Chinese_templates_are_written_in_chinese()
    {
        foreach (var kind in EmailKinds.All)
        {
            var email = Renderer.Render(kind, "zh", EmailRenderer.SampleModel(kind));

            Assert.Contains(email.Subject + email.Text, c => c is >= '\u4e00' and <= '\u9fff');
            if (!EmailModelContract.KindsWithoutApplication.Contains(kind))
            {
                Assert.Contains("申请编号", email.Text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void A_template_directory_overrides_single_files()
    {
        using var dir = new TempDirectory();
        dir.Write("en/Rejected.subject.hbs", "Decision from {{programName}}\n");
        var renderer = new EmailRenderer(new EmailTemplateOptions { TemplateDirectory = dir.Path });

        var rejected = renderer.Render(EmailKinds.Rejected, "en", TemplateModels.Realistic(EmailKinds.Rejected));
        var waitlisted = renderer.Render(EmailKinds.Waitlisted, "en", TemplateModels.Realistic(EmailKinds.Waitlisted));

        Assert.Equal("Decision from Emerging Voices Lab 2027", rejected.Subject);
        Assert.StartsWith("Dear 林小雨", rejected.Text, StringComparison.Ordinal);
        Assert.Equal("You're on the waitlist for Emerging Voices Lab 2027", waitlisted.Subject);
    }

    [Fact]
    public void A_template_that_uses_a_key_outside_the_contract_is_caught()
    {
        using var dir = new TempDirectory();
        dir.Write("zh/Waitlisted.text.hbs", "{{#> layout}}{{recipientName}} {{waitlistPosition}}{{/layout}}");
        dir.Write("en/_layout.html.hbs", "<html>{{> @partial-block}}{{footerText}}</html>");
        var renderer = new EmailRenderer(new EmailTemplateOptions { TemplateDirectory = dir.Path });

        var problems = renderer.Verify();

        Assert.Contains(problems, p => p.Contains("Waitlisted (zh)", StringComparison.Ordinal) && p.Contains("waitlistPosition", StringComparison.Ordinal));
        // every English email using the layout + one Chinese
        Assert.Equal(EmailKinds.All.Count - EmailModelContract.KindsWithoutApplication.Count + 1, problems.Count);
        Assert.Throws<EmailTemplateException>(() =>
            renderer.Render(EmailKinds.Waitlisted, "zh", TemplateModels.Realistic(EmailKinds.Waitlisted)));
    }

    [Fact]
    public void A_template_that_does_not_compile_is_reported()
    {
        using var dir = new TempDirectory();
        dir.Write("en/Rejected.html.hbs", "{{#if projectTitle}}unclosed");
        var renderer = new EmailRenderer(new EmailTemplateOptions { TemplateDirectory = dir.Path });

        var problems = renderer.Verify();

        var problem = Assert.Single(problems);
        Assert.Contains("Rejected.html.hbs", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en/OfferMade.html.hbs", "{{#> layout}}<p>{{{note}}}</p>{{/layout}}")]
    [InlineData("en/OfferMade.html.hbs", "{{#> layout}}<p>{{~{ projectTitle }~}}</p>{{/layout}}")]
    [InlineData("en/OfferMade.html.hbs", "{{#> layout}}<p>{{& projectTitle}}</p>{{/layout}}")]
    [InlineData("en/_button.html.hbs", "<a href=\"{{{url}}}\">{{label}}</a>")]
    public void A_template_that_switches_encoding_off_is_refused(string file, string content)
    {
        using var dir = new TempDirectory();
        dir.Write(file, content);
        var renderer = new EmailRenderer(new EmailTemplateOptions { TemplateDirectory = dir.Path });

        var ex = Assert.Throws<EmailTemplateException>(() =>
            renderer.Render(EmailKinds.OfferMade, "en", TemplateModels.Hostile(EmailKinds.OfferMade)));

        Assert.Contains("unescaped output", ex.Message, StringComparison.Ordinal);
        Assert.NotEmpty(renderer.Verify());
    }

    [Fact]
    public void A_missing_template_directory_is_rejected_at_construction()
    {
        Assert.Throws<DirectoryNotFoundException>(() =>
            new EmailRenderer(new EmailTemplateOptions { TemplateDirectory = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N")) }));
    }

    private static IEnumerable<string> Strings(object? value) => value switch
    {
        string s => [s],
        IEnumerable list => list.Cast<object>().Select(item => Convert.ToString(item, CultureInfo.InvariantCulture)!),
        _ => [Convert.ToString(value, CultureInfo.InvariantCulture)!],
    };
}
