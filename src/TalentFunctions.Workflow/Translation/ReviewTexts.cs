using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;

namespace TalentFunctions.Workflow.Translation;

/// <summary>
/// The free texts a mentor reads on the review page, as the applicant wrote them: the project's title, logline and
/// synopsis, and the applicant's film school, roles and awards. <see cref="All"/> is the order they are translated
/// and stored in; <see cref="Hash"/> identifies them (with their language), so an edited text is translated again.
/// </summary>
public sealed record ReviewTexts(
    string Title,
    string Logline,
    string Synopsis,
    string School,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Awards)
{
    /// <summary>
    /// The texts a mentor of <paramref name="program"/> reads. In a blind program (ADR 0012) mentors never see the
    /// applicant's school, roles or awards, so they are neither translated nor sent to the Translator.
    /// </summary>
    public static ReviewTexts Of(ApplicationState state, ProgramDefinition? program)
    {
        var blind = program is null || MentorView.IsBlind(program);
        return new(
            state.Project.Title,
            state.Project.Logline,
            state.Project.Synopsis,
            blind ? "" : state.Applicant.School,
            blind ? [] : state.Applicant.Roles ?? [],
            blind ? [] : state.Applicant.Awards ?? []);
    }

    /// <summary>Every text, in a fixed order: title, logline, synopsis, school, the roles, the awards.</summary>
    public IReadOnlyList<string> All => [Title, Logline, Synopsis, School, .. Roles, .. Awards];

    /// <summary>The same shape filled with <paramref name="texts"/> (as <see cref="All"/> orders them), or null when the count differs.</summary>
    public ReviewTexts? With(IReadOnlyList<string> texts)
    {
        if (texts.Count != 4 + Roles.Count + Awards.Count)
        {
            return null;
        }
        return new ReviewTexts(
            texts[0], texts[1], texts[2], texts[3],
            [.. texts.Skip(4).Take(Roles.Count)],
            [.. texts.Skip(4 + Roles.Count).Take(Awards.Count)]);
    }

    /// <summary>SHA-256 (hex) of the texts and the language they are declared in.</summary>
    public string Hash(string? language)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new { language = language ?? "", texts = All });
        return Convert.ToHexStringLower(SHA256.HashData(json));
    }
}

/// <summary>Which language a mentor reads, and how our language codes map to the Translator's.</summary>
public static class TranslationLanguages
{
    /// <summary>The mentor's preferred language from the programs file: Chinese for zh (and zh-*), English otherwise or when unknown.</summary>
    public static string ForMentor(MentorDefinition? mentor) =>
        IsChinese(mentor?.PreferredLanguage) ? Languages.Chinese : Languages.English;

    /// <summary>True when a reader of <paramref name="reader"/> reads <paramref name="source"/> as it is (same primary language subtag).</summary>
    public static bool Same(string? source, string reader) =>
        string.Equals(Primary(source), Primary(reader), StringComparison.OrdinalIgnoreCase);

    /// <summary>The Translator's <c>to</c> code for a reader's language (Simplified Chinese for zh, as the emails).</summary>
    public static string Target(string reader) => IsChinese(reader) ? "zh-Hans" : Languages.English;

    /// <summary>
    /// The Translator's <c>from</c> code for a project language, or null to let the Translator detect it (a code the
    /// Translator may not know).
    /// </summary>
    public static string? Source(string? projectLanguage) => projectLanguage?.Trim().ToLowerInvariant() switch
    {
        "zh" or "zh-cn" or "zh-hans" => "zh-Hans",
        "zh-tw" or "zh-hk" or "zh-hant" => "zh-Hant",
        "yue" => "yue",
        "en" or "en-us" or "en-gb" => Languages.English,
        _ => null,
    };

    private static bool IsChinese(string? language) =>
        language is not null && (language == Languages.Chinese || language.StartsWith("zh-", StringComparison.OrdinalIgnoreCase));

    private static string Primary(string? language)
    {
        var code = (language ?? "").Trim();
        var dash = code.IndexOf('-', StringComparison.Ordinal);
        return dash < 0 ? code : code[..dash];
    }
}
