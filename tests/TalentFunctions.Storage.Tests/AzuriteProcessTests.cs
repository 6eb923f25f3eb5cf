using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using TalentFunctions.Storage.Emulator;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Storage.Tests;

/// <summary>The launcher itself: a second, on-disk Azurite next to the shared in-memory one.</summary>
public sealed class AzuriteProcessTests
{
    [Fact]
    public async Task An_on_disk_emulator_keeps_data_across_a_graceful_restart_and_stops_by_process_id()
    {
        var data = Path.Combine(Path.GetTempPath(), "tf-azurite-" + Guid.NewGuid().ToString("N"));
        try
        {
            var table = AzuriteFixture.UniqueTableName();
            var container = AzuriteFixture.UniqueContainerName();
            int firstProcessId;
            await using (var first = await AzuriteProcess.StartAsync(new AzuriteOptions { DataDirectory = data }))
            {
                firstProcessId = first.ProcessId;
                Assert.Equal("127.0.0.1", first.TableEndpoint.Host);
                Assert.NotEqual(10002, first.TableEndpoint.Port);
                var tables = new TableServiceClient(first.ConnectionString).GetTableClient(table);
                await tables.CreateIfNotExistsAsync();
                await tables.AddEntityAsync(new TableEntity("p", "r") { ["Kept"] = true });
                var blobs = new BlobServiceClient(first.ConnectionString).GetBlobContainerClient(container);
                await blobs.CreateIfNotExistsAsync();
                await blobs.GetBlobClient("b").UploadAsync(BinaryData.FromBytes([1, 2, 3]));

                // A graceful stop (SIGTERM) saves what the 5-second save cycle has not saved yet.
                Assert.True(await first.StopAsync());
                Assert.False(await first.StopAsync());
            }

            Assert.False(IsRunning(firstProcessId));

            await using var second = await AzuriteProcess.StartAsync(new AzuriteOptions { DataDirectory = data });
            var read = await new TableServiceClient(second.ConnectionString).GetTableClient(table).GetEntityAsync<TableEntity>("p", "r");
            Assert.Equal(true, read.Value.GetBoolean("Kept"));
            var bytes = await new BlobServiceClient(second.ConnectionString).GetBlobContainerClient(container).GetBlobClient("b").DownloadContentAsync();
            Assert.Equal([1, 2, 3], bytes.Value.Content.ToArray());
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    [Fact]
    public void A_missing_repository_root_is_a_clear_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => AzuriteProcess.FindToolsDirectory(Path.GetTempPath()));

        Assert.Contains("tools/azurite/package.json", error.Message);
    }

    [Fact]
    public void The_tools_directory_is_found_from_the_test_output_folder()
    {
        var tools = AzuriteProcess.FindToolsDirectory(null);

        Assert.True(File.Exists(Path.Combine(tools, "package-lock.json")));
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
