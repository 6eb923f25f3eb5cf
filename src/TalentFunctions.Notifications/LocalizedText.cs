using System.Globalization;

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
        public const string TrackNotOffered = "track-not-offered";
        public const string StaffOverride = "staff-override";

        public static IReadOnlyList<string> All { get; } =
        [
            SchoolNotRecognised, GraduatedTooLongAgo, GraduationYearInvalid, ProjectLanguageNotAccepted,
            MissingMaterial, DuplicateApplication, TextTooLong, TrackNotOffered, StaffOverride,
        ];
    }

    // Keyed by the code without dashes/underscores, lower case: codes are matched ignoring case and separators.
    private static readonly Dictionary<string, (string En, string Zh)> Reasons = new(StringComparer.Ordinal)
    {
        ["schoolnotrecognised"] = (
            "The school you listed is not on the program's list of eligible film schools.",
            "您填写的学校不在本项目认可的电影院校名单中。"),
        ["graduatedtoolongago"] = (
            "Your graduation date is outside the period this program accepts.",
            "您的毕业时间超出了本项目接受的范围。"),
        ["graduationyearinvalid"] = (
            "The graduation year given in the application is not valid.",
            "申请中填写的毕业年份无效。"),
        ["projectlanguagenotaccepted"] = (
            "The project's language is not one this program accepts.",
            "项目使用的语言不在本项目接受的范围内。"),
        ["missingmaterial"] = (
            "Required materials were missing from the application.",
            "申请缺少必需的材料。"),
        ["duplicateapplication"] = (
            "We already have another application from you for this round; only one is accepted.",
            "您在本期已有另一份申请，每人每期只能提交一份。"),
        ["texttoolong"] = (
            "A text in the application is longer than the allowed length.",
            "申请中有文字内容超出了字数限制。"),
        ["tracknotoffered"] = (
            "The track you applied for is not offered in this round.",
            "您申请的方向本期未开放。"),
        ["staffoverride"] = (
            "After reviewing your application, the program team decided it cannot go forward.",
            "项目团队审阅后认为您的申请无法进入下一阶段。"),
    };

    private static readonly Dictionary<string, (string En, string Zh)> Names = new(StringComparer.Ordinal)
    {
        ["title"] = ("title", "片名"),
        ["logline"] = ("logline", "一句话梗概"),
        ["synopsis"] = ("synopsis", "故事梗概"),
        ["reel"] = ("reel", "作品样片"),
        ["script"] = ("script", "剧本"),
        ["cv"] = ("CV", "个人简历"),
        ["lookbook"] = ("lookbook", "视觉手册"),
    };

    /// <summary>
    /// The sentence explaining screening reason <paramref name="code"/> to an applicant in <paramref name="language"/>
    /// (see <see cref="EmailLanguages.Normalize"/>). Codes are those of <see cref="ScreeningReasonCodes"/>, matched
    /// ignoring case, dashes and underscores. A non-empty
    /// <paramref name="detail"/> (for <c>text-too-long</c>: which text and its limit) is appended in brackets. An
    /// unknown code gives a generic sentence naming the code, so a new code never blocks an email.
    /// </summary>
    public static string ScreeningReason(string code, string language, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(code);
        var zh = IsChinese(language);
        var sentence = Reasons.TryGetValue(Key(code), out var text)
            ? (zh ? text.Zh : text.En)
            : zh ? $"申请不符合本项目的一项要求（{code.Trim()}）。" : $"The application did not meet one of the program's requirements ({code.Trim()}).";
        if (string.IsNullOrWhiteSpace(detail))
        {
            return sentence;
        }

        var inner = detail.Trim().TrimEnd('.', '。');
        return zh
            ? sentence.TrimEnd('。') + "（" + inner + "）。"
            : sentence.TrimEnd('.') + " (" + inner + ").";
    }

    /// <summary>
    /// The localised list the <c>ScreenedOut</c> email's <c>reasons</c> key wants, from the reasons as data. Parameters
    /// are shown where they help the applicant and read well in either language: which texts are too long (and by how
    /// much), which materials are missing (merged into one line), the staff's note.
    /// </summary>
    public static IReadOnlyList<string> ScreeningReasons(IEnumerable<ScreeningReasonModel>? reasons, string language)
    {
        var zh = IsChinese(language);
        var result = new List<string>();
        var missing = new List<string>();
        var missingAt = -1;
        foreach (var reason in reasons ?? [])
        {
            switch (Key(reason.Code))
            {
                case "missingmaterial":
                    if (missingAt < 0)
                    {
                        missingAt = result.Count;
                        result.Add("");
                    }

                    if (!string.IsNullOrWhiteSpace(reason.Field))
                    {
                        missing.Add(Name(reason.Field, zh));
                    }

                    break;
                case "texttoolong":
                    result.Add(ScreeningReason(reason.Code, language, TextTooLongDetail(reason, zh)));
                    break;
                case "staffoverride":
                    result.Add(ScreeningReason(reason.Code, language, reason.Note));
                    break;
                default:
                    result.Add(ScreeningReason(reason.Code, language));
                    break;
            }
        }

        if (missingAt >= 0)
        {
            result[missingAt] = ScreeningReason(
                ScreeningReasonCodes.MissingMaterial, language, string.Join(zh ? "、" : ", ", missing.Distinct(StringComparer.Ordinal)));
        }

        return result;
    }

    /// <summary>"synopsis: 2,400 characters, limit 2,000" / "故事梗概：2400 字，上限 2000 字"; null without the parameters.</summary>
    private static string? TextTooLongDetail(ScreeningReasonModel reason, bool zh)
    {
        if (string.IsNullOrWhiteSpace(reason.Field) || reason.Length is not { } length || reason.Limit is not { } limit)
        {
            return null;
        }

        var field = Name(reason.Field, zh);
        return zh
            ? $"{field}：{length.ToString(CultureInfo.InvariantCulture)} 字，上限 {limit.ToString(CultureInfo.InvariantCulture)} 字"
            : $"{field}: {length.ToString("N0", CultureInfo.InvariantCulture)} characters, limit {limit.ToString("N0", CultureInfo.InvariantCulture)}";
    }

    private static string Name(string name, bool zh)
    {
        var trimmed = name.Trim();
        var bare = trimmed.StartsWith("project.", StringComparison.OrdinalIgnoreCase) ? trimmed["project.".Length..] : trimmed;
        return Names.TryGetValue(bare.ToLowerInvariant(), out var localized) ? (zh ? localized.Zh : localized.En) : bare;
    }

    /// <summary>
    /// How a mentor's email of a blind program names the applicant, in place of the name, so that the templates read as
    /// they do with one: "submitted by an anonymous applicant", "匿名申请人的项目《…》" (ADR 0012).
    /// </summary>
    public static string AnonymousApplicant(string? language) => IsChinese(language) ? "匿名申请人" : "an anonymous applicant";

    private static string Key(string code) =>
        new([.. code.Trim().Where(c => c is not ('-' or '_' or ' ')).Select(char.ToLowerInvariant)]);

    private static bool IsChinese(string? language) => EmailLanguages.Normalize(language) == EmailLanguages.SimplifiedChinese;
}
