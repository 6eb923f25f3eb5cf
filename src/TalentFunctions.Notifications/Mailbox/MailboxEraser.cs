using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace TalentFunctions.Notifications.Mailbox;

/// <summary>
/// Removes every dev-mailbox copy of the emails about one application — to the applicant, its mentors and staff — with
/// their effect markers (which name the message, and so a hash of the recipient). The mailbox has no index by
/// application, so this reads every message: fine for a development mailbox, which is all it is. Idempotent.
/// </summary>
public sealed class MailboxEraser(BlobContainerClient container)
{
    /// <summary>Deletes the messages whose application is <paramref name="applicationId"/>; returns how many.</summary>
    public async Task<int> EraseApplicationAsync(string applicationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(applicationId);
        var deleted = 0;
        try
        {
            await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, BlobMailbox.MessagePrefix, cancellationToken).ConfigureAwait(false))
            {
                var client = container.GetBlobClient(blob.Name);
                MailboxDocument? document;
                try
                {
                    var content = (await client.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content;
                    document = JsonSerializer.Deserialize(content.ToMemory().Span, MailboxJsonContext.Default.MailboxDocument);
                }
                catch (RequestFailedException ex) when (ex.Status == 404)
                {
                    continue;
                }
                if (document is null || !string.Equals(document.ApplicationId, applicationId, StringComparison.Ordinal))
                {
                    continue;
                }
                await container.GetBlobClient(BlobMailbox.EffectPrefix + BlobMailbox.EffectHash(document.EffectId))
                    .DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken).ConfigureAwait(false);
                await client.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken).ConfigureAwait(false);
                deleted++;
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // No mailbox container: nothing was ever sent.
        }
        return deleted;
    }
}
