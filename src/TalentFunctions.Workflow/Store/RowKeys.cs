using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace TalentFunctions.Workflow.Store;

/// <summary>Row keys of the rows in an application's partition (DESIGN §4).</summary>
public static partial class RowKeys
{
    public const string State = "state";
    public const string EventPrefix = "e";
    public const string EffectPrefix = "o";
    public const string CommandPrefix = "c";

    /// <summary>One row per email sent about the application: its kind, recipient kind and time (never the address).</summary>
    public const string SentEmailPrefix = "m";

    /// <summary>
    /// The erasure row (ADR 0014): written when erasure is requested, and the only row left once it is done — the audit
    /// entry, with no personal data.
    /// </summary>
    public const string Erasure = "privacy";

    public static string SentEmail(string effectId) => SentEmailPrefix + Safe(effectId);

    public static string Event(long version) => EventPrefix + version.ToString("D10", System.Globalization.CultureInfo.InvariantCulture);

    public static string Effect(string effectId) => EffectPrefix + Safe(effectId);

    public static string Command(string commandId) => CommandPrefix + Safe(commandId);

    /// <summary>
    /// Keys may not hold '/', '\', '#', '?' or control characters; ids from outside (an
    /// Idempotency-Key header, say) are kept when plain and hashed otherwise.
    /// </summary>
    public static string Safe(string id)
    {
        if (id.Length is > 0 and <= 200 && PlainKey().IsMatch(id))
        {
            return id;
        }
        return "h" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));
    }

    [GeneratedRegex("^[A-Za-z0-9_.:@=+-]+$")]
    private static partial Regex PlainKey();
}
