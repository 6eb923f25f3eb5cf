using System.Text.Json;
using TalentFunctions.Web.Security;
using TalentFunctions.Web.Tests.Hosting;
using TalentFunctions.Workflow;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Web.Tests.Api;

/// <summary>
/// What the API answers after a whole lifecycle (<see cref="ResponseWalk"/>): no secret in any answer, and the
/// JSON fields clients use are today's (<see cref="ResponseContractBaseline"/>) but the secrets.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class ResponseContractTests(AzuriteFixture azurite, ResponseWalk walk) : IClassFixture<ResponseWalk>
{
    [Fact]
    public async Task No_response_carries_a_token_hash_or_any_other_secret()
    {
        await walk.StartAsync(azurite);
        var app = walk.App;

        // The stored hashes, read from the application records (and checked against the tokens the applicants hold).
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var seeded in new[] { walk.Accepted, walk.Overridden })
        {
            var stored = (await app.StateAsync(seeded.Id)).AccessTokenHash;
            Assert.Equal(AccessTokens.Hash(seeded.Token), stored);
            secrets[$"the access-token hash of {seeded.Id}"] = stored;
        }
        // The idempotency records (the key as stored, the body hash of the create that used it) and the key itself.
        secrets["the Idempotency-Key"] = ResponseWalk.IdempotencyKey;
        var idempotencyRows = 0;
        await foreach (var row in app.Get<OrchestrationStorage>().Idempotency.QueryAsync<Azure.Data.Tables.TableEntity>())
        {
            if (row.GetString("BodyHash") is null)
            {
                // A claim's pointer row (ADR 0020): it repeats the claim's key, which the claim row adds below.
                continue;
            }
            secrets[$"the idempotency row key {row.RowKey}"] = row.RowKey;
            secrets[$"the idempotency body hash of {row.RowKey}"] = row.GetString("BodyHash")!;
            idempotencyRows++;
        }
        Assert.True(idempotencyRows > 0, "the walk created an application with an Idempotency-Key");
        secrets["the link signing key"] = TestSettings.SigningKey;
        secrets["the link signing key (hex)"] = Convert.ToHexStringLower(Convert.FromBase64String(TestSettings.SigningKey));
        secrets["the staff API key"] = TestSettings.StaffApiKey;
        string[] names = ["tokenHash", "bodyHash", "signingKey", "idempotency"];

        Assert.True(walk.Responses.Count > 40, $"the walk recorded only {walk.Responses.Count} responses");
        var leaks = new List<string>();
        foreach (var response in walk.Responses)
        {
            leaks.AddRange(secrets.Where(s => response.Body.Contains(s.Value, StringComparison.OrdinalIgnoreCase)).Select(s => $"{response.Request} carries {s.Key}"));
            leaks.AddRange(names.Where(n => response.Body.Contains(n, StringComparison.OrdinalIgnoreCase)).Select(n => $"{response.Request} names '{n}'"));
        }
        Assert.True(leaks.Count == 0, string.Join(Environment.NewLine, leaks));
    }

    [Fact]
    public async Task Responses_keep_todays_json_fields_except_the_secrets()
    {
        await walk.StartAsync(azurite);
        var actual = ContractFields(walk);
        var expected = ResponseContractBaseline.Fields.Except(ResponseContractBaseline.RemovedSecrets, StringComparer.Ordinal)
            .Concat(ResponseContractBaseline.Added)
            .ToHashSet(StringComparer.Ordinal);

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
