namespace TalentFunctions.Notifications.Links;

/// <summary>Settings for <see cref="LinkTokenService"/> (section <c>LinkTokens</c>).</summary>
public sealed class LinkTokenOptions
{
    public const string SectionName = "LinkTokens";

    /// <summary>Smallest key accepted: 32 bytes, the HMAC-SHA256 block-size guidance for full strength.</summary>
    public const int MinimumKeyBytes = 32;

    /// <summary>The HMAC key, base64 (or base64url) encoded, at least 32 bytes once decoded. Keep it in Key Vault.</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>
    /// Keys that no longer sign but still validate, so links already sent keep working while a key is rotated.
    /// </summary>
    public IList<string> PreviousSigningKeys { get; } = [];

    /// <summary>Options holding <paramref name="key"/> (handy in tests and tools).</summary>
    public static LinkTokenOptions FromKey(ReadOnlySpan<byte> key) => new() { SigningKey = Convert.ToBase64String(key) };

    /// <summary>Returns every problem with these settings (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        Check(SigningKey, "LinkTokens:SigningKey", problems);
        for (var i = 0; i < PreviousSigningKeys.Count; i++)
        {
            Check(PreviousSigningKeys[i], $"LinkTokens:PreviousSigningKeys:{i}", problems);
        }

        return problems;
    }

    internal static byte[]? Decode(string? key)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            return null;
        }

        var base64 = key.Trim().Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        var buffer = new byte[base64.Length * 3 / 4];
        return Convert.TryFromBase64String(base64, buffer, out var written) ? buffer[..written] : null;
    }

    private static void Check(string? key, string name, List<string> problems)
    {
        var bytes = Decode(key);
        if (bytes is null)
        {
            problems.Add($"{name} must be a base64-encoded key.");
        }
        else if (bytes.Length < MinimumKeyBytes)
        {
            problems.Add($"{name} must be at least {MinimumKeyBytes} bytes (it is {bytes.Length}).");
        }
    }
}
