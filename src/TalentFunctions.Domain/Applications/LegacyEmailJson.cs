using System.Text.Json;
using System.Text.Json.Serialization;

namespace TalentFunctions.Domain.Applications;

/// <summary>
/// Reads the list values of <see cref="EmailFacts"/> as written (a JSON array), and also as outbox rows written before
/// the facts were typed held them: one string, one entry per line (<c>ReasonName: detail</c>, <c>Mentor: Advance</c>).
/// Only the entry's name is read from such a line; the detail is kept only where it is the parameter itself (the
/// material, the staff note). Writing is always the array. Remove once no outbox row of the old shape can remain.
/// </summary>
internal abstract class LegacyLinesConverter<T> : JsonConverter<IReadOnlyList<T>>
{
    public override IReadOnlyList<T>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return JsonSerializer.Deserialize<List<T>>(ref reader, options);
        }

        var lines = (reader.GetString() ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return [.. lines.Select(FromLine).OfType<T>()];
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<T> value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value.ToList(), options);

    /// <summary>The entry of one legacy line, or null when the line names nothing known.</summary>
    protected abstract T? FromLine(string line);
}

internal sealed class LegacyReasonsConverter : LegacyLinesConverter<ScreeningReasonData>
{
    protected override ScreeningReasonData? FromLine(string line)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? line : line[..colon];
        var detail = colon < 0 ? "" : line[(colon + 1)..].Trim();
        if (!Enum.TryParse<ScreeningReason>(name.Trim(), ignoreCase: false, out var code))
        {
            return null;
        }

        return code switch
        {
            ScreeningReason.MissingMaterial => new(code, Field: detail),
            ScreeningReason.StaffOverride => new(code, Note: detail),
            _ => new(code),
        };
    }
}

internal sealed class LegacyRecommendationsConverter : LegacyLinesConverter<MentorRecommendation>
{
    protected override MentorRecommendation? FromLine(string line)
    {
        var colon = line.LastIndexOf(':');
        return colon > 0 && Enum.TryParse<Recommendation>(line[(colon + 1)..].Trim(), ignoreCase: false, out var recommendation)
            ? new MentorRecommendation(line[..colon].Trim(), recommendation)
            : null;
    }
}
