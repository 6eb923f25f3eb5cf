using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using TalentFunctions.Domain.Programs;

namespace TalentFunctions.Workflow.Index;

/// <summary>
/// What the staff listing and the CSV export may filter on besides program and stage, each a column of the index's
/// listing row (<see cref="ApplicationIndex"/>): the track id (exact), the school and the project language (compared in
/// their column forms, <see cref="SchoolColumn"/> and <see cref="LanguageColumn"/>: case and spacing do not matter),
/// and a range of the weighted score (inclusive; applications without a score never match a range). Null means "any".
/// The values are checked by the caller (the API answers 422 naming the parameter); the filter goes to the storage
/// service through <see cref="TableClient.CreateQueryFilter(FormattableString)"/>, which escapes them.
/// </summary>
public sealed record ListingFilter(string? Track = null, string? School = null, string? Language = null, double? MinScore = null, double? MaxScore = null)
{
    public static readonly ListingFilter None = new();

    public bool IsEmpty => this == None;

    /// <summary>How the <c>School</c> column holds a school: <see cref="SchoolDefinition.Normalize"/> (trimmed, spaces collapsed, upper case).</summary>
    public static string SchoolColumn(string? school) => SchoolDefinition.Normalize(school);

    /// <summary>How the <c>Language</c> column holds a project language tag: trimmed, lower case.</summary>
    public static string LanguageColumn(string? language) => (language ?? "").Trim().ToLowerInvariant();

    /// <summary>The OData conditions on the filtered columns, each starting with <c> and </c>; empty without a filter.</summary>
    public string ODataConditions()
    {
        var conditions = new StringBuilder();
        if (Track is { } track)
        {
            conditions.Append(" and ").Append(TableClient.CreateQueryFilter($"Track eq {track}"));
        }
        if (School is { } school)
        {
            conditions.Append(" and ").Append(TableClient.CreateQueryFilter($"School eq {SchoolColumn(school)}"));
        }
        if (Language is { } language)
        {
            conditions.Append(" and ").Append(TableClient.CreateQueryFilter($"Language eq {LanguageColumn(language)}"));
        }
        if (MinScore is { } min)
        {
            conditions.Append(" and ").Append(TableClient.CreateQueryFilter($"Score ge {min}"));
        }
        if (MaxScore is { } max)
        {
            conditions.Append(" and ").Append(TableClient.CreateQueryFilter($"Score le {max}"));
        }
        return conditions.ToString();
    }

    /// <summary>
    /// What continuation tokens carry to name the filter they were issued for: empty without a filter (so tokens issued
    /// before filters existed stay good), else <c>/f</c> and a hash of the filter's values in their column forms.
    /// </summary>
    public string Key
    {
        get
        {
            if (IsEmpty)
            {
                return "";
            }
            var canonical = string.Join('\n',
                Track ?? "", School is null ? "" : SchoolColumn(School), Language is null ? "" : LanguageColumn(Language),
                MinScore?.ToString("R", CultureInfo.InvariantCulture) ?? "", MaxScore?.ToString("R", CultureInfo.InvariantCulture) ?? "");
            return "/f" + System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)).AsSpan(0, 12));
        }
    }
}
