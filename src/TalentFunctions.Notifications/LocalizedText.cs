using System.Globalization;
using System.Text.RegularExpressions;

namespace TalentFunctions.Notifications;

/// <summary>Short texts the workflow puts into email models, in the recipient's language.</summary>
public static partial class LocalizedText
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

    // Keyed by the code without dashes/underscores, lower case, so "text-too-long" and the Domain's "TextTooLong" meet.
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

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["graduationyearinfuture"] = "graduationyearinvalid",
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
    /// (see <see cref="EmailLanguages.Normalize"/>). Codes are those of <see cref="ScreeningReasonCodes"/>; the Domain's
    /// enum names (<c>TextTooLong</c>, <c>GraduationYearInFuture</c> …) are accepted too. A non-empty
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
    /// Turns the Domain's screening reasons (one <c>ReasonName: detail</c> per line) into the localised list the
    /// <c>ScreenedOut</c> email's <c>reasons</c> key wants. Details are kept where they help the applicant and read
    /// well in either language: which texts are too long (and by how much), which materials are missing (merged into
    /// one line), the staff's note; the Domain's other details are English diagnostics and are left out.
    /// </summary>
    public static IReadOnlyList<string> ScreeningReasons(string? reasonLines, string language)
    {
        var zh = IsChinese(language);
        var result = new List<string>();
        var missing = new List<string>();
        var missingAt = -1;
        foreach (var line in (reasonLines ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var code = colon < 0 ? line : line[..colon];
            var detail = colon < 0 ? "" : line[(colon + 1)..].Trim();
            var key = Key(code);
            switch (key)
            {
                case "missingmaterial":
                    if (missingAt < 0)
                    {
                        missingAt = result.Count;
                        result.Add("");
                    }

                    if (detail.Length > 0)
                    {
                        missing.Add(Name(detail, zh));
                    }

                    break;
                case "texttoolong":
                    result.Add(ScreeningReason(code, language, TextTooLongDetail(detail, zh)));
                    break;
                case "staffoverride":
                    result.Add(ScreeningReason(code, language, detail));
                    break;
                default:
                    result.Add(ScreeningReason(code, language));
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

    private static string TextTooLongDetail(string detail, bool zh)
    {
        var match = TextTooLongPattern().Match(detail);
        if (!match.Success)
        {
            return detail;
        }

        var field = Name(match.Groups["field"].Value, zh);
        var length = int.Parse(match.Groups["length"].Value, CultureInfo.InvariantCulture);
        var limit = int.Parse(match.Groups["limit"].Value, CultureInfo.InvariantCulture);
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

    private static string Key(string code)
    {
        var key = new string([.. code.Trim().Where(c => c is not ('-' or '_' or ' ')).Select(char.ToLowerInvariant)]);
        return Aliases.TryGetValue(key, out var alias) ? alias : key;
    }

    private static bool IsChinese(string? language) => EmailLanguages.Normalize(language) == EmailLanguages.SimplifiedChinese;

    [GeneratedRegex(@"^(?<field>[\w.]+) has (?<length>\d+) characters \(limit (?<limit>\d+)\)$", RegexOptions.CultureInvariant)]
    private static partial Regex TextTooLongPattern();
}
