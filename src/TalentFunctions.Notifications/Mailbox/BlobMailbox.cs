using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;

namespace TalentFunctions.Notifications.Mailbox;

/// <summary>
/// Layout of the dev mailbox container. Each message is one JSON blob named
/// <c>messages/{inverted ticks}-{recipient hash}-{effect hash}.json</c>, so a listing in name order is newest first
/// and a recipient filter can skip blobs without downloading them; <c>effects/{effect hash}</c> records which
/// message blob an effect went to, so sending the same effect again rewrites that blob instead of adding one.
/// </summary>
public static class BlobMailbox
{
    /// <summary>The container the app uses.</summary>
    public const string ContainerName = "mailbox";

    internal const string MessagePrefix = "messages/";
    internal const string EffectPrefix = "effects/";
    internal const string Suffix = ".json";

    internal static string EffectHash(string effectId) => Hash(effectId, 32);

    internal static string RecipientHash(string to) => Hash(to.Trim().ToUpperInvariant(), 8);

    internal static string MessageId(DateTimeOffset sentAt, string to, string effectId) =>
        (DateTimeOffset.MaxValue.UtcTicks - sentAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture)
        + "-" + RecipientHash(to) + "-" + EffectHash(effectId)[..16];

    internal static string MessageBlobName(string id) => MessagePrefix + id + Suffix;

    /// <summary>Parses an id made by <see cref="MessageId"/>; null when <paramref name="id"/> is not one.</summary>
    internal static (DateTimeOffset SentAt, string RecipientHash)? ParseId(string? id)
    {
        if (id is not { Length: 19 + 1 + 8 + 1 + 16 } || id[19] != '-' || id[28] != '-'
            || !long.TryParse(id.AsSpan(0, 19), NumberStyles.None, CultureInfo.InvariantCulture, out var inverted)
            || !IsHex(id.AsSpan(20, 8))
            || !IsHex(id.AsSpan(29, 16)))
        {
            return null;
        }

        var ticks = DateTimeOffset.MaxValue.UtcTicks - inverted;
        return ticks < DateTimeOffset.MinValue.UtcTicks ? null : (new DateTimeOffset(ticks, TimeSpan.Zero), id.Substring(20, 8));
    }

    private static bool IsHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static string Hash(string value, int hexChars) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..hexChars];
}

/// <summary>What a mailbox blob holds.</summary>
internal sealed record MailboxDocument(
    [property: JsonPropertyName("effectId")] string EffectId,
    [property: JsonPropertyName("applicationId")] string ApplicationId,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("to")] string To,
    [property: JsonPropertyName("toName")] string? ToName,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("html")] string Html,
    [property: JsonPropertyName("sentAt")] DateTimeOffset SentAt);

[JsonSerializable(typeof(MailboxDocument))]
internal sealed partial class MailboxJsonContext : JsonSerializerContext;
