namespace TalentFunctions.Notifications.Tests;

/// <summary>
/// Mentor emails of a blind program (ADR 0012) name the applicant with <see cref="LocalizedText.AnonymousApplicant"/>:
/// every mentor template reads with it in both languages, and the model keeps its contract.
/// </summary>
public sealed class AnonymousApplicantTests
{
    public static IEnumerable<object[]> MentorKindsAndLanguages() =>
        from kind in EmailKinds.All.Where(k => k.StartsWith("Mentor", StringComparison.Ordinal))
        from language in EmailLanguages.All
        select new object[] { kind, language };

    [Fact]
    public void The_label_is_neutral_in_both_languages()
    {
        Assert.Equal("an anonymous applicant", LocalizedText.AnonymousApplicant("en"));
        Assert.Equal("匿名申请人", LocalizedText.AnonymousApplicant("zh"));
        Assert.Equal("匿名申请人", LocalizedText.AnonymousApplicant("zh-CN"));
        Assert.Equal("an anonymous applicant", LocalizedText.AnonymousApplicant(null));
    }

    [Theory]
    [MemberData(nameof(MentorKindsAndLanguages))]
    public void Every_mentor_email_renders_with_the_label_in_place_of_the_name(string kind, string language)
    {
        var model = TemplateModels.Realistic(kind);
        model[EmailModelKeys.ApplicantName] = LocalizedText.AnonymousApplicant(language);
        Assert.Empty(EmailModelContract.Check(kind, model));

        var rendered = SharedRenderer.Instance.Render(kind, language, model);

        var label = LocalizedText.AnonymousApplicant(language);
        foreach (var part in new[] { rendered.Subject, rendered.Text, rendered.Html })
        {
            Assert.DoesNotContain("Zhou Xun-Li", part, StringComparison.Ordinal);
            Assert.DoesNotContain("{{", part, StringComparison.Ordinal);
        }
        // The templates that named the applicant now say "an anonymous applicant" where the name was.
        Assert.Contains(label, rendered.Text, StringComparison.Ordinal);
        Assert.Contains(label, rendered.Html, StringComparison.Ordinal);
    }
}
