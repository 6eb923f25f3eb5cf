using TalentFunctions.Storage.Blobs;
using TalentFunctions.Storage.Queues;
using TalentFunctions.Storage.Tables;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Storage.Tests;

/// <summary>Azurite checks signatures, so a wrong key must be refused by every service.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class SharedKeyTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_wrong_key_is_refused_with_403_by_every_service()
    {
        var wrongKey = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("definitely-not-the-emulator-key"));
        var wrong = azurite.ConnectionString.Replace(
            "AccountKey=" + StorageConnectionString.DevelopmentAccountKey, "AccountKey=" + wrongKey, StringComparison.Ordinal);
        Assert.NotEqual(azurite.ConnectionString, wrong);

        var table = await Assert.ThrowsAsync<StorageRequestFailedException>(
            () => new TableServiceClient(wrong).GetTableClient(AzuriteFixture.UniqueTableName()).CreateIfNotExistsAsync());
        var blob = await Assert.ThrowsAsync<StorageRequestFailedException>(
            () => new BlobServiceClient(wrong).GetBlobContainerClient(AzuriteFixture.UniqueContainerName()).CreateIfNotExistsAsync());
        var queue = await Assert.ThrowsAsync<StorageRequestFailedException>(
            () => new QueueServiceClient(wrong).GetQueueClient(AzuriteFixture.UniqueQueueName()).CreateIfNotExistsAsync());

        Assert.Equal([403, 403, 403], new[] { table.Status, blob.Status, queue.Status });
        Assert.DoesNotContain(wrongKey, table.Message + blob.Message + queue.Message);
    }

    [Fact]
    public async Task Unusual_blob_names_are_signed_as_sent()
    {
        var container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(AzuriteFixture.UniqueContainerName());
        await container.CreateIfNotExistsAsync();

        foreach (var name in new[] { "a b/c+d.txt", "林小雨/履歴.pdf", "q?x=1&y=#2", "percent%20literal", "emoji 🎬.mov" })
        {
            var blob = container.GetBlobClient(name);
            await blob.UploadAsync(System.Text.Encoding.UTF8.GetBytes(name));
            Assert.Equal(name, System.Text.Encoding.UTF8.GetString(await blob.DownloadContentAsync()));
            var sasRead = await new HttpClient().GetStringAsync(blob.GenerateSasUri(BlobSasPermissions.Read, DateTimeOffset.UtcNow.AddMinutes(5)));
            Assert.Equal(name, sasRead);
        }

        var listed = new List<string>();
        await foreach (var item in container.GetBlobsAsync())
        {
            listed.Add(item.Name);
        }

        Assert.Contains("林小雨/履歴.pdf", listed);
        Assert.Contains("q?x=1&y=#2", listed);
    }
}
