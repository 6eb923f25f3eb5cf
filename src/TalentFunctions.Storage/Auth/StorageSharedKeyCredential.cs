using System.Security.Cryptography;
using System.Text;

namespace TalentFunctions.Storage.Auth;

/// <summary>
/// An account name and its Shared Key. The key is kept private: it is never exposed as a property
/// and never appears in <see cref="ToString"/> or in exception messages.
/// </summary>
public sealed class StorageSharedKeyCredential
{
    private readonly byte[] _key;

    public StorageSharedKeyCredential(string accountName, string accountKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountName);
        ArgumentException.ThrowIfNullOrWhiteSpace(accountKey);
        AccountName = accountName;
        _key = DecodeKey(accountKey) ?? throw new FormatException("The account key is not valid Base64.");
    }

    public string AccountName { get; }

    /// <summary>Base64(HMAC-SHA256(key, UTF-8(stringToSign))).</summary>
    internal string ComputeSignature(string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign)));

    internal static byte[]? DecodeKey(string accountKey)
    {
        var buffer = new byte[accountKey.Length];
        return Convert.TryFromBase64String(accountKey.Trim(), buffer, out var written) && written > 0
            ? buffer[..written]
            : null;
    }

    public override string ToString() => $"StorageSharedKeyCredential(AccountName={AccountName})";
}
