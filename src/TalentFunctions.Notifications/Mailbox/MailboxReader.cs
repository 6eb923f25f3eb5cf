using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace TalentFunctions.Notifications.Mailbox;

/// <summary>Reads the dev mailbox written by <see cref="BlobMailboxEmailSender"/>.</summary>
public sealed class MailboxReader
{
    private const int DownloadBatch = 16;

    private readonly BlobContainerClient container;

    public MailboxReader(BlobContainerClient container)
    {
        ArgumentNullException.ThrowIfNull(container);
        this.container = container;
    }

    /// <summary>
    /// Up to <paramref name="max"/> messages, newest first; only those to <paramref name="to"/> (case-insensitive)
    /// when given. An empty or missing mailbox gives an empty list.
    /// </summary>
    public async Task<IReadOnlyList<MailboxMessage>> ListAsync(string? to = null, int max = 200, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var recipient = string.IsNullOrWhiteSpace(to) ? null : to.Trim();
        var recipientHash = recipient is null ? null : BlobMailbox.RecipientHash(recipient);
        var result = new List<MailboxMessage>();
        var batch = new List<string>();
        try
        {
            await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, BlobMailbox.MessagePrefix, cancellationToken).ConfigureAwait(false))
            {
                var id = IdOf(blob.Name);
                if (BlobMailbox.ParseId(id) is not { } parsed || (recipientHash is not null && parsed.RecipientHash != recipientHash))
                {
                    continue;
                }

                batch.Add(id!);
                if (batch.Count == DownloadBatch && await AddBatchAsync(batch, recipient, max, result, cancellationToken).ConfigureAwait(false))
                {
                    return result;
                }
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return result; // no container yet: nothing was ever sent
        }

        await AddBatchAsync(batch, recipient, max, result, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>The message with <paramref name="id"/>, or null.</summary>
    public async Task<MailboxMessage?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return BlobMailbox.ParseId(id) is null ? null : await ReadAsync(id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Downloads <paramref name="batch"/> in parallel, appends matches in order; true once <paramref name="max"/> is reached.</summary>
    private async Task<bool> AddBatchAsync(List<string> batch, string? recipient, int max, List<MailboxMessage> result, CancellationToken cancellationToken)
    {
        var messages = await Task.WhenAll(batch.Select(id => ReadAsync(id, cancellationToken))).ConfigureAwait(false);
        batch.Clear();
        foreach (var message in messages)
        {
            if (message is not null && (recipient is null || string.Equals(message.To.Trim(), recipient, StringComparison.OrdinalIgnoreCase)))
            {
                result.Add(message);
                if (result.Count == max)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private async Task<MailboxMessage?> ReadAsync(string id, CancellationToken cancellationToken)
    {
        BinaryData content;
        try
        {
            content = (await container.GetBlobClient(BlobMailbox.MessageBlobName(id)).DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }

        var document = JsonSerializer.Deserialize(content.ToMemory().Span, MailboxJsonContext.Default.MailboxDocument);
        return document is null
            ? null
            : new MailboxMessage(
                id,
                document.To,
                document.Subject,
                document.Text,
                document.Html,
                MailLinks.Extract(document.Text, document.Html),
                document.SentAt,
                document.EffectId,
                document.ApplicationId,
                document.Kind);
    }

    private static string? IdOf(string blobName) =>
        blobName.StartsWith(BlobMailbox.MessagePrefix, StringComparison.Ordinal) && blobName.EndsWith(BlobMailbox.Suffix, StringComparison.Ordinal)
            ? blobName[BlobMailbox.MessagePrefix.Length..^BlobMailbox.Suffix.Length]
            : null;
}
