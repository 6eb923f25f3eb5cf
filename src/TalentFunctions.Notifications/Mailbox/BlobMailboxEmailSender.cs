using System.Text;
using System.Text.Json;
using TalentFunctions.Storage;
using TalentFunctions.Storage.Blobs;

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
            await container.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            containerExists = true;
        }

        // Claim the effect: the first send records which blob it goes to; later sends reuse that blob.
        var id = BlobMailbox.MessageId(timeProvider.GetUtcNow(), message.To, message.EffectId);
        var marker = container.GetBlobClient(BlobMailbox.EffectPrefix + BlobMailbox.EffectHash(message.EffectId));
        try
        {
            await marker.UploadAsync(Encoding.UTF8.GetBytes(id), "text/plain", overwrite: false, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageRequestFailedException ex) when (ex.Status == 409)
        {
            var existing = Encoding.UTF8.GetString(await marker.DownloadContentAsync(cancellationToken).ConfigureAwait(false));
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
            .UploadAsync(json, "application/json; charset=utf-8", overwrite: true, cancellationToken)
            .ConfigureAwait(false);
    }
}
