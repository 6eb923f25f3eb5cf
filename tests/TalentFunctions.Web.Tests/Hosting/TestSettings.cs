using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace TalentFunctions.Web.Tests.Hosting;

/// <summary>A complete, valid set of settings for tests (independent of any local settings file).</summary>
public static class TestSettings
{
    public const string StaffApiKey = "test-staff-api-key-0123456789";

    public static readonly string SigningKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    public static Dictionary<string, string?> Valid(string storageConnectionString) => new()
    {
        ["Storage:ConnectionString"] = storageConnectionString,
        ["Staff:ApiKey"] = StaffApiKey,
        ["Links:SigningKey"] = SigningKey,
        ["Links:PublicBaseUrl"] = "http://localhost:7071",
        ["Email:SendGridApiKey"] = "",
        ["Email:SendGridBaseUrl"] = "http://127.0.0.1:1/",
        ["Email:FromEmail"] = "programs@talentfunctions.example",
        ["Email:FromName"] = "TalentFunctions Programs",
    };
}

/// <summary>The real app (Program) with test settings and extra services.</summary>
public sealed class HostingAppFactory(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(settings));
        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }
}

/// <summary>A temporary folder, deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tf-hosting-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
