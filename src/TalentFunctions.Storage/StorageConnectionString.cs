using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace TalentFunctions.Storage;

/// <summary>
/// The check of an Azure Storage connection string made when the app starts, so that a wrong setting stops it with a
/// message saying what is wrong (the SDK clients' own messages are vaguer, and one of them echoes a segment that may be
/// the key). Supports <c>UseDevelopmentStorage=true</c>, <c>DefaultEndpointsProtocol=…;AccountName=…;AccountKey=…;EndpointSuffix=…</c>
/// and explicit <c>BlobEndpoint=</c>/<c>QueueEndpoint=</c>/<c>TableEndpoint=</c> overrides. The SDK clients are given the
/// original string; the account key is not kept here, and <see cref="ToString"/> and every error message leave it out.
/// </summary>
public sealed class StorageConnectionString
{
    /// <summary>The well-known key of the emulator account <c>devstoreaccount1</c> (public, documented).</summary>
    internal const string DevelopmentAccountName = "devstoreaccount1";
    internal const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly string[] KnownSettings =
    [
        "UseDevelopmentStorage", "DevelopmentStorageProxyUri", "DefaultEndpointsProtocol", "AccountName",
        "AccountKey", "EndpointSuffix", "BlobEndpoint", "QueueEndpoint", "TableEndpoint",
    ];

    private StorageConnectionString(
        string accountName,
        Uri? blobEndpoint,
        Uri? queueEndpoint,
        Uri? tableEndpoint,
        bool isDevelopmentStorage)
    {
        AccountName = accountName;
        BlobEndpoint = blobEndpoint;
        QueueEndpoint = queueEndpoint;
        TableEndpoint = tableEndpoint;
        IsDevelopmentStorage = isDevelopmentStorage;
    }

    public string AccountName { get; }

    public Uri? BlobEndpoint { get; }

    public Uri? QueueEndpoint { get; }

    public Uri? TableEndpoint { get; }

    /// <summary>True for <c>UseDevelopmentStorage=true</c>.</summary>
    public bool IsDevelopmentStorage { get; }

