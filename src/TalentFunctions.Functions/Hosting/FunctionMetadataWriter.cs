using System.Text.Json;
using System.Text.Json.Nodes;

namespace TalentFunctions.Functions.Hosting;

/// <summary>
/// Writes what the Functions host reads: <c>host.json</c> and one <c>{FunctionName}/function.json</c> per function,
/// generated from the <see cref="FunctionRegistry"/> so they cannot drift from the code.
/// </summary>
public static class FunctionMetadataWriter
{
    public const string FunctionFileName = "function.json";
    public const string HostFileName = "host.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The <c>function.json</c> of one function (shapes as documented for custom handlers).</summary>
    public static JsonObject CreateFunctionJson(FunctionDefinition function)
    {
        JsonArray bindings = function.Trigger switch
        {
            HttpFunctionTrigger http =>
            [
                HttpTriggerBinding(http),
                new JsonObject { ["type"] = "http", ["direction"] = "out", ["name"] = "res" },
            ],
            QueueFunctionTrigger queue =>
            [
                new JsonObject
                {
                    ["type"] = "queueTrigger",
                    ["direction"] = "in",
                    ["name"] = CustomHandlerInvocations.QueueBindingName,
                    ["queueName"] = queue.QueueName,
                    ["connection"] = queue.Connection,
                },
            ],
            TimerFunctionTrigger timer =>
            [
                new JsonObject
                {
                    ["type"] = "timerTrigger",
                    ["direction"] = "in",
                    ["name"] = CustomHandlerInvocations.TimerBindingName,
                    ["schedule"] = timer.Schedule,
                },
            ],
            _ => throw new ArgumentException($"Function '{function.Name}' has an unknown trigger.", nameof(function)),
        };
        return new JsonObject { ["bindings"] = bindings };
    }

    /// <summary>
    /// Writes <c>host.json</c> (copied from <paramref name="hostJsonPath"/>) and the function folders into
    /// <paramref name="outputDirectory"/>, first removing function folders of an earlier run (folders holding a
    /// <c>function.json</c>) so a removed function does not linger. Returns the folders written.
    /// </summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(
        IReadOnlyList<FunctionDefinition> functions,
        string hostJsonPath,
        string outputDirectory,
        CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(outputDirectory);
        foreach (var stale in Directory.EnumerateDirectories(outputDirectory)
                     .Where(d => File.Exists(Path.Combine(d, FunctionFileName)))
                     .ToArray())
        {
            Directory.Delete(stale, recursive: true);
        }

        File.Copy(hostJsonPath, Path.Combine(outputDirectory, HostFileName), overwrite: true);
        var written = new List<string>();
        foreach (var function in functions)
        {
            FunctionRules.EnsureValid(function);
            var folder = Path.Combine(outputDirectory, function.Name);
            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(
                Path.Combine(folder, FunctionFileName),
                CreateFunctionJson(function).ToJsonString(Indented) + Environment.NewLine,
                cancellationToken);
            written.Add(folder);
        }

        return written;
    }

    private static JsonObject HttpTriggerBinding(HttpFunctionTrigger http)
    {
        var binding = new JsonObject
        {
            ["type"] = "httpTrigger",
            ["direction"] = "in",
            ["name"] = "req",
            ["authLevel"] = http.AuthLevel,
        };
        if (http.Methods.Count > 0)
        {
            binding["methods"] = new JsonArray(http.Methods.Select(m => (JsonNode)JsonValue.Create(m)).ToArray());
        }

        binding["route"] = http.Route;
        return binding;
    }
}
