using System.Security.Cryptography;
using System.Text;

namespace TalentFunctions.Web.Security;

/// <summary>
/// Applicant access tokens: 256 random bits, shown once, stored only as a SHA-256 hash, compared in
/// constant time. A create replayed with the same Idempotency-Key and body must answer with the same
/// token without it being stored anywhere, so those tokens are derived with an HMAC under the server's
/// link-signing key from the key and the body hash (still 256 unpredictable bits).
/// </summary>
public sealed class AccessTokens(byte[] serverKey)
{
    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public string DeriveToken(string idempotencyKey, string bodyHash)
    {
        var mac = HMACSHA256.HashData(serverKey, Encoding.UTF8.GetBytes($"access-token\n{idempotencyKey}\n{bodyHash}"));
        return Base64Url(mac);
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static bool Matches(string? presentedToken, string storedHash)
    {
        if (string.IsNullOrEmpty(presentedToken) || presentedToken.Length > 200)
        {
            return false;
        }
        var presented = Encoding.ASCII.GetBytes(Hash(presentedToken));
        var stored = Encoding.ASCII.GetBytes(storedHash);
        return CryptographicOperations.FixedTimeEquals(presented, stored);
    }

    /// <summary>The bearer token of a request, if it has one.</summary>
    public static string? FromRequest(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
