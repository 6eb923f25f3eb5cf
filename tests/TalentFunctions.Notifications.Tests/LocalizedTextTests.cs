namespace TalentFunctions.Notifications.Tests;

public sealed class LocalizedTextTests
{
    public static IEnumerable<object[]> Codes() => LocalizedText.ScreeningReasonCodes.All.Select(code => new object[] { code });

    [Theory]
    [MemberData(nameof(Codes))]
    public void Every_code_has_its_own_sentence_in_both_languages(string code)
    {
        var en = LocalizedText.ScreeningReason(code, "en");
        var zh = LocalizedText.ScreeningReason(code, "zh");

        Assert.EndsWith(".", en, StringComparison.Ordinal);
        Assert.EndsWith("。", zh, StringComparison.Ordinal);
        Assert.DoesNotContain(code, en, StringComparison.Ordinal);
        Assert.Contains(zh, c => c is >= '\u4e00' and <= '\u9fff');
        Assert.Single(LocalizedText.ScreeningReasonCodes.All, other => LocalizedText.ScreeningReason(other, "en") == en);
        Assert.Single(LocalizedText.ScreeningReasonCodes.All, other => LocalizedText.ScreeningReason(other, "zh-CN") == zh);
    }

    [Fact]
    public void A_detail_is_appended_inside_the_sentence()
    {
        Assert.Equal(
            "A text in the application is longer than the allowed length (synopsis: 2,400 characters, limit 2,000).",
            LocalizedText.ScreeningReason("text-too-long", "en", "synopsis: 2,400 characters, limit 2,000"));
        Assert.Equal(
            "申请中有文字内容超出了字数限制（故事梗概：2400 字，上限 2000 字）。",
            LocalizedText.ScreeningReason("text-too-long", "zh", "故事梗概：2400 字，上限 2000 字"));
    }

    [Fact]
    public void Codes_are_matched_ignoring_case_and_separators()
    {
        Assert.Equal(LocalizedText.ScreeningReason("text-too-long", "en"), LocalizedText.ScreeningReason("TextTooLong", "en"));
        Assert.Equal(LocalizedText.ScreeningReason("graduation-year-invalid", "zh"), LocalizedText.ScreeningReason("GRADUATION_YEAR_INVALID", "zh"));
    }

    [Fact]
    public void An_unknown_code_still_gives_a_sentence()
    {
        Assert.Equal("The application did not meet one of the program's requirements (age-limit).", LocalizedText.ScreeningReason("age-limit", "fr"));
        Assert.Equal("申请不符合本项目的一项要求（age-limit）。", LocalizedText.ScreeningReason("age-limit", "zh"));
    }

    [Fact]
    public void Reasons_as_data_become_localised_reasons()
    {
        ScreeningReasonModel[] lines =
        [
            new(LocalizedText.ScreeningReasonCodes.SchoolNotRecognised),
            new(LocalizedText.ScreeningReasonCodes.MissingMaterial, Field: "reel"),
            new(LocalizedText.ScreeningReasonCodes.TextTooLong, "project.synopsis", 2400, 2000),
            new(LocalizedText.ScreeningReasonCodes.MissingMaterial, Field: "script"),
            new(LocalizedText.ScreeningReasonCodes.StaffOverride, Note: "Budget exceeds the program cap."),
        ];

        Assert.Equal(
            [
                "The school you listed is not on the program's list of eligible film schools.",
                "Required materials were missing from the application (reel, script).",
                "A text in the application is longer than the allowed length (synopsis: 2,400 characters, limit 2,000).",
                "After reviewing your application, the program team decided it cannot go forward (Budget exceeds the program cap).",
            ],
            LocalizedText.ScreeningReasons(lines, "en"));
        Assert.Equal(
            [
                "您填写的学校不在本项目认可的电影院校名单中。",
                "申请缺少必需的材料（作品样片、剧本）。",
                "申请中有文字内容超出了字数限制（故事梗概：2400 字，上限 2000 字）。",
                "项目团队审阅后认为您的申请无法进入下一阶段（Budget exceeds the program cap）。",
            ],
            LocalizedText.ScreeningReasons(lines, "zh"));
        Assert.Empty(LocalizedText.ScreeningReasons(null, "en"));
    }
}
