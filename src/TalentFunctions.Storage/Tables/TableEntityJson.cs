using System.Globalization;
using System.Text.Json;

namespace TalentFunctions.Storage.Tables;

/// <summary>Entity ⇄ OData JSON (minimal metadata) with Edm type annotations.</summary>
internal static class TableEntityJson
{
    private const string TypeSuffix = "@odata.type";
    private const string DateFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    internal static DateTimeOffset ToUtcOffset(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => new DateTimeOffset(value.ToUniversalTime(), TimeSpan.Zero),
        _ => new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc), TimeSpan.Zero),
    };

    internal static string FormatDate(DateTimeOffset value) => value.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static byte[] Serialize(TableEntity entity)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, entity);
        }

        return buffer.ToArray();
    }

    public static void Write(Utf8JsonWriter writer, TableEntity entity)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in entity)
        {
            if (value is null || name == "Timestamp" || name.StartsWith("odata.", StringComparison.Ordinal))
            {
                continue;
            }

            switch (value)
            {
                case string s:
                    writer.WriteString(name, s);
                    break;
                case int i:
                    writer.WriteNumber(name, i);
                    break;
                case long l:
                    writer.WriteString(name + TypeSuffix, "Edm.Int64");
                    writer.WriteString(name, l.ToString(CultureInfo.InvariantCulture));
                    break;
                case double or float:
                    var d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                    writer.WriteString(name + TypeSuffix, "Edm.Double");
                    if (double.IsFinite(d))
                    {
                        writer.WriteNumber(name, d);
                    }
                    else
                    {
                        writer.WriteString(name, double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
                    }

                    break;
                case bool b:
                    writer.WriteBoolean(name, b);
                    break;
                case DateTimeOffset dto:
                    writer.WriteString(name + TypeSuffix, "Edm.DateTime");
                    writer.WriteString(name, FormatDate(dto));
                    break;
                case DateTime dt:
                    writer.WriteString(name + TypeSuffix, "Edm.DateTime");
                    writer.WriteString(name, FormatDate(ToUtcOffset(dt)));
                    break;
                case Guid g:
                    writer.WriteString(name + TypeSuffix, "Edm.Guid");
                    writer.WriteString(name, g.ToString("D"));
                    break;
                case byte[] bytes:
                    writer.WriteString(name + TypeSuffix, "Edm.Binary");
                    writer.WriteBase64String(name, bytes);
                    break;
                case BinaryData data:
                    writer.WriteString(name + TypeSuffix, "Edm.Binary");
                    writer.WriteBase64String(name, data.ToMemory().Span);
                    break;
                default:
                    throw new ArgumentException(
                        $"Property '{name}' has a value of type {value.GetType().Name}, which Table storage cannot hold. " +
                        "Use string, int, long, double, bool, DateTimeOffset, DateTime, Guid, byte[] or BinaryData.",
                        nameof(entity));
            }
        }

        writer.WriteEndObject();
    }

    public static TableEntity Read(JsonElement element)
    {
        var entity = new TableEntity();
        foreach (var property in element.EnumerateObject())
        {
            var name = property.Name;
            if (name == "odata.etag")
            {
                entity.ETag = property.Value.GetString();
                continue;
            }

            if (name.StartsWith("odata.", StringComparison.Ordinal) || name.EndsWith(TypeSuffix, StringComparison.Ordinal))
            {
                continue;
            }

            var edmType = element.TryGetProperty(name + TypeSuffix, out var annotation) ? annotation.GetString() : null;
            var value = ReadValue(property.Value, edmType);
            if (name == "Timestamp")
            {
                entity.Timestamp = value switch
                {
                    DateTimeOffset d => d,
                    string s => ParseDate(s),
                    _ => null,
                };
                continue;
            }

            entity[name] = value;
        }

        return entity;
    }

    private static object? ReadValue(JsonElement value, string? edmType)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Number:
                // Arms are boxed individually: a switch over int/long/double would widen them all to double.
                return edmType switch
                {
                    "Edm.Double" => (object)value.GetDouble(),
                    "Edm.Int64" => (object)value.GetInt64(),
                    "Edm.Int32" => (object)value.GetInt32(),
                    _ when !HasFraction(value) && value.TryGetInt32(out var i) => (object)i,
                    _ when !HasFraction(value) && value.TryGetInt64(out var l) => (object)l,
                    _ => (object)value.GetDouble(),
                };
            case JsonValueKind.String:
                var text = value.GetString()!;
                return edmType switch
                {
                    "Edm.Int64" => (object)long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture),
                    "Edm.Int32" => int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture),
                    "Edm.Double" => text switch
                    {
                        "NaN" => double.NaN,
                        "Infinity" or "INF" => double.PositiveInfinity,
                        "-Infinity" or "-INF" => double.NegativeInfinity,
                        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
                    },
                    "Edm.DateTime" => ParseDate(text),
                    "Edm.Guid" => Guid.Parse(text),
                    "Edm.Binary" => Convert.FromBase64String(text),
                    "Edm.Boolean" => bool.Parse(text),
                    _ => text,
                };
            default:
                return value.GetRawText();
        }
    }

    private static bool HasFraction(JsonElement value)
    {
        var raw = value.GetRawText();
        return raw.Contains('.') || raw.Contains('e') || raw.Contains('E');
    }

    private static DateTimeOffset ParseDate(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
