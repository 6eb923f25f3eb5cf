using System.Net;
using System.Text;

namespace TalentFunctions.Storage.Auth;

/// <summary>
/// Signs each attempt with Shared Key. It sits below the retry handler, after the content is attached,
/// so the signed Content-Type and Content-Length are exactly the ones sent.
/// </summary>
internal sealed class SharedKeyHandler : DelegatingHandler
{
    private readonly StorageSharedKeyCredential _credential;
    private readonly StorageServiceKind _kind;

    public SharedKeyHandler(StorageSharedKeyCredential credential, StorageServiceKind kind, HttpMessageHandler inner)
        : base(inner)
    {
        _credential = credential;
        _kind = kind;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var stringToSign = _kind == StorageServiceKind.Table
            ? TableStringToSign(request, _credential.AccountName)
            : BlobQueueStringToSign(request, _credential.AccountName);
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation(
            "Authorization", $"SharedKey {_credential.AccountName}:{_credential.ComputeSignature(stringToSign)}");
        return base.SendAsync(request, cancellationToken);
    }

    /// <summary>Blob and Queue Shared Key string-to-sign (versions 2015-02-21 and later).</summary>
    internal static string BlobQueueStringToSign(HttpRequestMessage request, string accountName)
    {
        var contentLength = request.Content?.Headers.ContentLength;
        var text = new StringBuilder(256);
        text.Append(request.Method.Method).Append('\n')
            .Append(ContentHeader(request, "Content-Encoding")).Append('\n')
            .Append(ContentHeader(request, "Content-Language")).Append('\n')
            .Append(contentLength is null or 0 ? string.Empty : contentLength.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n')
            .Append(ContentHeader(request, "Content-MD5")).Append('\n')
            .Append(ContentHeader(request, "Content-Type")).Append('\n')
            .Append(string.Empty).Append('\n') // Date: empty because x-ms-date is always sent
            .Append(Header(request, "If-Modified-Since")).Append('\n')
            .Append(Header(request, "If-Match")).Append('\n')
            .Append(Header(request, "If-None-Match")).Append('\n')
            .Append(Header(request, "If-Unmodified-Since")).Append('\n')
            .Append(Header(request, "Range")).Append('\n');

        foreach (var header in request.Headers
                     .Where(h => h.Key.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
                     .Select(h => (Name: h.Key.ToLowerInvariant(), Value: string.Join(",", h.Value.Select(Normalize))))
                     .OrderBy(h => h.Name, StringComparer.Ordinal))
        {
            text.Append(header.Name).Append(':').Append(header.Value).Append('\n');
        }

        var uri = request.RequestUri!;
        text.Append('/').Append(accountName).Append(uri.AbsolutePath);
        foreach (var parameter in ParseQuery(uri.Query)
                     .GroupBy(p => p.Name.ToLowerInvariant())
                     .OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var values = parameter.Select(p => p.Value).Order(StringComparer.Ordinal);
            text.Append('\n').Append(parameter.Key).Append(':').Append(string.Join(",", values));
        }

        return text.ToString();
    }

    /// <summary>Table Shared Key string-to-sign: no canonicalized headers, only <c>comp</c> from the query.</summary>
    internal static string TableStringToSign(HttpRequestMessage request, string accountName)
    {
        var uri = request.RequestUri!;
        var text = new StringBuilder(128);
        text.Append(request.Method.Method).Append('\n')
            .Append(ContentHeader(request, "Content-MD5")).Append('\n')
            .Append(ContentHeader(request, "Content-Type")).Append('\n')
            .Append(Header(request, "x-ms-date")).Append('\n')
            .Append('/').Append(accountName).Append(uri.AbsolutePath);
        var comp = ParseQuery(uri.Query).FirstOrDefault(p => string.Equals(p.Name, "comp", StringComparison.OrdinalIgnoreCase));
        if (comp.Name is not null)
        {
            text.Append("?comp=").Append(comp.Value);
        }

        return text.ToString();
    }

    private static IEnumerable<(string Name, string Value)> ParseQuery(string query)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? string.Empty : pair[(equals + 1)..];
            yield return (WebUtility.UrlDecode(name), WebUtility.UrlDecode(value));
        }
    }

    private static string Header(HttpRequestMessage request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : string.Empty;

    private static string ContentHeader(HttpRequestMessage request, string name) =>
        request.Content is not null && request.Content.Headers.TryGetValues(name, out var values)
            ? string.Join(",", values)
            : string.Empty;

    private static string Normalize(string value)
    {
        var trimmed = value.Trim();
        if (!trimmed.Contains("  ", StringComparison.Ordinal))
        {
            return trimmed;
        }

        var text = new StringBuilder(trimmed.Length);
        var lastWasSpace = false;
        foreach (var c in trimmed)
        {
            if (c == ' ' && lastWasSpace)
            {
                continue;
            }

            text.Append(c);
            lastWasSpace = c == ' ';
        }

        return text.ToString();
    }
}
