using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace TalentFunctions.Notifications.Links;

/// <summary>
/// Creates and checks the tokens in email links. A token is <c>base64url(payload) "." base64url(mac)</c>: the payload
/// holds a format version, the purpose, the expiry (Unix seconds) and the application and subject ids; the MAC is
/// HMAC-SHA256 over the whole payload. Tokens are URL-safe, carry no secrets (ids only) and cannot be altered
/// without the key. Expiry has one-second precision. Thread-safe.
/// </summary>
public sealed class LinkTokenService
{
    private const byte Version = 1;
    private const int MacBytes = 32;
    private const int MaxIdBytes = 255;
    private const int MaxTokenChars = 2048;
    private const int HeaderBytes = 1 + 1 + 8;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly byte[] signingKey;
    private readonly byte[][] validationKeys;
    private readonly TimeProvider timeProvider;

    public LinkTokenService(LinkTokenOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid link token settings: " + string.Join(" ", problems), nameof(options));
        }

        signingKey = LinkTokenOptions.Decode(options.SigningKey)!;
        validationKeys = [signingKey, .. options.PreviousSigningKeys.Select(key => LinkTokenOptions.Decode(key)!)];
        this.timeProvider = timeProvider;
    }

    /// <summary>A token for <paramref name="purpose"/> on <paramref name="applicationId"/>/<paramref name="subjectId"/>.</summary>
    /// <exception cref="ArgumentException">An id is empty or longer than 255 UTF-8 bytes, or the purpose is undefined.</exception>
    public string Create(LinkPurpose purpose, string applicationId, string subjectId, DateTimeOffset expiresAt)
    {
        if (!Enum.IsDefined(purpose))
        {
            throw new ArgumentException($"Unknown link purpose {(int)purpose}.", nameof(purpose));
        }

        var application = IdBytes(applicationId, nameof(applicationId));
        var subject = IdBytes(subjectId, nameof(subjectId));
        var payload = new byte[HeaderBytes + 1 + application.Length + 1 + subject.Length];
        payload[0] = Version;
        payload[1] = (byte)purpose;
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(2), expiresAt.ToUnixTimeSeconds());
        var offset = HeaderBytes;
        payload[offset++] = (byte)application.Length;
        application.CopyTo(payload, offset);
        offset += application.Length;
        payload[offset++] = (byte)subject.Length;
        subject.CopyTo(payload, offset);

        var mac = HMACSHA256.HashData(signingKey, payload);
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(mac);
    }

    /// <summary>Checks <paramref name="token"/> for a page that serves <paramref name="expected"/>.</summary>
    public LinkTokenValidation Validate(string? token, LinkPurpose expected)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenChars)
        {
            return new LinkTokenValidation.Malformed();
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot != token.LastIndexOf('.') || !TryDecode(token.AsSpan(0, dot), out var payload) || !TryDecode(token.AsSpan(dot + 1), out var mac)
            || mac.Length != MacBytes || !TryParse(payload, out var parsed))
        {
            return new LinkTokenValidation.Malformed();
        }

        if (!validationKeys.Any(key => CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, payload), mac)))
        {
            return new LinkTokenValidation.BadSignature();
        }

        var (purpose, applicationId, subjectId, expiresAt) = parsed;
        if (purpose != expected)
        {
            return new LinkTokenValidation.WrongPurpose(expected, purpose);
        }

        return timeProvider.GetUtcNow() >= expiresAt
            ? new LinkTokenValidation.Expired(purpose, applicationId, subjectId, expiresAt)
            : new LinkTokenValidation.Valid(purpose, applicationId, subjectId, expiresAt);
    }

    private static byte[] IdBytes(string id, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(id, name);
        var bytes = Encoding.UTF8.GetBytes(id);
        return bytes.Length <= MaxIdBytes ? bytes : throw new ArgumentException($"The id is longer than {MaxIdBytes} UTF-8 bytes.", name);
    }

    private static bool TryDecode(ReadOnlySpan<char> text, out byte[] bytes)
    {
        bytes = [];
        if (text.IsEmpty || !Base64Url.IsValid(text, out var length))
        {
            return false;
        }

        var buffer = new byte[length];
        if (!Base64Url.TryDecodeFromChars(text, buffer, out var written))
        {
            return false;
        }

        bytes = buffer[..written];
        return true;
    }

    private static bool TryParse(byte[] payload, out (LinkPurpose Purpose, string ApplicationId, string SubjectId, DateTimeOffset ExpiresAt) parsed)
    {
        parsed = default;
        if (payload.Length < HeaderBytes + 2 || payload[0] != Version || !Enum.IsDefined((LinkPurpose)payload[1]))
        {
            return false;
        }

        var seconds = BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(2));
        if (seconds < DateTimeOffset.MinValue.ToUnixTimeSeconds() || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return false;
        }

        var offset = HeaderBytes;
        if (!TryReadId(payload, ref offset, out var applicationId) || !TryReadId(payload, ref offset, out var subjectId) || offset != payload.Length)
        {
            return false;
        }

        parsed = ((LinkPurpose)payload[1], applicationId, subjectId, DateTimeOffset.FromUnixTimeSeconds(seconds));
        return true;
    }

    private static bool TryReadId(byte[] payload, ref int offset, out string id)
    {
        id = "";
        if (offset >= payload.Length)
        {
            return false;
        }

        var length = payload[offset++];
        if (length == 0 || offset + length > payload.Length)
        {
            return false;
        }

        try
        {
            id = StrictUtf8.GetString(payload, offset, length);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        offset += length;
        return true;
    }
}