    /// <summary>Parses a connection string; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static StorageConnectionString Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var result = ParseCore(connectionString, out var error);
        return result ?? throw new FormatException(error);
    }

    public static bool TryParse(string? connectionString, [NotNullWhen(true)] out StorageConnectionString? result)
    {
        result = connectionString is null ? null : ParseCore(connectionString, out _);
        return result is not null;
    }

    /// <summary>True when the account is the emulator's well-known account (Azurite, however it is addressed).</summary>
    public bool IsEmulator => IsDevelopmentStorage || AccountName == DevelopmentAccountName;

    /// <summary>The settings without the account key.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("AccountName=").Append(AccountName);
        if (BlobEndpoint is not null)
        {
            text.Append(";BlobEndpoint=").Append(BlobEndpoint);
        }

        if (QueueEndpoint is not null)
        {
            text.Append(";QueueEndpoint=").Append(QueueEndpoint);
        }

        if (TableEndpoint is not null)
        {
            text.Append(";TableEndpoint=").Append(TableEndpoint);
        }

        return text.ToString();
    }

    private static StorageConnectionString? ParseCore(string connectionString, out string error)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var segments = connectionString.Split(';');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i].Trim();
            if (segment.Length == 0)
            {
                continue;
            }

            var equals = segment.IndexOf('=');
            if (equals <= 0)
            {
                // Never echo the segment: it might be (part of) the key.
                error = $"Connection string segment {i + 1} is not of the form Name=Value.";
                return null;
            }

            var name = segment[..equals].Trim();
            var value = segment[(equals + 1)..].Trim();
            var known = Array.Find(KnownSettings, k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
            if (known is null)
            {
                error = "SharedAccessSignature".Equals(name, StringComparison.OrdinalIgnoreCase)
                    ? "Connection strings with a SharedAccessSignature are not supported; use AccountName and AccountKey."
                    : $"Connection string {DescribeUnknown(name, i + 1)} is not recognised.";
                return null;
            }

            if (!settings.TryAdd(known, value))
            {
                error = $"Connection string setting '{known}' appears more than once.";
                return null;
            }
        }

        if (settings.Count == 0)
        {
            error = "The connection string is empty.";
            return null;
        }

        if (settings.TryGetValue("UseDevelopmentStorage", out var useDev))
        {
            return ParseDevelopmentStorage(settings, useDev, out error);
        }

        if (!settings.TryGetValue("AccountName", out var accountName) || accountName.Length == 0)
        {
            error = "The connection string has no AccountName.";
            return null;
        }

        if (!settings.TryGetValue("AccountKey", out var accountKey) || accountKey.Length == 0)
        {
            error = "The connection string has no AccountKey.";
            return null;
        }

        if (!IsBase64(accountKey))
        {
            error = "The AccountKey in the connection string is not valid Base64.";
            return null;
        }

        var protocol = settings.GetValueOrDefault("DefaultEndpointsProtocol", "https");
        if (protocol is not ("http" or "https"))
        {
            error = "DefaultEndpointsProtocol must be 'http' or 'https'.";
            return null;
        }

        var suffix = settings.GetValueOrDefault("EndpointSuffix", "core.windows.net").Trim('.');
        if (suffix.Length == 0 || suffix.Contains('/'))
        {
            error = "EndpointSuffix must be a host name suffix such as core.windows.net.";
            return null;
        }

        Uri? Endpoint(string setting, string service, out string? problem)
        {
            problem = null;
            if (settings.TryGetValue(setting, out var explicitValue))
            {
                if (!Uri.TryCreate(explicitValue, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
                {
                    problem = $"{setting} must be an absolute http or https URI.";
                    return null;
                }

                return uri;
            }

            return Uri.TryCreate($"{protocol}://{accountName}.{service}.{suffix}", UriKind.Absolute, out var derived)
                ? derived
                : null;
        }

        var blob = Endpoint("BlobEndpoint", "blob", out var blobProblem);
        var queue = Endpoint("QueueEndpoint", "queue", out var queueProblem);
        var table = Endpoint("TableEndpoint", "table", out var tableProblem);
        var firstProblem = blobProblem ?? queueProblem ?? tableProblem;
        if (firstProblem is not null)
        {
            error = firstProblem;
            return null;
        }

        if (blob is null || queue is null || table is null)
        {
            error = "AccountName or EndpointSuffix does not form a valid host name.";
            return null;
        }

        error = string.Empty;
        return new StorageConnectionString(
            accountName, blob, queue, table, isDevelopmentStorage: false);
    }

    private static StorageConnectionString? ParseDevelopmentStorage(Dictionary<string, string> settings, string useDev, out string error)
    {
        if (!string.Equals(useDev, "true", StringComparison.OrdinalIgnoreCase))
        {
            error = "UseDevelopmentStorage must be 'true' when present.";
            return null;
        }

        var extra = settings.Keys.FirstOrDefault(k => k is not ("UseDevelopmentStorage" or "DevelopmentStorageProxyUri"));
        if (extra is not null)
        {
            error = $"UseDevelopmentStorage=true cannot be combined with '{extra}'.";
            return null;
        }

        var host = "http://127.0.0.1";
        if (settings.TryGetValue("DevelopmentStorageProxyUri", out var proxy))
        {
            if (!Uri.TryCreate(proxy, UriKind.Absolute, out var proxyUri) || (proxyUri.Scheme != "http" && proxyUri.Scheme != "https"))
            {
                error = "DevelopmentStorageProxyUri must be an absolute http or https URI.";
                return null;
            }

            host = $"{proxyUri.Scheme}://{proxyUri.Host}";
        }

        error = string.Empty;
        return new StorageConnectionString(
            DevelopmentAccountName,
            new Uri($"{host}:10000/{DevelopmentAccountName}"),
            new Uri($"{host}:10001/{DevelopmentAccountName}"),
            new Uri($"{host}:10002/{DevelopmentAccountName}"),
            isDevelopmentStorage: true);
    }

    private static bool IsBase64(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out var written) && written > 0;
    }

    // Only short alphabetic names are echoed: a pasted key (Base64, often ending in '=') must never be.
    private static string DescribeUnknown(string name, int segment) =>
        name.Length is > 0 and <= 32 && name.All(char.IsAsciiLetter)
            ? $"setting '{name}' (segment {segment})"
            : $"setting in segment {segment}";
}
