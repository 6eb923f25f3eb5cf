using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using TalentFunctions.Web.Api;
using TalentFunctions.Web.Tests.Infrastructure;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Web.Tests.Api;

/// <summary><c>TalentFunctions.http</c> at the repository root shows every API call, with bodies of the right shape.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed partial class HttpFileTests(AzuriteFixture azurite)
{
    private static readonly string HttpFile = Path.Combine(FindRoot(), "TalentFunctions.http");

    [Fact]
    public async Task Every_route_in_the_OpenAPI_document_has_an_example()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var document = await app.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var documented = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {Normalize(p.Name)}"))
            .Where(r => r.Contains(" /api/", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
        var examples = Requests().Select(r => $"{r.Method} {Normalize(r.Path)}").ToHashSet(StringComparer.Ordinal);

        var missing = documented.Except(examples).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "TalentFunctions.http has no example of: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_JSON_body_parses_and_the_create_body_passes_validation()
    {
        var requests = Requests();
        Assert.NotEmpty(requests);
        foreach (var request in requests.Where(r => r.Body.TrimStart().StartsWith('{')))
        {
            var json = VariableRef().Replace(request.Body, "x");
            try
            {
                using var _ = JsonDocument.Parse(json);
            }
            catch (JsonException ex)
            {
                Assert.Fail($"{request.Method} {request.Path}: the body is not JSON ({ex.Message}):\n{request.Body}");
            }
        }

        var create = requests.Single(r => r.Method == "POST" && Normalize(r.Path) == "/api/applications");
        var body = JsonSerializer.Deserialize<CreateApplicationRequest>(VariableRef().Replace(create.Body, "xiaoyu.lin@example.com"), ApiJson.Options)!;
        var validation = new Validation();
        validation.Line("programId", body.ProgramId, 100);
        validation.Applicant("applicant", body.Applicant);
        validation.Project("project", body.Project);
        validation.Consent("consent", body.Consent); // the current privacy notice's version
        Assert.True(validation.IsValid, string.Join("; ", validation.Errors.SelectMany(e => e.Value)));
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", body.Applicant!.Name);
    }

    [Fact]
    public void The_variables_point_at_the_local_app_with_the_local_sample_staff_key()
    {
        var text = File.ReadAllText(HttpFile);
        Assert.Contains("@baseUrl = http://localhost:7071", text, StringComparison.Ordinal);
        var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(FindRoot(), "local.settings.sample.json")));
        var key = sample.RootElement.GetProperty("Values").GetProperty("Staff__ApiKey").GetString();
        Assert.Contains($"@staffKey = {key}", text, StringComparison.Ordinal);
    }

    private sealed record Example(string Method, string Path, string Body);

    /// <summary>The requests of the file: a method line, headers, a blank line, the body up to the next <c>###</c>.</summary>
    private static List<Example> Requests()
    {
        var examples = new List<Example>();
        foreach (var block in File.ReadAllText(HttpFile).Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n###"))
        {
            var lines = block.Split('\n');
            var at = Array.FindIndex(lines, l => RequestLine().IsMatch(l));
            if (at < 0)
            {
                continue;
            }
            var match = RequestLine().Match(lines[at]);
            var blank = Array.FindIndex(lines, at, l => l.Trim().Length == 0);
            var body = blank < 0 ? "" : string.Join('\n', lines[(blank + 1)..].Where(l => !l.StartsWith('#') && !l.StartsWith('@')));
            examples.Add(new Example(match.Groups[1].Value, match.Groups[2].Value, body.Trim()));
        }
        return examples;
    }

    /// <summary>The path without base URL and query, with every parameter or variable as <c>{}</c>.</summary>
    private static string Normalize(string url)
    {
        var path = url.Replace("{{baseUrl}}", "", StringComparison.Ordinal).Split('?')[0];
        return Parameter().Replace(VariableRef().Replace(path, "{}"), "{}");
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TalentFunctions.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("No TalentFunctions.sln above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^(GET|POST|PUT|PATCH|DELETE) (\S+)")]
    private static partial Regex RequestLine();

    [GeneratedRegex(@"\{\{[^}]+\}\}")]
    private static partial Regex VariableRef();

    [GeneratedRegex(@"\{[A-Za-z]+\}")]
    private static partial Regex Parameter();
}
