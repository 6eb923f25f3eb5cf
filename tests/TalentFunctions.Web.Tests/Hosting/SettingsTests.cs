using TalentFunctions.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TalentFunctions.Web.Settings;
using TalentFunctions.Web.Hosting;
using TalentFunctions.Standalone.Hosting;
using TalentFunctions.Storage;

namespace TalentFunctions.Web.Tests.Hosting;

public sealed class SettingsTests
{
    private const string DevStorage = "UseDevelopmentStorage=true";

    [Fact]
    public void Valid_settings_pass_validation()
    {
        using var services = Build(TestSettings.Valid(DevStorage));

        services.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal(DevStorage, services.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString);
        Assert.Equal(32, services.GetRequiredService<IOptions<LinksOptions>>().Value.GetSigningKeyBytes().Length);
        Assert.True(services.GetRequiredService<IOptions<EmailOptions>>().Value.UseDevMailbox);
        Assert.Equal(TimeSpan.FromHours(2), services.GetRequiredService<IOptions<MaterialsOptions>>().Value.UploadUrlLifetime);
    }

    [Fact]
    public void The_sample_settings_are_valid_once_storage_is_known()
    {
        var root = RepositoryLocator.FindRoot(AppContext.BaseDirectory)!;
        var values = new Dictionary<string, string?>(LocalSettingsFile.Read(Path.Combine(root, LocalSettingsFile.SampleFileName)))
        {
            ["Storage:ConnectionString"] = DevStorage,
        };
        using var services = Build(values);

        services.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal(new Uri("http://localhost:7071"), services.GetRequiredService<IOptions<LinksOptions>>().Value.PublicBaseUrl);
    }

    [Theory]
    [InlineData("Staff:ApiKey", "short", "Staff:ApiKey")]
    [InlineData("Staff:ApiKey", "", "Staff:ApiKey")]
    [InlineData("Links:SigningKey", "not base64 at all!", "Links:SigningKey")]
    [InlineData("Links:SigningKey", "c2hvcnQta2V5", "Links:SigningKey")]
    [InlineData("Links:PublicBaseUrl", "/relative", "Links:PublicBaseUrl")]
    [InlineData("Links:PublicBaseUrl", "ftp://files.example", "Links:PublicBaseUrl")]
    [InlineData("Email:FromEmail", "not-an-address", "Email:FromEmail")]
    [InlineData("Email:FromEmail", "Programs <programs@example.com>", "Email:FromEmail")]
    [InlineData("Email:FromName", " ", "Email:FromName")]
    [InlineData("Email:SendGridBaseUrl", "sendgrid", "Email:SendGridBaseUrl")]
    [InlineData("Materials:UploadUrlLifetime", "00:00:00", "Materials:UploadUrlLifetime")]
    [InlineData("Materials:UploadUrlLifetime", "8.00:00:00", "Materials:UploadUrlLifetime")]
    [InlineData("Storage:ConnectionString", "", "Storage:ConnectionString")]
    [InlineData("Storage:ConnectionString", "AccountName=x", "Storage:ConnectionString")]
    public void A_bad_setting_fails_start_with_a_message_naming_it(string key, string value, string named)
    {
        var settings = TestSettings.Valid(DevStorage);
        settings[key] = value;
        using var services = Build(settings);

        var error = Assert.ThrowsAny<Exception>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(named, Messages(error));
    }

    [Fact]
    public void A_storage_error_never_echoes_the_account_key()
    {
        var settings = TestSettings.Valid(DevStorage);
        settings["Storage:ConnectionString"] = "AccountName=acct;AccountKey=c2VjcmV0LWtleS12YWx1ZQ==;Bogus=1";
        using var services = Build(settings);

        var error = Assert.ThrowsAny<Exception>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Storage:ConnectionString", Messages(error));
        Assert.DoesNotContain("c2VjcmV0LWtleS12YWx1ZQ", Messages(error));
    }

    [Fact]
    public void AzureWebJobsStorage_is_used_when_Storage_ConnectionString_is_empty()
    {
        var settings = TestSettings.Valid("");
        settings["AzureWebJobsStorage"] = DevStorage;
        using var services = Build(settings);

        services.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal(DevStorage, services.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString);
    }

    [Theory]
    [InlineData("Links:SigningKey", "dG9vLXNob3J0")]
    [InlineData("Orchestration:StepMaxAttempts", "0")]
    [InlineData("Orchestration:StepFirstRetryInterval", "00:00:00")]
    public void The_real_app_refuses_to_start_with_a_bad_setting_and_names_it(string key, string value)
    {
        var settings = TestSettings.Valid(DevStorage);
        settings[key] = value;
        using var factory = new HostingAppFactory(settings);

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains(key, Messages(error));
    }

    [Theory]
    [InlineData("Development", null, true)]
    [InlineData("Production", null, false)]
    [InlineData("Development", "UseDevelopmentStorage=true", false)]
    public void Azurite_starts_only_for_development_runs_without_storage(string environment, string? storage, bool expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("Storage:ConnectionString", storage), new("AzureWebJobsStorage", "")])
            .Build();

        Assert.Equal(expected, LocalStorageEmulator.IsNeeded(configuration, new TestEnvironment(environment)));
    }

    private static ServiceProvider Build(IDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddTalentFunctionsSettings();
        services.AddStorageClients();
        return services.BuildServiceProvider();
    }

    private static string Messages(Exception error)
    {
        var messages = new List<string>();
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
            if (e is AggregateException aggregate)
            {
                messages.AddRange(aggregate.InnerExceptions.Select(Messages));
            }
        }

        return string.Join(Environment.NewLine, messages);
    }

    private sealed class TestEnvironment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "TalentFunctions.Standalone";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } =
            new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
