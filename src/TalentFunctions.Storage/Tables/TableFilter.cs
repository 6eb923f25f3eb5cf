using System.Globalization;

namespace TalentFunctions.Storage.Tables;

/// <summary>
/// The one way to build an OData <c>$filter</c>: every interpolated value is formatted as a typed,
/// escaped literal, so values can never change the shape of the query.
/// <code>TableFilter.Create($"PartitionKey eq {pk} and Score gt {3.5}")</code>
/// </summary>
public static class TableFilter
{
    /// <summary>
    /// Formats the interpolation holes: string → <c>'…'</c> with quotes doubled; bool → <c>true</c>/<c>false</c>;
    /// int → <c>42</c>; long → <c>42L</c>; double → invariant with a decimal point; DateTimeOffset/DateTime →
    /// <c>datetime'…Z'</c>; Guid → <c>guid'…'</c>. Any other type (and null) throws <see cref="ArgumentException"/>.
    /// </summary>
    public static string Create(FormattableString filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var arguments = filter.GetArguments();
        var literals = new object?[arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            literals[i] = Literal(arguments[i], i);
        }

        // Format specifiers and alignment are ignored: the literal text is fixed by its type.
        var format = StripFormatSpecifiers(filter.Format);
        return string.Format(CultureInfo.InvariantCulture, format, literals);
    }

    /// <summary>Formats one value as an OData literal (the same rules as <see cref="Create"/>).</summary>
    public static string Literal(object? value) => Literal(value, 0);

    private static string Literal(object? value, int index) => value switch
    {
        string s => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'",
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        double d => FormatDouble(d, index),
        DateTimeOffset dto => "datetime'" + TableEntityJson.FormatDate(dto) + "'",
        DateTime dt => "datetime'" + TableEntityJson.FormatDate(TableEntityJson.ToUtcOffset(dt)) + "'",
        Guid g => "guid'" + g.ToString("D") + "'",
        null => throw new ArgumentException($"Filter value {index} is null; compare with a typed value instead.", nameof(value)),
        _ => throw new ArgumentException(
            $"Filter value {index} has type {value.GetType().Name}; use string, bool, int, long, double, DateTimeOffset, DateTime or Guid.",
            nameof(value)),
    };

    private static string FormatDouble(double value, int index)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"Filter value {index} is not a finite number.", nameof(value));
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.') || text.Contains('E') ? text : text + ".0";
    }

    private static string StripFormatSpecifiers(string format)
    {
        var result = new System.Text.StringBuilder(format.Length);
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c == '{' && i + 1 < format.Length && format[i + 1] == '{')
            {
                result.Append("{{");
                i++;
                continue;
            }

            if (c == '}' && i + 1 < format.Length && format[i + 1] == '}')
            {
                result.Append("}}");
                i++;
                continue;
            }

            if (c == '{')
            {
                var end = format.IndexOf('}', i);
                var hole = format[(i + 1)..end];
                var cut = hole.IndexOfAny([',', ':']);
                result.Append('{').Append(cut < 0 ? hole : hole[..cut]).Append('}');
                i = end;
                continue;
            }

            result.Append(c);
        }

        return result.ToString();
    }
}
