using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security;
using System.Text;
using System.Xml.Linq;
using TalentFunctions.Storage.Internal;

namespace TalentFunctions.Storage.Queues;

/// <summary>
/// Operations on one queue. Message bodies are UTF-8 text (JSON by convention), Base64-encoded on the wire —
/// the encoding the Azure Functions queue trigger expects by default.
/// </summary>
public sealed class QueueClient
{
    /// <summary>Most messages one receive or peek can return.</summary>
    public const int MaxMessagesPerReceive = 32;

    private const int MaxVisibilitySeconds = 7 * 24 * 60 * 60;

    private readonly StoragePipeline _pipeline;

    internal QueueClient(StoragePipeline pipeline, string queueName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(queueName);
        _pipeline = pipeline;
        Name = queueName;
        Uri = pipeline.BuildUri(Uri.EscapeDataString(queueName));
    }

    public string Name { get; }

    public Uri Uri { get; }

    /// <summary>Creates the queue. Returns true if created, false if it already existed.</summary>
    public async Task<bool> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var request = _pipeline.CreateRequest(HttpMethod.Put, Uri);
        using var response = await _pipeline.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            return true;
        }

        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return false; // already there, same metadata
        }

        var error = await StoragePipeline.CreateExceptionAsync(response, cancellationToken).ConfigureAwait(false);
        if (error.Status == 409 && error.ErrorCode == "QueueAlreadyExists")
        {
            return false;
        }

        throw error;
    }

    /// <summary>Deletes the queue and its messages. Returns false if it did not exist.</summary>
    public async Task<bool> DeleteIfExistsAsync(CancellationToken cancellationToken = default)
    {
        using var request = _pipeline.CreateRequest(HttpMethod.Delete, Uri);
        using var response = await _pipeline.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return true;
        }

        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        throw await StoragePipeline.CreateExceptionAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends a message. <paramref name="visibilityDelay"/> hides it for that long (0–7 days);
    /// <paramref name="timeToLive"/> defaults to 7 days, <see cref="Timeout.InfiniteTimeSpan"/> or
    /// <see cref="TimeSpan.MaxValue"/> means it never expires. Sub-second parts round up.
    /// </summary>
    public async Task<SendReceipt> SendMessageAsync(
        string jsonBody, TimeSpan? visibilityDelay = null, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jsonBody);
        var query = new List<string>();
        if (visibilityDelay is { } delay)
        {
            query.Add("visibilitytimeout=" + Seconds(delay, 0, nameof(visibilityDelay)));
        }

        if (timeToLive is { } ttl)
        {
            query.Add("messagettl=" + (ttl == Timeout.InfiniteTimeSpan || ttl == TimeSpan.MaxValue ? "-1" : Seconds(ttl, 1, nameof(timeToLive), int.MaxValue)));
        }

        using var request = _pipeline.CreateRequest(HttpMethod.Post, MessagesUri(null, query));
        request.Content = MessageContent(jsonBody);
        using var response = await _pipeline.SendEnsureSuccessAsync(request, cancellationToken).ConfigureAwait(false);
        var message = (await ReadListAsync(response, cancellationToken).ConfigureAwait(false)).FirstOrDefault()
            ?? throw new StorageRequestFailedException((int)response.StatusCode, null, StoragePipeline.Header(response, "x-ms-request-id"), "The service returned no message receipt.");
        return new SendReceipt(
            Text(message, "MessageId"),
            Text(message, "PopReceipt"),
            Date(message, "InsertionTime"),
            Date(message, "ExpirationTime"),
            Date(message, "TimeNextVisible"));
    }

    /// <summary>
    /// Receives up to <paramref name="maxMessages"/> (1–32) visible messages and hides them for
    /// <paramref name="visibilityTimeout"/> (default 30 s). Returns an empty list when none is visible.
    /// </summary>
    public async Task<IReadOnlyList<QueueMessage>> ReceiveMessagesAsync(
        int maxMessages = 1, TimeSpan? visibilityTimeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, MaxMessagesPerReceive);
        var query = new List<string> { "numofmessages=" + maxMessages.ToString(CultureInfo.InvariantCulture) };
        if (visibilityTimeout is { } timeout)
        {
            query.Add("visibilitytimeout=" + Seconds(timeout, 1, nameof(visibilityTimeout)));
        }

        using var request = _pipeline.CreateRequest(HttpMethod.Get, MessagesUri(null, query));
        using var response = await _pipeline.SendEnsureSuccessAsync(request, cancellationToken).ConfigureAwait(false);
        return (await ReadListAsync(response, cancellationToken).ConfigureAwait(false))
            .Select(m => new QueueMessage(
                Text(m, "MessageId"),
                Text(m, "PopReceipt"),
                DecodeBody(m.Element("MessageText")?.Value ?? string.Empty),
                Number(m, "DequeueCount"),
                Date(m, "InsertionTime"),
                Date(m, "ExpirationTime"),
                Date(m, "TimeNextVisible")))
            .ToList();
    }

    /// <summary>Looks at up to <paramref name="maxMessages"/> (1–32) visible messages without dequeuing them.</summary>
    public async Task<IReadOnlyList<PeekedMessage>> PeekMessagesAsync(int maxMessages = 1, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, MaxMessagesPerReceive);
        var query = new List<string> { "peekonly=true", "numofmessages=" + maxMessages.ToString(CultureInfo.InvariantCulture) };
        using var request = _pipeline.CreateRequest(HttpMethod.Get, MessagesUri(null, query));
        using var response = await _pipeline.SendEnsureSuccessAsync(request, cancellationToken).ConfigureAwait(false);
        return (await ReadListAsync(response, cancellationToken).ConfigureAwait(false))
            .Select(m => new PeekedMessage(
                Text(m, "MessageId"),
                DecodeBody(m.Element("MessageText")?.Value ?? string.Empty),
                Number(m, "DequeueCount"),
                Date(m, "InsertionTime"),
                Date(m, "ExpirationTime")))
            .ToList();
    }

    /// <summary>
    /// Deletes a received message. A pop receipt made stale by a later receive or update → 400
    /// <c>PopReceiptMismatch</c>; a message already gone → 404 <c>MessageNotFound</c> (both throw).
    /// </summary>
    public async Task DeleteMessageAsync(string messageId, string popReceipt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentException.ThrowIfNullOrEmpty(popReceipt);
        using var request = _pipeline.CreateRequest(HttpMethod.Delete, MessagesUri(messageId, ["popreceipt=" + Uri.EscapeDataString(popReceipt)]));
        using var response = await _pipeline.SendEnsureSuccessAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Changes a received message's visibility (0 = visible now) and, optionally, its body. Returns the new pop
    /// receipt; the old one no longer works.
    /// </summary>
    public async Task<UpdateReceipt> UpdateMessageAsync(
        string messageId, string popReceipt, TimeSpan visibilityTimeout, string? newBody = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentException.ThrowIfNullOrEmpty(popReceipt);
        var query = new List<string>
        {
            "popreceipt=" + Uri.EscapeDataString(popReceipt),
            "visibilitytimeout=" + Seconds(visibilityTimeout, 0, nameof(visibilityTimeout)),
        };
        using var request = _pipeline.CreateRequest(HttpMethod.Put, MessagesUri(messageId, query));
        if (newBody is not null)
        {
            request.Content = MessageContent(newBody);
        }

        using var response = await _pipeline.SendEnsureSuccessAsync(request, cancellationToken).ConfigureAwait(false);
        var receipt = StoragePipeline.Header(response, "x-ms-popreceipt")
            ?? throw new StorageRequestFailedException((int)response.StatusCode, null, StoragePipeline.Header(response, "x-ms-request-id"), "The service returned no pop receipt.");
        var nextVisible = StoragePipeline.Header(response, "x-ms-time-next-visible");
        return new UpdateReceipt(receipt, nextVisible is null ? default : ParseDate(nextVisible));
    }

    /// <summary>Decodes a MessageText: Base64 UTF-8 as we send it; text that is not Base64 (sent by another tool) is returned as is.</summary>
    internal static string DecodeBody(string messageText)
    {
        var buffer = new byte[messageText.Length];
        return messageText.Length > 0 && messageText.Length % 4 == 0 && Convert.TryFromBase64String(messageText, buffer, out var written)
            ? new UTF8Encoding(false, throwOnInvalidBytes: false).GetString(buffer, 0, written)
            : messageText;
    }

    private static ByteArrayContent MessageContent(string body)
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(body));
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><QueueMessage><MessageText>" + SecurityElement.Escape(encoded) + "</MessageText></QueueMessage>";
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(xml));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        return content;
    }

    private static string Seconds(TimeSpan value, int minimum, string name, int maximum = MaxVisibilitySeconds)
    {
        var seconds = Math.Ceiling(value.TotalSeconds);
        if (seconds < minimum || seconds > maximum)
        {
            throw new ArgumentOutOfRangeException(name, value, $"Must be between {minimum} and {maximum} seconds.");
        }

        return ((long)seconds).ToString(CultureInfo.InvariantCulture);
    }

    private static async Task<List<XElement>> ReadListAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var xml = await XDocument.LoadAsync(stream, LoadOptions.None, cancellationToken).ConfigureAwait(false);
        return xml.Root?.Elements("QueueMessage").ToList() ?? [];
    }

    private static string Text(XElement message, string name) => message.Element(name)?.Value ?? string.Empty;

    private static long Number(XElement message, string name) =>
        long.TryParse(message.Element(name)?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;

    private static DateTimeOffset Date(XElement message, string name) =>
        message.Element(name)?.Value is { Length: > 0 } text ? ParseDate(text) : default;

    private static DateTimeOffset ParseDate(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private Uri MessagesUri(string? messageId, IEnumerable<string> query)
    {
        var path = Uri.AbsoluteUri + "/messages" + (messageId is null ? string.Empty : "/" + Uri.EscapeDataString(messageId));
        var q = string.Join('&', query);
        return new Uri(q.Length == 0 ? path : path + "?" + q);
    }
}
