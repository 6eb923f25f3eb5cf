using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace TalentFunctions.Notifications.Mailbox;

/// <summary>
/// The local/dev <see cref="IEmailSender"/>: instead of sending, stores each message as JSON in the blob container
/// <see cref="BlobMailbox.ContainerName"/>, where <see cref="MailboxReader"/> (and the dev mailbox pages) find it.
/// Idempotent per effect id: sending an effect again rewrites its one message, keeping its place in the list.
/// </summary>
public sealed class BlobMailboxEmailSender : IEmailSender
{
    private readonly BlobContainerClient container;
    private readonly TimeProvider timeProvider;
    private volatile bool containerExists;

    /// <param name="container">The mailbox container (normally <c>GetBlobContainerClient(BlobMailbox.ContainerName)</c>); created on first send.</param>
    public BlobMailboxEmailSender(BlobContainerClient container, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(timeProvider);
        this.container = container;
        this.timeProvider = timeProvider;
    }

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.Validate();
        if (!containerExists)
        {
            // Racing senders may both try; the loser's call just reports "already there".
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            containerExists = true;
        }

        // Claim the effect: the first send records which blob it goes to; later sends reuse that blob.
        var id = BlobMailbox.MessageId(timeProvider.GetUtcNow(), message.To, message.EffectId);
        var marker = container.GetBlobClient(BlobMailbox.EffectPrefix + BlobMailbox.EffectHash(message.EffectId));
        try
        {
            await marker.UploadAsync(
                BinaryData.FromString(id),
                new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = "text/plain" },
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var existing = (await marker.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content.ToString();
            if (BlobMailbox.ParseId(existing) is not null)
            {
                id = existing;
            }
        }

        var sentAt = BlobMailbox.ParseId(id)!.Value.SentAt;
        var document = new MailboxDocument(
            message.EffectId, message.ApplicationId, message.Kind, message.To, message.ToName, message.Subject, message.Text, message.Html, sentAt);
        var json = JsonSerializer.SerializeToUtf8Bytes(document, MailboxJsonContext.Default.MailboxDocument);
        await container.GetBlobClient(BlobMailbox.MessageBlobName(id))
            .UploadAsync(
                BinaryData.FromBytes(json),
                new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" } },
                cancellationToken)
            .ConfigureAwait(false);
    }
}
