using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace TalentFunctions.Storage.Tests;

/// <summary>Which account the configuration names, how the clients reach it, and the messages when it is wrong.</summary>
public sealed class StorageOptionsTests
{
    private const string SecretKey = "c2VjcmV0LWtleS10aGF0LW11c3Qtbm90LWxlYWstMTIzNDU2Nzg5MA==";

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddStorageClients();
        return services.BuildServiceProvider();
    }

    private static string Failure(Dictionary<string, string?> settings)
    {
        using var provider = Build(settings);
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<StorageOptions>>().Value);
        return string.Join(" | ", error.Failures);
    }

    [Fact]
    public void A_connection_string_gives_key_signed_clients_for_the_emulator()
    {
        using var provider = Build(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });

        var account = provider.GetRequiredService<StorageAccount>();
        Assert.False(account.UsesTokenCredential);
        Assert.True(account.IsEmulator);
        Assert.True(provider.GetRequiredService<BlobServiceClient>().CanGenerateAccountSasUri);
        Assert.Equal(10002, provider.GetRequiredService<TableServiceClient>().Uri.Port);
        Assert.Same(provider.GetRequiredService<QueueServiceClient>(), provider.GetRequiredService<QueueServiceClient>());
        Assert.True(provider.GetRequiredService<BlobSasIssuer>().UsesAccountKey);
    }

    [Fact]
    public void The_Functions_identity_settings_give_token_clients_on_the_named_endpoints()
    {
        using var provider = Build(new()
        {
            ["AzureWebJobsStorage:blobServiceUri"] = "https://talentstore.blob.core.windows.net",
            ["AzureWebJobsStorage:queueServiceUri"] = "https://talentstore.queue.core.windows.net",
            ["AzureWebJobsStorage:tableServiceUri"] = "https://talentstore.table.core.windows.net",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
        });

        var account = provider.GetRequiredService<StorageAccount>();
        Assert.True(account.UsesTokenCredential);
        Assert.False(account.IsEmulator);
        var blobs = provider.GetRequiredService<BlobServiceClient>();
        Assert.False(blobs.CanGenerateAccountSasUri);
        Assert.Equal("talentstore", blobs.AccountName);
        Assert.Equal("talentstore.queue.core.windows.net", provider.GetRequiredService<QueueServiceClient>().Uri.Host);
        Assert.Equal("talentstore.table.core.windows.net", provider.GetRequiredService<TableServiceClient>().Uri.Host);
        Assert.False(provider.GetRequiredService<BlobSasIssuer>().UsesAccountKey);
    }

    [Fact]
    public void An_account_name_stands_for_all_three_endpoints()
    {
        using var provider = Build(new() { ["AzureWebJobsStorage:accountName"] = "talentstore", ["AzureWebJobsStorage:credential"] = "managedidentity" });

        var options = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
        Assert.Equal("https://talentstore.blob.core.windows.net", options.BlobServiceUri);
        Assert.Equal("https://talentstore.queue.core.windows.net", options.QueueServiceUri);
        Assert.Equal("https://talentstore.table.core.windows.net", options.TableServiceUri);
    }

    [Fact]
    public void The_Storage_section_overrides_the_Functions_connection()
    {
        using var provider = Build(new()
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Storage:ConnectionString"] = $"AccountName=other;AccountKey={SecretKey}",
        });

        Assert.Equal("other", provider.GetRequiredService<BlobServiceClient>().AccountName);
    }

    [Fact]
    public void Nothing_configured_names_the_settings_to_set()
    {
        var message = Failure([]);

        Assert.Contains("Storage:ConnectionString", message, StringComparison.Ordinal);
        Assert.Contains("AzureWebJobsStorage", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_connection_string_is_named_without_its_key()
    {
        var message = Failure(new() { ["AzureWebJobsStorage"] = $"AccountName=acct;AccountKey={SecretKey};Bogus=1" });

        Assert.Contains("Storage:ConnectionString", message, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretKey[..16], message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tableServiceUri", null, "tableServiceUri")]
    [InlineData("queueServiceUri", "not a uri", "queueServiceUri")]
    [InlineData("blobServiceUri", "http://talentstore.blob.core.windows.net", "https")]
    [InlineData("blobServiceUri", "https://talentstore.blob.core.windows.net/?sv=2025&sig=abc", "query")]
    public void Wrong_service_URIs_are_named(string setting, string? value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage:blobServiceUri"] = "https://talentstore.blob.core.windows.net",
            ["AzureWebJobsStorage:queueServiceUri"] = "https://talentstore.queue.core.windows.net",
            ["AzureWebJobsStorage:tableServiceUri"] = "https://talentstore.table.core.windows.net",
        };
        settings["AzureWebJobsStorage:" + setting] = value;

        var message = Failure(settings);

        Assert.Contains(setting, message, StringComparison.Ordinal);
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain("sig=abc", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_credential_kind_is_named()
    {
        var message = Failure(new() { ["AzureWebJobsStorage:accountName"] = "talentstore", ["AzureWebJobsStorage:credential"] = "password" });

        Assert.Contains("credential", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Whether_storage_is_configured_is_read_from_either_place()
    {
        static bool Configured(Dictionary<string, string?> settings) =>
            StorageOptions.IsConfigured(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

        Assert.False(Configured(new() { ["AzureWebJobsStorage"] = "", ["Storage:ConnectionString"] = "" }));
        Assert.True(Configured(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" }));
        Assert.True(Configured(new() { ["AzureWebJobsStorage:accountName"] = "talentstore" }));
        Assert.True(Configured(new() { ["Storage:ConnectionString"] = "UseDevelopmentStorage=true" }));
    }
}
