namespace TalentFunctions.Notifications;

/// <summary>Short texts the workflow puts into email models, in the recipient's language.</summary>
public static class LocalizedText
{
    /// <summary>Screening reason codes <see cref="ScreeningReason"/> knows.</summary>
    public static class ScreeningReasonCodes
    {
        public const string SchoolNotRecognised = "school-not-recognised";
        public const string GraduatedTooLongAgo = "graduated-too-long-ago";
        public const string GraduationYearInvalid = "graduation-year-invalid";
        public const string ProjectLanguageNotAccepted = "project-language-not-accepted";
        public const string MissingMaterial = "missing-material";
        public const string DuplicateApplication = "duplicate-application";
        public const string TextTooLong = "text-too-long";

        public static IReadOnlyList<string> All { get; } =
        [
            SchoolNotRecognised, GraduatedTooLongAgo, GraduationYearInvalid, ProjectLanguageNotAccepted,
            MissingMaterial, DuplicateApplication, TextTooLong,
        ];
    }

    private static readonly Dictionary<string, (string En, string Zh)> Reasons = new(StringComparer.Ordinal)
    {
        [ScreeningReasonCodes.SchoolNotRecognised] = (
            "The school you listed is not on the program's list of eligible film schools.",
            "您填写的学校不在本项目认可的电影院校名单中。"),
        [ScreeningReasonCodes.GraduatedTooLongAgo] = (
            "Your graduation date is outside the period this program accepts.",
            "您的毕业时间超出了本项目接受的范围。"),
        [ScreeningReasonCodes.GraduationYearInvalid] = (
            "The graduation year given in the application is not valid.",
            "申请中填写的毕业年份无效。"),
        [ScreeningReasonCodes.ProjectLanguageNotAccepted] = (
            "The project's language is not one this program accepts.",
            "项目使用的语言不在本项目接受的范围内。"),
        [ScreeningReasonCodes.MissingMaterial] = (
            "Required materials were missing from the application.",
            "申请缺少必需的材料。"),
        [ScreeningReasonCodes.DuplicateApplication] = (
            "We already have another application from you for this round; only one is accepted.",
            "您在本期已有另一份申请，每人每期只能提交一份。"),
        [ScreeningReasonCodes.TextTooLong] = (
            "A text in the application is longer than the allowed length.",
            "申请中有文字内容超出了字数限制。"),
    };

    /// <summary>
    /// The sentence explaining screening reason <paramref name="code"/> to an applicant in <paramref name="language"/>
    /// (see <see cref="EmailLanguages.Normalize"/>). A non-empty <paramref name="detail"/> (for
    /// <c>text-too-long</c>: which text and its limit, e.g. "synopsis, 2,400 of 2,000 characters") is appended. An
    /// unknown code gives a generic sentence naming the code, so a new code never blocks an email.
    /// </summary>
    public static string ScreeningReason(string code, string language, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(code);
        var zh = EmailLanguages.Normalize(language) == EmailLanguages.SimplifiedChinese;
        var sentence = Reasons.TryGetValue(code, out var text)
            ? (zh ? text.Zh : text.En)
            : zh ? $"申请不符合本项目的一项要求（{code}）。" : $"The application did not meet one of the program's requirements ({code}).";
        if (string.IsNullOrWhiteSpace(detail))
        {
            return sentence;
        }

        // "…length. (synopsis …)" reads oddly; put the detail before the final full stop instead.
        return zh
            ? sentence.TrimEnd('。') + "（" + detail.Trim() + "）。"
            : sentence.TrimEnd('.') + " (" + detail.Trim() + ").";
    }
}
