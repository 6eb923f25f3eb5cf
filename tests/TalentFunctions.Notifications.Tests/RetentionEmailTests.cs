using System.Globalization;
using System.Net;
using TalentFunctions.Notifications;

namespace TalentFunctions.Notifications.Tests;

/// <summary>
/// The retention sweep summaries to program staff (not about an application): the typed models render the cycle,
/// the sweep time in the recipient's zone and the counts as plain integers, in both languages.
/// </summary>
public sealed class RetentionEmailTests
{
    private static readonly EmailBasics Basics = new("Program Office", "Emerging Voices Lab 2027", "", "", "Asia/Shanghai");

    [Fact]
    public void Retention_upcoming_names_the_cycle_the_sweep_time_and_the_counts()
    {
        var email = new StaffRetentionUpcomingEmail(Basics, "Spring 2027", new DateTimeOffset(2027, 8, 31, 19, 0, 0, TimeSpan.Zero),
            ToReduce: 1318, Accepted: 24, ConsoleUrl: "https://apply.example.org/console/programs/evl-2027");

        var rendered = RenderBoth(email);

        foreach (var (language, text, html) in rendered)
        {
            foreach (var expected in new[] { "Spring 2027", "2027-09-01 03:00 (Asia/Shanghai)", "1318", "24", "https://apply.example.org/console/programs/evl-2027" })
            {
                Assert.True(text.Contains(expected, StringComparison.Ordinal), $"{language} text lacks {expected}");
                Assert.True(html.Contains(expected, StringComparison.Ordinal), $"{language} html lacks {expected}");
            }

            Assert.DoesNotContain("1,318", text, StringComparison.Ordinal);
            Assert.DoesNotContain("1.318", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Application ID", text, StringComparison.Ordinal);
            Assert.DoesNotContain("申请编号", text, StringComparison.Ordinal);
        }

        Assert.Contains("Selection cycle Spring 2027 of Emerging Voices Lab 2027 is closed. On 2027-09-01 03:00 (Asia/Shanghai)", rendered[0].Text, StringComparison.Ordinal);
        Assert.Contains("of the 1318 applications of this cycle that were not accepted", rendered[0].Text, StringComparison.Ordinal);
        Assert.Contains("The 24 accepted applications are kept", rendered[0].Text, StringComparison.Ordinal);
        Assert.Contains("未获录取的 1318 份申请", rendered[1].Text, StringComparison.Ordinal);
        Assert.Contains("已录取的 24 份申请", rendered[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Retention_done_names_the_cycle_the_sweep_time_and_the_counts()
    {
        var email = new StaffRetentionDoneEmail(Basics, "Spring 2027", new DateTimeOffset(2027, 8, 31, 19, 42, 0, TimeSpan.Zero),
            Reduced: 1318, Accepted: 24, ConsoleUrl: "https://apply.example.org/console/programs/evl-2027");

        var rendered = RenderBoth(email);

        foreach (var (language, text, html) in rendered)
        {
            foreach (var expected in new[] { "Spring 2027", "2027-09-01 03:42 (Asia/Shanghai)", "1318", "24", "https://apply.example.org/console/programs/evl-2027" })
            {
                Assert.True(text.Contains(expected, StringComparison.Ordinal), $"{language} text lacks {expected}");
                Assert.True(html.Contains(expected, StringComparison.Ordinal), $"{language} html lacks {expected}");
            }

            Assert.DoesNotContain("1,318", text, StringComparison.Ordinal);
            Assert.DoesNotContain("1.318", text, StringComparison.Ordinal);
        }

        Assert.Contains("- 1318 applications that were not accepted were reduced", rendered[0].Text, StringComparison.Ordinal);
        Assert.Contains("- 24 accepted applications were kept", rendered[0].Text, StringComparison.Ordinal);
        Assert.Contains("未获录取的 1318 份申请", rendered[1].Text, StringComparison.Ordinal);
        Assert.Contains("已录取的 24 份申请", rendered[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Retention_emails_are_not_about_an_application()
    {
        Assert.Contains(EmailKinds.StaffRetentionUpcoming, EmailModelContract.KindsWithoutApplication);
        Assert.Contains(EmailKinds.StaffRetentionDone, EmailModelContract.KindsWithoutApplication);
        Assert.DoesNotContain(EmailModelKeys.ApplicationId, EmailModelContract.RequiredKeys(EmailKinds.StaffRetentionUpcoming));
        Assert.DoesNotContain(EmailModelKeys.ProjectTitle, EmailModelContract.RequiredKeys(EmailKinds.StaffRetentionDone));
    }

    /// <summary>English then Chinese, rendered under a culture that groups thousands (counts must not be).</summary>
    private static (string Language, string Text, string Html)[] RenderBoth(EmailModel email)
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            return
            [
                .. EmailLanguages.All.Order(StringComparer.Ordinal).Select(language =>
                {
                    Assert.Empty(EmailModelContract.Check(email.Kind, email.ToTemplateModel(language)));
                    var rendered = SharedRenderer.Instance.Render(email, language);
                    return (language, rendered.Text, WebUtility.HtmlDecode(rendered.Html));
                }),
            ];
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
