using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using TalentFunctions.Web.Settings;
using TalentFunctions.Web.Hosting;
using TalentFunctions.Standalone.Hosting;

namespace TalentFunctions.Web.Tests.Hosting;

/// <summary>
/// No Bicep compiler runs here, so these tests keep infra/main.bicep, host.json and local.settings.sample.json in
/// step with the settings and functions the code defines.
/// </summary>
public sealed partial class InfraCrossCheckTests
{
    private static readonly string Root = RepositoryLocator.FindRoot(AppContext.BaseDirectory)
                                          ?? throw new InvalidOperationException("Run the tests from the repository.");

    [Fact]
    public void Every_options_property_is_a_listed_setting()
    {
        var bound = AppSettings.BoundOptions.Concat(TalentFunctions.Standalone.Hosting.StandaloneSettings.BoundOptions)
            .SelectMany(o => o.OptionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.SetMethod is { IsPublic: true })
                .Select(p => $"{o.Section}:{p.Name}"))
            .Order()
            .ToArray();

        Assert.Equal(bound, AppSettings.All.Select(s => s.Key).Order().ToArray());
    }

    [Fact]
    public void The_sample_lists_every_setting_with_safe_values()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, LocalSettingsFile.SampleFileName)));
        var values = sample.RootElement.GetProperty("Values");

        foreach (var setting in AppSettings.All)
        {
            var present = setting.IsList
                ? values.EnumerateObject().Any(v => v.Name.StartsWith(setting.AppSettingName + "__0__", StringComparison.Ordinal))
                : values.TryGetProperty(setting.AppSettingName, out _);
            Assert.True(present, $"{LocalSettingsFile.SampleFileName} lacks {setting.AppSettingName}");
        }

        Assert.Equal("dotnet-isolated", values.GetProperty("FUNCTIONS_WORKER_RUNTIME").GetString());
        Assert.Equal("", values.GetProperty("Email__SendGridApiKey").GetString());
        Assert.Equal("", values.GetProperty("Storage__ConnectionString").GetString());
        Assert.Contains("dev-only", values.GetProperty("Staff__ApiKey").GetString(), StringComparison.OrdinalIgnoreCase);
        var signingKey = Convert.FromBase64String(values.GetProperty("Links__SigningKey").GetString()!);
        Assert.StartsWith("DEV-ONLY", System.Text.Encoding.ASCII.GetString(signingKey), StringComparison.Ordinal);
    }

    [Fact]
    public void Bicep_sets_every_setting_the_app_binds_and_secrets_come_from_key_vault()
    {
        var appSettings = BicepAppSettings();

        var bicep = File.ReadAllText(Path.Combine(Root, "infra", "main.bicep"));
        foreach (var setting in AppSettings.All.Where(s => s.Scope == AppSettingScope.Everywhere && s.IsList))
        {
            // One entry per element of a parameter array, spread into appSettings.
            Assert.Contains($"name: '{setting.AppSettingName}__${{i}}__", bicep, StringComparison.Ordinal);
        }
        foreach (var setting in AppSettings.All.Where(s => s.Scope == AppSettingScope.Everywhere && !s.IsList))
        {
            Assert.True(appSettings.TryGetValue(setting.AppSettingName, out var value), $"main.bicep does not set {setting.AppSettingName}");
            if (setting.IsSecret)
            {
                Assert.Contains("@Microsoft.KeyVault(", value, StringComparison.Ordinal);
            }
        }

        foreach (var setting in AppSettings.All.Where(s => s.Scope is AppSettingScope.StandaloneOnly or AppSettingScope.Override))
        {
            Assert.False(appSettings.ContainsKey(setting.AppSettingName), $"{setting.AppSettingName} is not set in Azure");
        }

        // Host and app share one identity-based connection, named as the Functions conventions name it.
        foreach (var service in new[] { "blob", "queue", "table" })
        {
            Assert.Contains($"storage.properties.primaryEndpoints.{service}", appSettings[$"AzureWebJobsStorage__{service}ServiceUri"], StringComparison.Ordinal);
        }
        Assert.Equal("'managedidentity'", appSettings["AzureWebJobsStorage__credential"]);
        Assert.DoesNotContain("listKeys(", bicep, StringComparison.Ordinal);
        Assert.Contains("APPLICATIONINSIGHTS_CONNECTION_STRING", appSettings.Keys);
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", appSettings.Keys);
    }

    [Fact]
    public void Bicep_declares_a_flex_consumption_dotnet_isolated_app_with_its_resources_roles_and_alerts()
    {
        var bicep = File.ReadAllText(Path.Combine(Root, "infra", "main.bicep"));

        Assert.Matches(@"tier:\s*'FlexConsumption'", bicep);
        Assert.Matches(@"name:\s*'FC1'", bicep);
        Assert.Matches(@"kind:\s*'functionapp,linux'", bicep);
        Assert.Matches(@"runtime:\s*\{\s*name:\s*'dotnet-isolated'\s*version:\s*'10.0'", bicep);
        Assert.Contains("'DurableTaskHubName'", bicep, StringComparison.Ordinal); // host.json: "hubName": "%DurableTaskHubName%"
        Assert.Matches(@"name:\s*'AzureWebJobsDisableHomepage'\s*value:\s*'true'", bicep); // "/" is the portal's programs page
        Assert.Contains("Microsoft.Insights/scheduledQueryRules", bicep, StringComparison.Ordinal);
        Assert.Contains("ApplicationNeedsAttention", bicep, StringComparison.Ordinal); // the app's log event (FlagNeedsAttentionActivity)
        Assert.Contains("Microsoft.Insights/actionGroups", bicep, StringComparison.Ordinal);
        Assert.Matches(@"type:\s*'SystemAssigned'", bicep);
        Assert.Contains("'materials'", bicep, StringComparison.Ordinal);
        Assert.Contains("'mailbox'", bicep, StringComparison.Ordinal);
        Assert.Contains("corsRules", bicep, StringComparison.Ordinal);
        Assert.Contains("Microsoft.Insights/components", bicep, StringComparison.Ordinal);
        Assert.Contains("Microsoft.KeyVault/vaults", bicep, StringComparison.Ordinal);
        foreach (var role in new[]
                 {
                     "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", // Storage Blob Data Owner (the host's own storage)
                     "ba92f5b4-2d11-453d-a403-e96b0029c9fe", // Storage Blob Data Contributor
                     "974c5e8b-45b9-4653-ba55-5f855dd0fb88", // Storage Queue Data Contributor
                     "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", // Storage Table Data Contributor
                     "4633458b-17de-408a-b874-0445c86b69e6", // Key Vault Secrets User
                 })
        {
            Assert.Contains(role, bicep, StringComparison.Ordinal);
        }

        using var parameters = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "infra", "main.parameters.json")));
        foreach (var parameter in parameters.RootElement.GetProperty("parameters").EnumerateObject())
        {
            Assert.Matches($@"(?m)^param {parameter.Name} ", bicep);
        }
    }

    [Fact]
    public void Bicep_creates_the_workflow_tables()
    {
        var bicep = File.ReadAllText(Path.Combine(Root, "infra", "main.bicep"));
        var orchestration = new TalentFunctions.Workflow.OrchestrationOptions();

        var tables = typeof(TalentFunctions.Workflow.OrchestrationOptions).GetProperties()
            .Where(p => p.Name.EndsWith("Table", StringComparison.Ordinal) && p.PropertyType == typeof(string))
            .Select(p => (string)p.GetValue(orchestration)!)
            .ToArray();
        Assert.NotEmpty(tables);
        foreach (var table in tables)
        {
            Assert.Contains($"'{table}'", bicep, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Host_json_configures_the_durable_extension_and_routes_as_the_code_expects()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "src", "TalentFunctions.Functions", "host.json")));
        var root = host.RootElement;

        Assert.Equal("2.0", root.GetProperty("version").GetString());
        Assert.False(root.TryGetProperty("customHandler", out _));
        Assert.False(root.TryGetProperty("extensionBundle", out _)); // the isolated worker brings its extensions (extensions.json)
        var extensions = root.GetProperty("extensions");
        // Routes are the standalone host's paths: no "api" prefix added by the host.
        Assert.Equal("", extensions.GetProperty("http").GetProperty("routePrefix").GetString());
        var durable = extensions.GetProperty("durableTask");
        Assert.Equal("%DurableTaskHubName%", durable.GetProperty("hubName").GetString());
        var provider = durable.GetProperty("storageProvider");
        Assert.Equal("AzureWebJobsStorage", provider.GetProperty("connectionName").GetString());
        Assert.True(provider.GetProperty("partitionCount").GetInt32() is >= 1 and <= 16);
        Assert.True(TimeSpan.TryParse(provider.GetProperty("maxQueuePollingInterval").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
    }

    private static Dictionary<string, string> BicepAppSettings()
    {
        var bicep = File.ReadAllText(Path.Combine(Root, "infra", "main.bicep"));
        var start = bicep.IndexOf("appSettings: [", StringComparison.Ordinal);
        Assert.True(start >= 0, "main.bicep has no appSettings array");
        var end = bicep.IndexOf("\n      ]", start, StringComparison.Ordinal);
        var block = bicep[start..end];
        return AppSettingEntry().Matches(block).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value.Trim());
    }

    [GeneratedRegex(@"name:\s*'(?<name>[A-Za-z0-9_]+)'\s*\r?\n\s*value:\s*(?<value>[^\r\n]+)")]
    private static partial Regex AppSettingEntry();
}
