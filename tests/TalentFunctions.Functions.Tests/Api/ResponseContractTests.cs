using System.Text.Json;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Functions.Tests.Api;

/// <summary>
/// What the API answers after a whole lifecycle (<see cref="ResponseWalk"/>): the JSON fields clients use are
/// today's (<see cref="ResponseContractBaseline"/>).
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class ResponseContractTests(AzuriteFixture azurite, ResponseWalk walk) : IClassFixture<ResponseWalk>
{
    [Fact]
    public async Task Responses_keep_todays_json_fields_except_the_secrets()
    {
        await walk.StartAsync(azurite);
        var actual = ContractFields(walk);
        var expected = ResponseContractBaseline.Fields.Except(ResponseContractBaseline.RemovedSecrets, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);

        var added = actual.Except(expected, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var missing = expected.Except(actual, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        Assert.True(added.Count == 0 && missing.Count == 0,
            $"added: {string.Join(", ", added)}{Environment.NewLine}missing: {string.Join(", ", missing)}{Environment.NewLine}" +
            $"all today:{Environment.NewLine}{string.Join(Environment.NewLine, actual.Order(StringComparer.Ordinal).Select(f => $"\"{f}\","))}");
    }

    /// <summary>
    /// The JSON fields of the walk's answers, as paths: <c>staff-detail.application.materials[].fileName</c>;
    /// history entries by their type (<c>staff-detail.history[DraftCreated].data.track</c>); the CSV's columns.
    /// </summary>
    public static IReadOnlySet<string> ContractFields(ResponseWalk walk)
    {
        var fields = new HashSet<string>(StringComparer.Ordinal);
        foreach (var detail in walk.StaffDetails.Values)
        {
            var root = JsonDocument.Parse(detail).RootElement;
            foreach (var property in root.EnumerateObject())
            {
                fields.Add("staff-detail." + property.Name);
                if (property.Name == "history")
                {
                    foreach (var entry in property.Value.EnumerateArray())
                    {
                        Collect(entry, $"staff-detail.history[{entry.GetProperty("type").GetString()}]", fields);
                    }
                }
                else
                {
                    Collect(property.Value, "staff-detail." + property.Name, fields);
                }
            }
        }
        Collect(JsonDocument.Parse(walk.ApplicantView).RootElement, "applicant-view", fields);
        foreach (var page in walk.StaffListPages)
        {
            Collect(JsonDocument.Parse(page).RootElement, "staff-list", fields);
        }
        Collect(JsonDocument.Parse(walk.Dashboard).RootElement, "dashboard", fields);
        foreach (var column in walk.Csv.TrimStart('\uFEFF').Split("\r\n")[0].Split(','))
        {
            fields.Add("csv." + column);
        }
        return fields;
    }

    private static void Collect(JsonElement element, string path, HashSet<string> fields)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    fields.Add(path + "." + property.Name);
                    Collect(property.Value, path + "." + property.Name, fields);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, path + "[]", fields);
                }
                break;
        }
    }
}
