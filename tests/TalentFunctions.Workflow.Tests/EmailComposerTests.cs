using System.Security.Cryptography;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Notifications;
using TalentFunctions.Notifications.Links;
using TalentFunctions.Workflow.Email;

namespace TalentFunctions.Workflow.Tests;

/// <summary>The email side formats the effect's data itself: times in the recipient's zone, reasons per language.</summary>
public sealed class EmailComposerTests
{
    private static readonly EmailRenderer Renderer = new(new EmailTemplateOptions());

    private static readonly DateTimeOffset Deadline = new(2027, 3, 31, 15, 59, 0, TimeSpan.Zero);

    private readonly EmailComposer composer = new(
        Renderer,
        new LinkTokenService(LinkTokenOptions.FromKey(RandomNumberGenerator.GetBytes(32)), TimeProvider.System),
        new EmailLinkOptions { PublicBaseUrl = new Uri("https://talent.example") },
        new OrchestrationOptions(),
        TimeProvider.System);

    private static EmailFacts Facts(string zone = "Asia/Shanghai") =>
        new EmailFacts("hina-2027", "Hina", "2026-27", "Lin Xiaoyu", "The Rainy Season", "ip", "IP", zone)
        {
            Deadline = Deadline,
            HoursBefore = 72,
            Reasons = [new ScreeningReasonData(ScreeningReason.SchoolNotRecognised)],
            MentorId = "m1",
            MentorName = "Chen Yu",
            AssignmentId = "a1",
            DueAt = Deadline,
            FromAssignmentId = "a0",
            UnfilledSlots = 1,
            WeightedScore = 3.8,
            Recommendations = [new MentorRecommendation("Chen Yu", Recommendation.Advance)],
            OfferId = "o1",
            ExpiresAt = Deadline,
            Note = "Welcome.",
            AttentionReason = "Review a3 is overdue.",
        };

    private static SendEmail Email(EmailKind kind, string language, EmailFacts? facts = null) =>
        new("app-1:0000000001:00", "app-1", kind, new Recipient(RecipientKind.Applicant, "lin@example.com", "Lin", language), facts ?? Facts());

    public static TheoryData<EmailKind, string> KindsAndLanguages()
    {
        var data = new TheoryData<EmailKind, string>();
        foreach (var kind in Enum.GetValues<EmailKind>())
        {
            foreach (var language in EmailLanguages.All)
            {
                data.Add(kind, language);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(KindsAndLanguages))]
    public void Every_kind_has_a_typed_model_that_renders(EmailKind kind, string language)
    {
        var model = composer.ToModel(Email(kind, language));
        Assert.Equal(kind.ToString(), model.Kind);
        Assert.Empty(EmailModelContract.Check(model.Kind, model.ToTemplateModel(language)));

        var message = composer.Compose("app-1:0000000001:00", Email(kind, language));
        Assert.Equal(kind.ToString(), message.Kind);
        Assert.Contains("app-1", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_domain_screening_reason_has_a_code_with_its_own_sentence()
    {
        foreach (var reason in Enum.GetValues<ScreeningReason>())
        {
            Assert.Contains(EmailComposer.Code(reason), LocalizedText.ScreeningReasonCodes.All);
        }

        Assert.Equal(LocalizedText.ScreeningReasonCodes.GraduationYearInvalid, EmailComposer.Code(ScreeningReason.GraduationYearInFuture));
    }

    [Theory]
    [InlineData("Asia/Shanghai", "2027-03-31 23:59 (Asia/Shanghai)")]
    [InlineData("America/Los_Angeles", "2027-03-31 08:59 (America/Los_Angeles)")]
    [InlineData("Not/AZone", "2027-03-31 15:59 (UTC)")]
    public void Times_are_shown_in_the_recipients_zone(string zone, string shown)
    {
        var model = composer.ToModel(Email(EmailKind.DraftStarted, "en", Facts(zone)));

        Assert.Equal(shown, model.ToTemplateModel("en")[EmailModelKeys.Deadline]);
        Assert.Contains(shown, composer.Compose("e", Email(EmailKind.DraftStarted, "en", Facts(zone))).Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "A text in the application is longer than the allowed length (synopsis: 2,400 characters, limit 2,000).", "The graduation year given in the application is not valid.")]
    [InlineData("zh", "申请中有文字内容超出了字数限制（故事梗概：2400 字，上限 2000 字）。", "申请中填写的毕业年份无效。")]
    public void Screening_reasons_are_localised_from_their_data(string language, string tooLong, string graduation)
    {
        var facts = Facts() with
        {
            Reasons =
            [
                new ScreeningReasonData(ScreeningReason.TextTooLong, "project.synopsis", 2400, 2000),
                new ScreeningReasonData(ScreeningReason.GraduationYearInFuture),
            ],
        };

        var text = composer.Compose("e", Email(EmailKind.ScreenedOut, language, facts)).Text;

        Assert.Contains("- " + tooLong + "\n", text, StringComparison.Ordinal);
        Assert.Contains("- " + graduation + "\n", text, StringComparison.Ordinal);
    }

    public static TheoryData<EmailKind, string> MentorKindsAndLanguages()
    {
        var data = new TheoryData<EmailKind, string>();
        foreach (var kind in Enum.GetValues<EmailKind>().Where(k => k.ToString().StartsWith("Mentor", StringComparison.Ordinal)))
        {
            foreach (var language in EmailLanguages.All)
            {
                data.Add(kind, language);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MentorKindsAndLanguages))]
    public void A_mentor_email_of_a_blind_program_names_the_applicant_neutrally_and_otherwise_as_before(EmailKind kind, string language)
    {
        SendEmail ToMentor(EmailFacts facts) =>
            new("app-1:0000000001:00", "app-1", kind, new Recipient(RecipientKind.Mentor, "chen.yu@example.com", "Chen Yu", language), facts);
        var blind = composer.Compose("e", ToMentor(Facts() with { ApplicantName = "", BlindReview = true }));
        var open = composer.Compose("e", ToMentor(Facts()));

        var label = LocalizedText.AnonymousApplicant(language);
        Assert.Contains(label, blind.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Lin Xiaoyu", blind.Subject + blind.Text + blind.Html, StringComparison.Ordinal);
        Assert.Contains("Lin Xiaoyu", open.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(label, open.Text, StringComparison.Ordinal);
        // Without the flag the email is what it was: the same as from facts that never heard of blind review.
        Assert.Equal(open.Html, composer.Compose("e", ToMentor(Facts() with { BlindReview = null })).Html);
    }

    [Fact]
    public void The_staff_review_summary_shows_score_and_recommendations()
    {
        var text = composer.Compose("e", Email(EmailKind.StaffApplicationReviewed, "en")).Text;

        Assert.Contains("Score: 3.80\n", text, StringComparison.Ordinal);
        Assert.Contains("- Chen Yu: Advance\n", text, StringComparison.Ordinal);
    }
}
