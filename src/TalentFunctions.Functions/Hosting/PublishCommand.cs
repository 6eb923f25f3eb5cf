using System.Diagnostics;

namespace TalentFunctions.Functions.Hosting;

/// <summary>
/// <c>dotnet run --project src/TalentFunctions.Functions -- publish [outDir] [--metadata-only]</c>: writes a
/// ready-to-zip Functions app folder (default <c>publish/functionapp</c>): the self-contained linux-x64 executable
/// (<c>dotnet publish -c Release -r linux-x64 --self-contained</c>), <c>host.json</c>, and one folder per function
/// with its generated <c>function.json</c>. <c>--metadata-only</c> skips <c>dotnet publish</c> (for a folder that
/// was published separately).
/// </summary>
public static class PublishCommand
{
    public const string Verb = "publish";
    public const string MetadataOnlyFlag = "--metadata-only";
    public const string ExecutableName = "TalentFunctions.Functions";
    public const string RuntimeIdentifier = "linux-x64";
    public static readonly string ProjectPath = Path.Combine("src", "TalentFunctions.Functions", "TalentFunctions.Functions.csproj");

    public static bool IsPublish(IReadOnlyList<string> args) => args.Count > 0 && args[0] == Verb;

    public static async Task<int> RunAsync(WebApplication app, IReadOnlyList<string> args, CancellationToken cancellationToken = default)
    {
        var metadataOnly = args.Skip(1).Contains(MetadataOnlyFlag, StringComparer.Ordinal);
        var positional = args.Skip(1).Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var unknown = args.Skip(1).Where(a => a.StartsWith("--", StringComparison.Ordinal) && a != MetadataOnlyFlag).ToArray();
        if (positional.Length > 1 || unknown.Length > 0)
        {
            await Console.Error.WriteLineAsync($"Usage: {Verb} [outDir] [{MetadataOnlyFlag}]");
            return 2;
        }

        var root = RepositoryLocator.FindRoot(app.Environment.ContentRootPath, Directory.GetCurrentDirectory());
        if (root is null)
        {
            await Console.Error.WriteLineAsync($"'{Verb}' runs from a clone of the repository (no {RepositoryLocator.SolutionFileName} found).");
            return 1;
        }

        var output = Path.GetFullPath(positional.Length == 1 ? positional[0] : Path.Combine(root, "publish", "functionapp"));
        var registry = app.Services.GetRequiredService<FunctionRegistry>();
        var functions = registry.GetAll();

        if (!metadataOnly)
        {
            if (!PrepareOutput(output, out var problem))
            {
                await Console.Error.WriteLineAsync(problem);
                return 1;
            }

            var exitCode = await DotnetPublishAsync(Path.Combine(root, ProjectPath), output, cancellationToken);
            if (exitCode != 0)
            {
                await Console.Error.WriteLineAsync($"dotnet publish failed with exit code {exitCode}.");
                return exitCode;
            }
        }

        await FunctionMetadataWriter.WriteAsync(functions, Path.Combine(root, FunctionMetadataWriter.HostFileName), output, cancellationToken);

        Console.WriteLine($"Functions app written to {output}:");
        foreach (var function in functions)
        {
            Console.WriteLine($"  {function.Name,-28} {Describe(function.Trigger)}");
        }

        foreach (var route in registry.GetUnnamedRoutes())
        {
            Console.WriteLine($"  (not a function: '{route}' is mapped without a name, so the Functions host will not forward it)");
        }

        if (!File.Exists(Path.Combine(output, ExecutableName)))
        {
            Console.WriteLine($"  (no {ExecutableName} executable in the folder yet: publish it there with dotnet publish -r {RuntimeIdentifier} --self-contained)");
        }

        var zip = Path.Combine(Path.GetDirectoryName(output) ?? output, Path.GetFileName(output) + ".zip");
        Console.WriteLine();
        Console.WriteLine("Zip and deploy (see infra/README.md):");
        Console.WriteLine($"  (cd \"{output}\" && zip -r \"{zip}\" .)");
        Console.WriteLine($"  az functionapp deployment source config-zip -g <resource-group> -n <app-name> --src \"{zip}\"");
        return 0;
    }

    internal static string Describe(FunctionTrigger trigger) => trigger switch
    {
        HttpFunctionTrigger http => $"http {(http.Methods.Count == 0 ? "*" : string.Join(",", http.Methods))} /{http.Route}",
        QueueFunctionTrigger queue => $"queue {queue.QueueName}",
        TimerFunctionTrigger timer => $"timer {timer.Schedule}",
        _ => "?",
    };

    // Only an empty folder or an earlier publish output is emptied; anything else is refused.
    private static bool PrepareOutput(string output, out string problem)
    {
        problem = string.Empty;
        if (!Directory.Exists(output) || !Directory.EnumerateFileSystemEntries(output).Any())
        {
            return true;
        }

        if (!File.Exists(Path.Combine(output, FunctionMetadataWriter.HostFileName)) || !File.Exists(Path.Combine(output, ExecutableName + ".dll")))
        {
            problem = $"{output} is not empty and is not an earlier publish output; choose another folder.";
            return false;
        }

        foreach (var directory in Directory.EnumerateDirectories(output))
        {
            Directory.Delete(directory, recursive: true);
        }

        foreach (var file in Directory.EnumerateFiles(output))
        {
            File.Delete(file);
        }

        return true;
    }

    private static async Task<int> DotnetPublishAsync(string project, string output, CancellationToken cancellationToken)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet) { UseShellExecute = false };
        foreach (var argument in new[]
                 {
                     "publish", project, "-c", "Release", "-r", RuntimeIdentifier, "--self-contained", "true", "-o", output,
                 })
        {
            start.ArgumentList.Add(argument);
        }

        Console.WriteLine($"> dotnet {string.Join(' ', start.ArgumentList)}");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet publish.");
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode;
    }
}
