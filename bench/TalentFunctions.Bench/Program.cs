using TalentFunctions.Bench;

// Benchmarks print one JSON line per metric: {"metric":"…","value":…,"unit":"…"}.
// Add a scenario by writing an XxxScenario class with RunAsync(string[] args) and listing it here.
var scenarios = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.OrdinalIgnoreCase)
{
    ["storage"] = StorageScenario.RunAsync,
    ["http"] = HttpScenario.RunAsync,
    ["workflow"] = WorkflowScenario.RunAsync,
    ["soak"] = SoakScenario.RunAsync,
    ["scale"] = ScaleScenario.RunAsync,
    ["timers"] = ScaleScenario.RunTimersAsync,
    ["upload"] = UploadScenario.RunAsync,
};

if (args.Length == 0 || !scenarios.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: dotnet run -c Release --project bench/TalentFunctions.Bench -- <{string.Join('|', scenarios.Keys)}> [options]");
    return 2;
}

return await run(args[1..]);
