using TalentFunctions.Notifications;

namespace TalentFunctions.Notifications.Tests;

/// <summary>Models for rendering tests, built from the contract so every documented key is exercised.</summary>
internal static class TemplateModels
{
    public const string Injection = "<script>alert(1)</script>\"'&";

    public static IEnumerable<object[]> KindsAndLanguages() =>
        from kind in EmailKinds.All
        from language in EmailLanguages.All
        select new object[] { kind, language };

    /// <summary>Every required and optional key of <paramref name="kind"/>, with realistic values.</summary>
    public static Dictionary<string, object?> Realistic(string kind) => Build(kind, key => key switch
    {
        EmailModelKeys.RecipientName => "林小雨",
        EmailModelKeys.ProgramName => "Emerging Voices Lab 2027",
        EmailModelKeys.ProjectTitle => "The Tide Between Us",
        EmailModelKeys.ApplicationId => "app-7f3c2a",
        EmailModelKeys.Deadline => "2027-03-31 23:59 (Asia/Shanghai)",
        EmailModelKeys.SubmittedAt => "2027-03-02 10:15 (Asia/Shanghai)",
        EmailModelKeys.ExpiresAt => "2027-05-14 18:00 (Asia/Taipei)",
        EmailModelKeys.DueAt => "2027-04-20 12:00 (Europe/Berlin)",
        EmailModelKeys.Note => "Workshops start on 1 June in Beijing.",
        EmailModelKeys.MentorName => kind.StartsWith("Mentor", StringComparison.Ordinal) ? "林小雨" : "Mentor Chen Kaige-Wu",
        EmailModelKeys.ApplicantName => "Applicant Zhou Xun-Li",
        EmailModelKeys.Reason => "SendGrid rejected the message (400).",
        EmailModelKeys.Score => 4.5,
        EmailModelKeys.Reasons => new[] { "First reason text.", "Second reason text." },
        EmailModelKeys.Recommendations => new List<string> { "Mentor Chen: advance", "Mentor Wu: decline" },
        EmailModelKeys.UnfilledSlots => 2,
        EmailModelKeys.Cycle => "2027",
        EmailModelKeys.SweepAt => "2027-09-01 03:00 (Asia/Shanghai)",
        EmailModelKeys.SweptAt => "2027-09-01 03:42 (Asia/Shanghai)",
        EmailModelKeys.ToReduce => 1318,
        EmailModelKeys.Reduced => 1318,
        EmailModelKeys.Accepted => 24,
        _ when EmailModelContract.IsUrlKey(key) => $"https://apply.example.org/{key}/abc?token=x_y-z",
        _ => throw new InvalidOperationException($"No test value for '{key}'."),
    });

    /// <summary>Every value carries Chinese, an emoji, a line break and an HTML-injection attempt.</summary>
    public static Dictionary<string, object?> Hostile(string kind) => Build(kind, key =>
        EmailModelContract.ListKeys.Contains(key) ? new[] { HostileText(key + "1"), HostileText(key + "2") }
        : EmailModelContract.IsUrlKey(key) ? $"https://example.org/{key}/🎬?q={Injection}"
        : HostileText(key));

    public static string HostileText(string key) => $"林小雨 🎬 {key}\r\n{Injection}";

    /// <summary>Only the keys <paramref name="kind"/> requires.</summary>
    public static Dictionary<string, object?> RequiredOnly(string kind)
    {
        var model = Realistic(kind);
        foreach (var key in EmailModelContract.OptionalKeys(kind))
        {
            model.Remove(key);
        }

        return model;
    }

    private static Dictionary<string, object?> Build(string kind, Func<string, object?> value)
    {
        var model = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var key in EmailModelContract.RequiredKeys(kind).Concat(EmailModelContract.OptionalKeys(kind)))
        {
            model[key] = value(key);
        }

        return model;
    }
}
