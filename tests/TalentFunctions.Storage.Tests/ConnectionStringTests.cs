
namespace TalentFunctions.Storage.Tests;

public sealed class ConnectionStringTests
{
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private const string OtherKey = "c2VjcmV0LWtleS10aGF0LW11c3Qtbm90LWxlYWstMTIzNDU2Nzg5MA==";

    [Fact]
    public void Development_storage_points_at_the_emulator()
    {
        var parsed = StorageConnectionString.Parse("UseDevelopmentStorage=true");

        Assert.True(parsed.IsDevelopmentStorage);
        Assert.Equal("devstoreaccount1", parsed.AccountName);
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), parsed.BlobEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), parsed.QueueEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), parsed.TableEndpoint);
    }

    [Fact]
    public void Account_key_and_suffix_form_the_default_endpoints()
    {
        var parsed = StorageConnectionString.Parse(
            $"DefaultEndpointsProtocol=https;AccountName=talentprod;AccountKey={OtherKey};EndpointSuffix=core.chinacloudapi.cn");

        Assert.False(parsed.IsDevelopmentStorage);
        Assert.Equal("talentprod", parsed.AccountName);
        Assert.Equal(new Uri("https://talentprod.blob.core.chinacloudapi.cn"), parsed.BlobEndpoint);
        Assert.Equal(new Uri("https://talentprod.queue.core.chinacloudapi.cn"), parsed.QueueEndpoint);
        Assert.Equal(new Uri("https://talentprod.table.core.chinacloudapi.cn"), parsed.TableEndpoint);
    }

    [Fact]
    public void Defaults_are_https_and_core_windows_net_and_names_are_case_insensitive()
    {
        var parsed = StorageConnectionString.Parse($"accountname=acct;ACCOUNTKEY={OtherKey};");

        Assert.Equal(new Uri("https://acct.table.core.windows.net"), parsed.TableEndpoint);
    }

    [Fact]
    public void Explicit_endpoints_override_the_defaults()
    {
        var parsed = StorageConnectionString.Parse(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};" +
            "BlobEndpoint=http://127.0.0.1:41000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:41001/devstoreaccount1;TableEndpoint=http://127.0.0.1:41002/devstoreaccount1;");

        Assert.Equal(new Uri("http://127.0.0.1:41000/devstoreaccount1"), parsed.BlobEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:41001/devstoreaccount1"), parsed.QueueEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:41002/devstoreaccount1"), parsed.TableEndpoint);
    }

    [Fact]
    public void ToString_never_shows_the_key()
    {
        var parsed = StorageConnectionString.Parse($"AccountName=acct;AccountKey={OtherKey}");

        Assert.DoesNotContain(OtherKey, parsed.ToString());
        Assert.DoesNotContain("AccountKey", parsed.ToString());
        Assert.Contains("acct", parsed.ToString());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("AccountKey=" + OtherKey, "no AccountName")]
    [InlineData("AccountName=acct", "no AccountKey")]
    [InlineData("AccountName=acct;AccountKey=not*base64!" + OtherKey, "not valid Base64")]
    [InlineData("AccountName=acct;AccountKey=" + OtherKey + ";DefaultEndpointsProtocol=ftp", "DefaultEndpointsProtocol")]
    [InlineData("AccountName=acct;AccountKey=" + OtherKey + ";BlobEndpoint=not a uri", "BlobEndpoint")]
    [InlineData("AccountName=acct;AccountKey=" + OtherKey + ";AccountName=b", "more than once")]
    [InlineData("AccountName=acct;AccountKey=" + OtherKey + ";Colour=blue", "'Colour'")]
    [InlineData("AccountName=acct;" + OtherKey, "segment 2")]
    [InlineData("AccountName=acct;AccountKey=x;" + OtherKey + "=", "segment 3")]
    [InlineData("AccountName=acct;AccountKey=" + OtherKey + ";SharedAccessSignature=sv=2020&sig=" + OtherKey, "SharedAccessSignature")]
    [InlineData("UseDevelopmentStorage=false", "UseDevelopmentStorage")]
    [InlineData("UseDevelopmentStorage=true;AccountKey=" + OtherKey, "cannot be combined")]
    public void Bad_strings_say_what_is_wrong_without_echoing_the_key(string connectionString, string expected)
    {
        var error = Assert.Throws<FormatException>(() => StorageConnectionString.Parse(connectionString));

        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain(OtherKey, error.Message);
        Assert.DoesNotContain(OtherKey[..20], error.Message);
        Assert.False(StorageConnectionString.TryParse(connectionString, out _));
    }
}
