using System.Globalization;
using System.Text.Json;

namespace TalentFunctions.Bench;

/// <summary>Prints benchmark results as JSON lines on stdout (diagnostics go to stderr).</summary>
public static class Metrics
{
    private static readonly object Gate = new();

    public static void Report(string metric, double value, string unit)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(metric);
        ArgumentException.ThrowIfNullOrWhiteSpace(unit);
        var line = JsonSerializer.Serialize(new MetricLine(metric, Math.Round(value, 3), unit), MetricJson.Default.MetricLine);
        lock (Gate)
        {
            Console.Out.WriteLine(line);
            Console.Out.Flush();
        }
    }

    /// <summary>A progress note for humans, kept off stdout so the JSON lines stay machine-readable.</summary>
    public static void Note(string text)
    {
        lock (Gate)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[bench] {text}"));
        }
    }
}

public sealed record MetricLine(
    [property: System.Text.Json.Serialization.JsonPropertyName("metric")] string Metric,
    [property: System.Text.Json.Serialization.JsonPropertyName("value")] double Value,
    [property: System.Text.Json.Serialization.JsonPropertyName("unit")] string Unit);

[System.Text.Json.Serialization.JsonSerializable(typeof(MetricLine))]
internal sealed partial class MetricJson : System.Text.Json.Serialization.JsonSerializerContext;
