using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using TalentFunctions.Web.Settings;
using TalentFunctions.Web.Hosting;
using TalentFunctions.Standalone.Hosting;

namespace TalentFunctions.Web.Tests.Hosting;

public sealed class LocalSettingsFileTests
{
    [Fact]
    public void Values_become_configuration_keys()
    {
        using var temp = new TempDirectory();
        var file = Write(temp.Path, LocalSettingsFile.FileName, """
            {
              "IsEncrypted": false,
              "Values": { "Staff__ApiKey": "key", "Links__PublicBaseUrl": "http://x", "Hosting__QueueBatchSize": 8, "Empty": null },
              "ConnectionStrings": { "Extra": "value" }
            }
            """);

        var values = LocalSettingsFile.Read(file);

        Assert.Equal("key", values["Staff:ApiKey"]);
        Assert.Equal("http://x", values["Links:PublicBaseUrl"]);
        Assert.Equal("8", values["Hosting:QueueBatchSize"]);
        Assert.Null(values["Empty"]);
        Assert.Equal("value", values["ConnectionStrings:Extra"]);
    }

    [Fact]
    public void Local_settings_win_over_the_sample_and_are_found_walking_up()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine(".git"));
        var nested = Directory.CreateDirectory(temp.Combine("src", "App")).FullName;
        var sample = Write(temp.Path, LocalSettingsFile.SampleFileName, """{"Values":{}}""");

        Assert.Equal(sample, LocalSettingsFile.Locate([nested], executableDirectory: null));

        var local = Write(temp.Path, LocalSettingsFile.FileName, """{"Values":{}}""");
        Assert.Equal(local, LocalSettingsFile.Locate([nested], executableDirectory: null));
    }

    [Fact]
    public void The_walk_stops_at_the_repository_root_and_then_tries_the_executable_folder()
    {
        using var outside = new TempDirectory();
        Write(outside.Path, LocalSettingsFile.FileName, """{"Values":{}}""");
        var repository = Directory.CreateDirectory(outside.Combine("repo")).FullName;
        Directory.CreateDirectory(Path.Combine(repository, ".git"));
        var executable = Directory.CreateDirectory(outside.Combine("published")).FullName;

        Assert.Null(LocalSettingsFile.Locate([repository], executableDirectory: null));

        var published = Write(executable, LocalSettingsFile.SampleFileName, """{"Values":{}}""");
        Assert.Equal(published, LocalSettingsFile.Locate([repository], executable));
    }

    [Fact]
    public void Environment_variables_and_the_command_line_override_the_file_which_overrides_appsettings()
    {
        using var temp = new TempDirectory();
        var probe = "Probe" + Guid.NewGuid().ToString("N");
        Write(temp.Path, LocalSettingsFile.FileName, $$"""
            {"Values":{
              "{{probe}}__FromFile": "file",
              "{{probe}}__OverAppSettings": "file",
              "{{probe}}__UnderEnvironment": "file",
              "{{probe}}__UnderCommandLine": "file"
            }
            }
            """);
        Environment.SetEnvironmentVariable($"{probe}__UnderEnvironment", "environment");
        try
        {
            var configuration = new ConfigurationManager();
            configuration.AddInMemoryCollection([new($"{probe}:OverAppSettings", "appsettings")]);
            configuration.AddEnvironmentVariables();
            configuration.AddCommandLine([$"--{probe}:UnderCommandLine=commandline"]);

            var used = LocalSettingsFile.AddTo(configuration, [temp.Path], executableDirectory: null);

            Assert.Equal(Path.Combine(temp.Path, LocalSettingsFile.FileName), used);
            Assert.Equal("file", configuration[$"{probe}:FromFile"]);
            Assert.Equal("file", configuration[$"{probe}:OverAppSettings"]);
            Assert.Equal("environment", configuration[$"{probe}:UnderEnvironment"]);
            Assert.Equal("commandline", configuration[$"{probe}:UnderCommandLine"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable($"{probe}__UnderEnvironment", null);
        }
    }

    [Fact]
    public void A_standalone_builder_reads_the_file_next_to_its_content_root()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine(".git"));
        Write(temp.Path, LocalSettingsFile.SampleFileName, """{"Values":{"Staff__ApiKey":"from-the-sample"}}""");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = temp.Path });

        builder.AddStandaloneHosting();

        Assert.Equal("from-the-sample", builder.Configuration["Staff:ApiKey"]);
    }

    [Fact]
    public void Invalid_json_is_reported_with_the_file_name()
    {
        using var temp = new TempDirectory();
        var file = Write(temp.Path, LocalSettingsFile.FileName, "{ not json");

        var error = Assert.Throws<InvalidOperationException>(() => LocalSettingsFile.Read(file));

        Assert.Contains(LocalSettingsFile.FileName, error.Message);
    }

    private static string Write(string directory, string name, string json)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, json);
        return path;
    }
}
