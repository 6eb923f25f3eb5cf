using System.Text.Json;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Memory;

namespace TalentFunctions.Standalone.Hosting;

/// <summary>
/// Reads <c>local.settings.json</c> (the Functions convention) or, when there is none, <c>local.settings.sample.json</c>
/// for standalone runs. Its <c>Values</c> are flat app-setting names (<c>Staff__ApiKey</c>), mapped to configuration
/// keys (<c>Staff:ApiKey</c>); <c>ConnectionStrings</c> become <c>ConnectionStrings:name</c>.
/// </summary>
public static class LocalSettingsFile
{
    public const string FileName = "local.settings.json";
    public const string SampleFileName = "local.settings.sample.json";

    /// <summary>
    /// Walks up from each start directory (stopping at a repository root, a folder with <c>.git</c>) and returns the
    /// first <c>local.settings.json</c> or, in the same folder, <c>local.settings.sample.json</c>. Then the
    /// executable's folder (published runs) is tried. Null when none exists.
    /// </summary>
    public static string? Locate(IEnumerable<string?> startDirectories, string? executableDirectory)
    {
        foreach (var start in startDirectories)
        {
            for (var directory = RepositoryLocator.ToDirectory(start); directory is not null; directory = directory.Parent)
            {
                if (FindIn(directory.FullName) is { } found)
                {
                    return found;
                }

                if (Directory.Exists(Path.Combine(directory.FullName, ".git")) || File.Exists(Path.Combine(directory.FullName, ".git")))
                {
                    break;
                }
            }
        }

        return executableDirectory is null ? null : FindIn(executableDirectory);
    }

    /// <summary>The settings of a local settings file as configuration keys and values.</summary>
    public static IReadOnlyDictionary<string, string?> Read(string path)
    {
        using var stream = File.OpenRead(path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{Path.GetFileName(path)} is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidOperationException($"{Path.GetFileName(path)} must hold a JSON object with \"Values\".");
            }

            if (document.RootElement.TryGetProperty("Values", out var values) && values.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in values.EnumerateObject())
                {
                    result[property.Name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)] = ToText(property.Value);
                }
            }

            if (document.RootElement.TryGetProperty("ConnectionStrings", out var connectionStrings)
                && connectionStrings.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in connectionStrings.EnumerateObject())
                {
                    result[ConfigurationPath.Combine("ConnectionStrings", property.Name)] = ToText(property.Value);
                }
            }

            return result;
        }
    }

    /// <summary>
    /// Adds the located file's settings just below the unprefixed environment variables, so environment variables and
    /// the command line override it while it overrides <c>appsettings.json</c>. Returns the file used, or null.
    /// </summary>
    public static string? AddTo(IConfigurationBuilder configuration, IEnumerable<string?> startDirectories, string? executableDirectory)
    {
        if (Locate(startDirectories, executableDirectory) is not { } path)
        {
            return null;
        }

        var source = new MemoryConfigurationSource { InitialData = Read(path) };
        var sources = configuration.Sources;
        var index = -1;
        for (var i = sources.Count - 1; i >= 0; i--)
        {
            if (sources[i] is EnvironmentVariablesConfigurationSource { Prefix: null or "" })
            {
                index = i;
                break;
            }
        }

        if (index < 0)
        {
            configuration.Add(source);
        }
        else
        {
            sources.Insert(index, source);
        }

        return path;
    }

    private static string? FindIn(string directory)
    {
        var local = Path.Combine(directory, FileName);
        if (File.Exists(local))
        {
            return local;
        }

        var sample = Path.Combine(directory, SampleFileName);
        return File.Exists(sample) ? sample : null;
    }

    private static string? ToText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null => null,
        _ => value.GetRawText(),
    };
}
