namespace TalentFunctions.Notifications;

/// <summary>The languages emails are written in.</summary>
public static class EmailLanguages
{
    public const string English = "en";
    public const string SimplifiedChinese = "zh";

    public static IReadOnlyList<string> All { get; } = [English, SimplifiedChinese];

    /// <summary>
    /// Maps a preferred language to one we write in: <c>zh</c> and any <c>zh-…</c> tag (zh-CN, zh-Hans) give
    /// <c>zh</c>; anything else, including null, falls back to <c>en</c>.
    /// </summary>
    public static string Normalize(string? language)
    {
        if (language is null)
        {
            return English;
        }

        var trimmed = language.Trim();
        return trimmed.Equals("zh", StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("zh-", StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("zh_", StringComparison.OrdinalIgnoreCase)
            ? SimplifiedChinese
            : English;
    }
}
