using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TalentFunctions.Web.Api;
using TalentFunctions.Web.Materials;
using TalentFunctions.Web.Tests.Hosting;
using TalentFunctions.Web.Tests.Infrastructure;
using Azure.Storage.Blobs;
using TalentFunctions.TestSupport;
using static TalentFunctions.Web.Tests.Api.ApiTestKit;

namespace TalentFunctions.Web.Tests.Api;

/// <summary>A request the API must refuse, with the status and problem code it must answer with.</summary>
public sealed record BadInputCase(string Name, int Status, string? Code, Func<SeededApplications, Task<ArrangedRequest>> Arrange);

/// <summary>The request to send (after any setup), and extra checks to run on the answer.</summary>
public sealed record ArrangedRequest(HttpRequestMessage Request, Func<Task>? Then = null);

/// <summary>
/// The bad-input corpus: every request is answered with the expected 4xx and a ProblemDetails
/// (<c>application/problem+json</c> with a <c>type</c>), never a 5xx, and changes nothing: the seeded
/// applications keep their version and event count, and no application or idempotency row appears.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class BadInputTests(AzuriteFixture azurite, SeededApplications seeded) : IClassFixture<SeededApplications>
{
    private const string Apps = "/api/applications";
    private const string StaffRoot = "/api/staff";
    private const string ODataInjection = "' or PartitionKey ne '";
    private const string RowKeyInjection = "' or RowKey ne '";

    // Endpoints declaring .Accepts<T>("application/json") are refused by routing (its default RFC 9110 problem
    // type) before the handler's own 415 (/problems/unsupported-media-type) could answer.
    private const string? RoutedUnsupportedMediaType = null;

    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var c in Cases)
        {
            names.Add(c.Name);
        }
        return names;
    }

    [Fact]
    public void The_corpus_has_at_least_100_distinct_requests()
    {
        Assert.True(Cases.Count >= 100, $"only {Cases.Count} cases");
        Assert.Equal(Cases.Count, Cases.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Is_refused_with_a_problem_and_changes_nothing(string name)
    {
        var bad = Cases.Single(c => c.Name == name);
        var s = await seeded.StartAsync(azurite);
        var arranged = await bad.Arrange(s);
        var before = await s.SnapshotAsync();

        using var request = arranged.Request;
        using var response = await s.App.Client.SendAsync(request);

        Assert.True((int)response.StatusCode < 500, $"{name}: answered {(int)response.StatusCode}: {Shorten(await response.Content.ReadAsStringAsync())}");
        await AssertProblemAsync(response, bad.Status, bad.Code, name);
        var after = await s.SnapshotAsync();
        Assert.True(before.Applications.SequenceEqual(after.Applications),
            $"{name} changed an application: {Describe(before)} → {Describe(after)}");
        Assert.True(before.ApplicationRows == after.ApplicationRows, $"{name} added application rows: {before.ApplicationRows} → {after.ApplicationRows}");
        Assert.True(before.IdempotencyRows == after.IdempotencyRows, $"{name} claimed an idempotency key: {before.IdempotencyRows} → {after.IdempotencyRows}");
        if (arranged.Then is not null)
        {
            await arranged.Then();
        }
    }

    [Fact]
    public async Task A_missing_token_a_wrong_token_another_applicants_token_and_an_unknown_id_get_the_same_answer()
    {
        var s = await seeded.StartAsync(azurite);
        var target = s.Target;
        var unknown = "app-" + new string('0', 20);
        foreach (var (method, path, body) in new (HttpMethod, string, string?)[]
                 {
                     (HttpMethod.Get, "", null),
                     (HttpMethod.Patch, "", """{"project":{"title":"新标题"}}"""),
                     (HttpMethod.Post, "/materials", """{"kind":"cv","fileName":"cv.pdf","contentType":"application/pdf","length":10}"""),
                     (HttpMethod.Post, "/materials/m000000000000/complete", null),
                     (HttpMethod.Post, "/submit", null),
                     (HttpMethod.Post, "/withdraw", null),
                 })
        {
            var answers = new List<(string What, string Body)>();
            foreach (var (what, id, token) in new (string, string, string?)[]
                     {
                         ("missing token", target.Id, null),
                         ("wrong token", target.Id, "not-the-token-" + Guid.NewGuid().ToString("N")),
                         ("another applicant's token", target.Id, s.Other.Token),
                         ("unknown id", unknown, target.Token),
                     })
            {
                using var request = body is null ? Raw(method, $"{Apps}/{id}{path}", token: token) : Text(method, $"{Apps}/{id}{path}", body, token: token);
                using var response = await s.App.Client.SendAsync(request);
                var problem = await AssertProblemAsync(response, 404, "not-found", $"{method} {path} with {what}");
                answers.Add((what, WithoutTraceId(problem)));
            }
            Assert.True(answers.Select(a => a.Body).Distinct(StringComparer.Ordinal).Count() == 1,
                $"{method} {path}: the answers differ: {string.Join(" | ", answers.Select(a => $"{a.What}: {a.Body}"))}");
        }
    }

    private static string Describe(StateSnapshot s) =>
        string.Join(", ", s.Applications.Select(a => $"{a.Key} v{a.Value.Version}/{a.Value.Events} events"));

    // ---- The corpus ------------------------------------------------------------------------------------------

    public static IReadOnlyList<BadInputCase> Cases { get; } = BuildCases();

    private static BadInputCase Case(string name, int status, string? code, Func<SeededApplications, HttpRequestMessage> request) =>
        new(name, status, code, s => Task.FromResult(new ArrangedRequest(request(s))));

    private static BadInputCase Arranged(string name, int status, string? code, Func<SeededApplications, Task<ArrangedRequest>> arrange) =>
        new(name, status, code, arrange);

    private static HttpRequestMessage Create(string body, string? contentType = "application/json", IReadOnlyDictionary<string, string>? headers = null) =>
        Text(HttpMethod.Post, Apps, body, contentType, headers: headers);

    private static HttpRequestMessage Create(Action<JsonObject> change) => Json(HttpMethod.Post, Apps, CreateBody(change));

    private static HttpRequestMessage Create(JsonNode body) => Json(HttpMethod.Post, Apps, body);

    private static Dictionary<string, string> Key(string value) => new() { [IdempotencyKeys.Header] = value };

    private static string Long(int length, char c = 'x') => new(c, length);

    private static string Q(string value) => Uri.EscapeDataString(value);

    /// <summary>A JSON document just over the 1 MiB limit.</summary>
    private static byte[] OverLimit() => Encoding.UTF8.GetBytes("{\"synopsis\":\"" + Long(JsonBody.MaxBytes) + "\"}");

    private static HttpRequestMessage Chunked(HttpMethod method, string url, byte[] body, string? token = null)
    {
        var request = Raw(method, url, token: token);
        request.Content = new UnknownLengthContent(body);
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return request;
    }

    private static ArrangedRequest Complete(SeededApplications s, string materialId) =>
        new(Raw(HttpMethod.Post, $"{Apps}/{s.Target.Id}/materials/{materialId}/complete", token: s.Target.Token),
            async () =>
            {
                var material = (await s.App.StateAsync(s.Target.Id)).FindMaterial(materialId)!;
                var blob = s.App.Get<BlobServiceClient>().GetBlobContainerClient(MaterialStorage.ContainerName).GetBlobClient(material.BlobName);
                Assert.False(await blob.ExistsAsync(), $"the rejected upload {material.BlobName} was not deleted");
            });

    private static List<BadInputCase> BuildCases()
    {
        var cases = new List<BadInputCase>();

        // ---- POST /api/applications: malformed JSON ----
        cases.Add(Case("create: unterminated object", 400, "malformed-json", _ => Create("{")));
        cases.Add(Case("create: truncated after a property", 400, "malformed-json", _ => Create("""{"programId": "hina-directors",""")));
        cases.Add(Case("create: not JSON at all", 400, "malformed-json", _ => Create("not json")));
        cases.Add(Case("create: single-quoted JSON", 400, "malformed-json", _ => Create("{'programId':'hina-directors'}")));
        cases.Add(Case("create: trailing comma", 400, "malformed-json", _ => Create("""{"programId":"hina-directors",}""")));
        cases.Add(Case("create: comment in JSON", 400, "malformed-json", _ => Create("/* hi */ {}")));
        cases.Add(Case("create: an array instead of an object", 400, "malformed-json", _ => Create("[]")));
        cases.Add(Case("create: a string instead of an object", 400, "malformed-json", _ => Create("\"hina-directors\"")));
        cases.Add(Case("create: JSON null", 400, "malformed-json", _ => Create("null")));
        cases.Add(Case("create: empty body", 400, "malformed-json", _ => Create("")));
        cases.Add(Case("create: nesting 200 deep", 400, "malformed-json", _ => Create("{\"x\":" + Long(200, '[') + Long(200, ']') + "}")));
        cases.Add(Case("create: invalid UTF-8 in a string", 400, "malformed-json", _ =>
            Raw(HttpMethod.Post, Apps, [.. "{\"programId\":\""u8.ToArray(), 0xFF, 0xFE, 0xC3, .. "\"}"u8.ToArray()])));
        cases.Add(Case("create: invalid UTF-8 outside strings", 400, "malformed-json", _ => Raw(HttpMethod.Post, Apps, [0xFF, 0xFE, (byte)'{', (byte)'}'])));
        cases.Add(Case("create: NaN literal", 400, "malformed-json", _ => Create("""{"applicant":{"graduationYear":NaN}}""")));

        // ---- wrong types ----
        cases.Add(Case("create: programId is a number", 400, "malformed-json", _ => Create(b => b["programId"] = 123)));
        cases.Add(Case("create: applicant is a string", 400, "malformed-json", _ => Create(b => b["applicant"] = "林小雨")));
        cases.Add(Case("create: project is a boolean", 400, "malformed-json", _ => Create(b => b["project"] = true)));
        cases.Add(Case("create: graduationYear is a word", 400, "malformed-json", _ => Create(b => b.Applicant()["graduationYear"] = "twenty")));
        cases.Add(Case("create: graduationYear is a fraction", 400, "malformed-json", _ => Create(b => b.Applicant()["graduationYear"] = 2024.5)));
        cases.Add(Case("create: graduationYear overflows int", 400, "malformed-json", _ => Create(b => b.Applicant()["graduationYear"] = 99999999999L)));
        cases.Add(Case("create: roles is a string", 400, "malformed-json", _ => Create(b => b.Applicant()["roles"] = "director")));
        cases.Add(Case("create: email is an array", 400, "malformed-json", _ => Create(b => b.Applicant()["email"] = new JsonArray("a@example.com"))));
        cases.Add(Case("create: unknown project format", 400, "malformed-json", _ => Create(b => b.Project()["format"] = "novel")));
        cases.Add(Case("create: project format as a number", 400, "malformed-json", _ => Create(b => b.Project()["format"] = 1)));

        // ---- missing fields ----
        cases.Add(Case("create: empty object", 422, "validation-failed", _ => Create("{}")));
        cases.Add(Case("create: no programId", 422, "validation-failed", _ => Create(b => b.Remove("programId"))));
        cases.Add(Case("create: no track", 422, "validation-failed", _ => Create(b => b.Remove("track"))));
        cases.Add(Case("create: no applicant", 422, "validation-failed", _ => Create(b => b.Remove("applicant"))));
        cases.Add(Case("create: no project", 422, "validation-failed", _ => Create(b => b.Remove("project"))));
        cases.Add(Case("create: no email", 422, "validation-failed", _ => Create(b => b.Applicant().Remove("email"))));
        cases.Add(Case("create: no graduationYear", 422, "validation-failed", _ => Create(b => b.Applicant().Remove("graduationYear"))));
        cases.Add(Case("create: no project format", 422, "validation-failed", _ => Create(b => b.Project().Remove("format"))));
        cases.Add(Case("create: blank name", 422, "validation-failed", _ => Create(b => b.Applicant()["name"] = "   ")));

        // ---- invalid values ----
        cases.Add(Case("create: email without @", 422, "validation-failed", _ => Create(b => b.Applicant()["email"] = "xiaoyu-at-example.com")));
        cases.Add(Case("create: unsupported preferredLanguage", 422, "validation-failed", _ => Create(b => b.Applicant()["preferredLanguage"] = "fr")));
        cases.Add(Case("create: unknown time zone", 422, "validation-failed", _ => Create(b => b.Applicant()["timeZone"] = "Mars/Olympus_Mons")));
        cases.Add(Case("create: graduationYear 1900", 422, "validation-failed", _ => Create(b => b.Applicant()["graduationYear"] = 1900)));
        cases.Add(Case("create: project language not a BCP 47 tag", 422, "validation-failed", _ => Create(b => b.Project()["language"] = "Mandarin Chinese")));
        cases.Add(Case("create: eleven roles", 422, "validation-failed", _ =>
            Create(b => b.Applicant()["roles"] = new JsonArray(Enumerable.Range(0, 11).Select(i => (JsonNode?)JsonValue.Create($"role{i}")).ToArray()))));

        // ---- oversized fields ----
        cases.Add(Case("create: name of 201 characters", 422, "validation-failed", _ => Create(b => b.Applicant()["name"] = Long(201, '林'))));
        cases.Add(Case("create: title of 1001 characters", 422, "validation-failed", _ => Create(b => b.Project()["title"] = Long(1001, '雨'))));
        cases.Add(Case("create: synopsis of 20001 characters", 422, "validation-failed", _ => Create(b => b.Project()["synopsis"] = Long(20001))));
        cases.Add(Case("create: award of 201 characters", 422, "validation-failed", _ => Create(b => b.Applicant()["awards"] = new JsonArray(Long(201)))));
        cases.Add(Case("create: title over the program's 200", 422, "invalid-input", _ => Create(b => b.Project()["title"] = Long(201, '雨'))));
        cases.Add(Case("create: logline over the program's 300", 422, "invalid-input", _ => Create(b => b.Project()["logline"] = Long(301, '雨'))));

        // ---- consent (issue 13): the current privacy notice's version, required ----
        cases.Add(Case("create: no consent", 422, "validation-failed", _ => Create(b => b.Remove("consent"))));
        cases.Add(Case("create: consent null", 422, "validation-failed", _ => Create(b => b["consent"] = null)));
        cases.Add(Case("create: consent without a version", 422, "validation-failed", _ => Create(b => b["consent"] = new JsonObject())));
        cases.Add(Case("create: an old notice's version", 422, "validation-failed", _ => Create(b => b["consent"] = new JsonObject { ["privacyNotice"] = "2020-01" })));
        cases.Add(Case("create: consent as a string", 400, "malformed-json", _ => Create(b => b["consent"] = "yes")));
        cases.Add(Case("create: consent as true", 400, "malformed-json", _ => Create(b => b["consent"] = true)));

        // ---- unknown program and track ----
        cases.Add(Case("create: unknown program", 422, "validation-failed", _ => Create(b => b["programId"] = "no-such-program")));
        cases.Add(Case("create: unknown track", 422, "invalid-input", _ => Create(b => b["track"] = "acting")));
        cases.Add(Case("create: track of the other program", 422, "invalid-input", _ => Create(b => b["track"] = "series-room")));

        // ---- control characters ----
        cases.Add(Case("create: NUL in name", 422, "validation-failed", _ => Create(b => b.Applicant()["name"] = "林\u0000小雨")));
        cases.Add(Case("create: bell in title", 422, "validation-failed", _ => Create(b => b.Project()["title"] = "雨季\u0007")));
        cases.Add(Case("create: newline in programId", 422, "validation-failed", _ => Create(b => b["programId"] = "hina-directors\n")));
        cases.Add(Case("create: header injection in email", 422, "validation-failed", _ => Create(b => b.Applicant()["email"] = "a@example.com\r\nBcc: x@example.com")));
        cases.Add(Case("create: escape character in logline", 422, "validation-failed", _ => Create(b => b.Project()["logline"] = "雨季\u001b[31m")));
        cases.Add(Case("create: NEL control character in school", 422, "validation-failed", _ => Create(b => b.Applicant()["school"] = "USC\u0085")));

        // ---- OData-looking strings ----
        cases.Add(Case("create: OData in programId", 422, "validation-failed", _ => Create(b => b["programId"] = ODataInjection)));
        cases.Add(Case("create: OData in track", 422, "invalid-input", _ => Create(b => b["track"] = RowKeyInjection)));
        cases.Add(Case("create: OData in email", 422, "validation-failed", _ => Create(b => b.Applicant()["email"] = ODataInjection + "@example.com")));
        cases.Add(Case("create: OData in preferredLanguage", 422, "validation-failed", _ => Create(b => b.Applicant()["preferredLanguage"] = ODataInjection)));
        cases.Add(Case("create: OData in time zone", 422, "validation-failed", _ => Create(b => b.Applicant()["timeZone"] = ODataInjection)));

        // ---- size, media type, Idempotency-Key, methods ----
        cases.Add(Case("create: 1 MiB + 1 with Content-Length", 413, "body-too-large", _ => Raw(HttpMethod.Post, Apps, OverLimit())));
        cases.Add(Case("create: 1 MiB + 1 chunked", 413, "body-too-large", _ => Chunked(HttpMethod.Post, Apps, OverLimit())));
        cases.Add(Case("create: 2 MiB valid-looking JSON", 413, "body-too-large", _ => Create(b => b.Project()["synopsis"] = Long(2 * JsonBody.MaxBytes))));
        cases.Add(Case("create: text/plain", 415, RoutedUnsupportedMediaType, _ => Create(CreateBody().ToJsonString(), "text/plain")));
        cases.Add(Case("create: XML", 415, RoutedUnsupportedMediaType, _ => Create("<application programId=\"hina-directors\"/>", "application/xml")));
        cases.Add(Case("create: form-urlencoded", 415, RoutedUnsupportedMediaType, _ => Create("programId=hina-directors&track=original-ip", "application/x-www-form-urlencoded")));
        cases.Add(Case("create: multipart", 415, RoutedUnsupportedMediaType, _ => Create("--b\r\n\r\n{}\r\n--b--", "multipart/form-data; boundary=b")));
        cases.Add(Case("create: Idempotency-Key of 201 characters", 400, "invalid-idempotency-key", _ =>
            Create(CreateBody().ToJsonString(), headers: Key(Long(201)))));
        cases.Add(Case("create: Idempotency-Key with a control character", 400, "invalid-idempotency-key", _ =>
            Create(CreateBody().ToJsonString(), headers: Key("key\u0001one"))));
        cases.Add(Case("create: Idempotency-Key with a C1 control character", 400, "invalid-idempotency-key", _ =>
            Create(CreateBody().ToJsonString(), headers: Key("key\u0085"))));
        cases.Add(Case("create: PUT", 405, null, _ => Text(HttpMethod.Put, Apps, CreateBody().ToJsonString())));
        cases.Add(Case("create: DELETE", 405, null, _ => Raw(HttpMethod.Delete, Apps)));
        cases.Add(Case("applicants cannot list applications", 405, null, _ => Raw(HttpMethod.Get, Apps)));

        // ---- GET /api/applications/{id}: tokens and ids ----
        cases.Add(Case("get: no token", 404, "not-found", s => Raw(HttpMethod.Get, $"{Apps}/{s.Target.Id}")));
        cases.Add(Case("get: wrong token", 404, "not-found", s => Raw(HttpMethod.Get, $"{Apps}/{s.Target.Id}", token: "wrong-token")));
        cases.Add(Case("get: another applicant's token", 404, "not-found", s => Raw(HttpMethod.Get, $"{Apps}/{s.Target.Id}", token: s.Other.Token)));
        cases.Add(Case("get: the token under the Basic scheme", 404, "not-found", s =>
            Raw(HttpMethod.Get, $"{Apps}/{s.Target.Id}", headers: new Dictionary<string, string> { ["Authorization"] = "Basic " + s.Target.Token })));
        cases.Add(Case("get: empty bearer", 404, "not-found", s =>
            Raw(HttpMethod.Get, $"{Apps}/{s.Target.Id}", headers: new Dictionary<string, string> { ["Authorization"] = "Bearer " })));
        cases.Add(Case("get: a 10000-character token", 404, "not-found", s => Raw(HttpMethod.Get, $"{Apps}/{s.Target.Id}", token: Long(10000))));
        cases.Add(Case("get: OData token", 404, "not-found", s =>
            Raw(HttpMethod.Get, $"{Apps}/{s.Target.Id}", headers: new Dictionary<string, string> { ["Authorization"] = "Bearer " + ODataInjection })));
        cases.Add(Case("get: the token with a character changed", 404, "not-found", s =>
            Raw(HttpMethod.Get, $"{Apps}/{s.Target.Id}", token: (s.Target.Token[0] == 'A' ? "B" : "A") + s.Target.Token[1..])));
        cases.Add(Case("get: unknown id", 404, "not-found", s => Raw(HttpMethod.Get, $"{Apps}/app-{Long(20, '0')}", token: s.Target.Token)));
        cases.Add(Case("get: OData id", 404, "not-found", s => Raw(HttpMethod.Get, $"{Apps}/{Q(ODataInjection)}", token: s.Target.Token)));
        cases.Add(Case("get: OData appended to the id", 404, "not-found", s => Raw(HttpMethod.Get, $"{Apps}/{Q(s.Target.Id + ODataInjection)}", token: s.Target.Token)));
        cases.Add(Case("get: path traversal id", 404, "not-found", s => Raw(HttpMethod.Get, $"{Apps}/{Q("../../etc/passwd")}", token: s.Target.Token)));
        cases.Add(Case("get: overlong id", 404, "not-found", s => Raw(HttpMethod.Get, $"{Apps}/app-{Long(100, 'a')}", token: s.Target.Token)));
        cases.Add(Case("get: DELETE", 405, null, s => Raw(HttpMethod.Delete, $"{Apps}/{s.Target.Id}", token: s.Target.Token)));
        cases.Add(Case("get: PUT", 405, null, s => Text(HttpMethod.Put, $"{Apps}/{s.Target.Id}", "{}", token: s.Target.Token)));

        // ---- PATCH /api/applications/{id} ----
        const string ValidEdit = """{"project":{"title":"新的标题 A New Title","logline":"一句话。","synopsis":"Synopsis.","language":"zh","format":"short"}}""";
        cases.Add(Case("edit: no token", 404, "not-found", s => Text(HttpMethod.Patch, $"{Apps}/{s.Target.Id}", ValidEdit)));
        cases.Add(Case("edit: another applicant's token", 404, "not-found", s => Text(HttpMethod.Patch, $"{Apps}/{s.Target.Id}", ValidEdit, token: s.Other.Token)));
        cases.Add(Case("edit: nothing to change", 422, "validation-failed", s => Text(HttpMethod.Patch, $"{Apps}/{s.Target.Id}", "{}", token: s.Target.Token)));
        cases.Add(Case("edit: malformed JSON", 400, "malformed-json", s => Text(HttpMethod.Patch, $"{Apps}/{s.Target.Id}", "{\"track\":", token: s.Target.Token)));
        cases.Add(Case("edit: OData track", 422, "invalid-input", s =>
            Json(HttpMethod.Patch, $"{Apps}/{s.Target.Id}", new { track = RowKeyInjection }, token: s.Target.Token)));
        cases.Add(Case("edit: applicant with a bad email", 422, "validation-failed", s =>
            Json(HttpMethod.Patch, $"{Apps}/{s.Target.Id}", new JsonObject { ["applicant"] = CreateBody(b => b.Applicant()["email"] = "nope")["applicant"]!.DeepClone() }, token: s.Target.Token)));
        cases.Add(Case("edit: unknown format", 400, "malformed-json", s =>
            Text(HttpMethod.Patch, $"{Apps}/{s.Target.Id}", """{"project":{"format":"opera"}}""", token: s.Target.Token)));
        cases.Add(Case("edit: control character in title", 422, "validation-failed", s =>
            Text(HttpMethod.Patch, $"{Apps}/{s.Target.Id}", ValidEdit.Replace("A New Title", "A New\\u0000Title", StringComparison.Ordinal), token: s.Target.Token)));
        cases.Add(Case("edit: text/plain", 415, RoutedUnsupportedMediaType, s => Text(HttpMethod.Patch, $"{Apps}/{s.Target.Id}", ValidEdit, "text/plain", token: s.Target.Token)));
        cases.Add(Case("edit: 1 MiB + 1", 413, "body-too-large", s => Raw(HttpMethod.Patch, $"{Apps}/{s.Target.Id}", OverLimit(), token: s.Target.Token)));
        cases.Add(Case("edit: 1 MiB + 1 chunked", 413, "body-too-large", s => Chunked(HttpMethod.Patch, $"{Apps}/{s.Target.Id}", OverLimit(), s.Target.Token)));
        cases.Add(Case("edit: a withdrawn application", 409, "not-a-draft", s => Text(HttpMethod.Patch, $"{Apps}/{s.Withdrawn.Id}", ValidEdit, token: s.Withdrawn.Token)));

        // ---- POST /api/applications/{id}/materials ----
        static HttpRequestMessage Material(SeededApplications s, object body) => Json(HttpMethod.Post, $"{Apps}/{s.Target.Id}/materials", body, token: s.Target.Token);
        static HttpRequestMessage MaterialFile(SeededApplications s, string fileName) =>
            Material(s, new { kind = "cv", fileName, contentType = "application/pdf", length = 2048 });
        cases.Add(Case("material: no kind", 422, "validation-failed", s => Material(s, new { fileName = "cv.pdf", contentType = "application/pdf", length = 10 })));
        cases.Add(Case("material: unknown kind", 400, "malformed-json", s => Material(s, new { kind = "poster", fileName = "p.pdf", contentType = "application/pdf", length = 10 })));
        cases.Add(Case("material: path traversal ../../etc/passwd", 422, "validation-failed", s => MaterialFile(s, "../../etc/passwd")));
        cases.Add(Case("material: path traversal ..\\x.pdf", 422, "validation-failed", s => MaterialFile(s, "..\\x.pdf")));
        cases.Add(Case("material: absolute path", 422, "validation-failed", s => MaterialFile(s, "/etc/passwd")));
        cases.Add(Case("material: folder in the name", 422, "validation-failed", s => MaterialFile(s, "scripts/draft.pdf")));
        cases.Add(Case("material: Windows path", 422, "validation-failed", s => MaterialFile(s, "C:\\Windows\\win.ini")));
        cases.Add(Case("material: hidden file", 422, "validation-failed", s => MaterialFile(s, ".env")));
        cases.Add(Case("material: dots only", 422, "validation-failed", s => MaterialFile(s, "..")));
        cases.Add(Case("material: NUL in the name", 422, "validation-failed", s => MaterialFile(s, "cv\u0000.pdf")));
        cases.Add(Case("material: name of 256 characters", 422, "validation-failed", s => MaterialFile(s, Long(252, '简') + ".pdf")));
        cases.Add(Case("material: length 0", 422, "validation-failed", s => Material(s, new { kind = "cv", fileName = "cv.pdf", contentType = "application/pdf", length = 0 })));
        cases.Add(Case("material: negative length", 422, "validation-failed", s => Material(s, new { kind = "cv", fileName = "cv.pdf", contentType = "application/pdf", length = -1 })));
        cases.Add(Case("material: no length", 422, "validation-failed", s => Material(s, new { kind = "cv", fileName = "cv.pdf", contentType = "application/pdf" })));
        cases.Add(Case("material: length is a word", 400, "malformed-json", s => Material(s, new { kind = "cv", fileName = "cv.pdf", contentType = "application/pdf", length = "big" })));
        cases.Add(Case("material: no content type", 422, "validation-failed", s => Material(s, new { kind = "cv", fileName = "cv.pdf", length = 10 })));
        cases.Add(Case("material: PNG content type for a CV", 422, "content-type-not-accepted", s =>
            Material(s, new { kind = "cv", fileName = "cv.png", contentType = "image/png", length = 10 })));
        cases.Add(Case("material: OData content type", 422, "content-type-not-accepted", s =>
            Material(s, new { kind = "cv", fileName = "cv.pdf", contentType = ODataInjection, length = 10 })));
        cases.Add(Case("material: a 3 GB reel", 422, "material-too-large", s =>
            Material(s, new { kind = "reel", fileName = "reel.mp4", contentType = "video/mp4", length = 3_000_000_000L })));
        cases.Add(Case("material: a kind the program does not take", 422, "material-kind-not-accepted", s =>
            Material(s, new { kind = "lookbook", fileName = "look.pdf", contentType = "application/pdf", length = 10 })));
        cases.Add(Case("material: no token", 404, "not-found", s =>
            Json(HttpMethod.Post, $"{Apps}/{s.Target.Id}/materials", new { kind = "cv", fileName = "cv.pdf", contentType = "application/pdf", length = 10 })));
        cases.Add(Case("material: another applicant's token", 404, "not-found", s =>
            Json(HttpMethod.Post, $"{Apps}/{s.Target.Id}/materials", new { kind = "cv", fileName = "cv.pdf", contentType = "application/pdf", length = 10 }, token: s.Other.Token)));
        cases.Add(Case("material: a withdrawn application", 409, "not-a-draft", s =>
            Json(HttpMethod.Post, $"{Apps}/{s.Withdrawn.Id}/materials", new { kind = "cv", fileName = "cv.pdf", contentType = "application/pdf", length = 10 }, token: s.Withdrawn.Token)));
        cases.Add(Case("material: text/plain", 415, RoutedUnsupportedMediaType, s =>
            Text(HttpMethod.Post, $"{Apps}/{s.Target.Id}/materials", "kind=cv", "text/plain", token: s.Target.Token)));
        cases.Add(Case("material: malformed JSON", 400, "malformed-json", s => Text(HttpMethod.Post, $"{Apps}/{s.Target.Id}/materials", "{kind:cv}", token: s.Target.Token)));
        cases.Add(Case("material: GET", 405, null, s => Raw(HttpMethod.Get, $"{Apps}/{s.Target.Id}/materials", token: s.Target.Token)));

        // ---- POST /api/applications/{id}/materials/{materialId}/complete ----
        cases.Add(Arranged("complete: a PNG declared as a PDF", 422, "material-rejected", async s =>
            Complete(s, await s.AnnounceAndUploadAsync("cv", "cv.pdf", "application/pdf", TestApp.Png.Length, TestApp.Png))));
        cases.Add(Arranged("complete: a blob larger than declared", 422, "material-rejected", async s =>
            Complete(s, await s.AnnounceAndUploadAsync("cv", "cv.pdf", "application/pdf", 100, TestApp.Pdf))));
        cases.Add(Arranged("complete: a blob smaller than declared", 422, "material-rejected", async s =>
            Complete(s, await s.AnnounceAndUploadAsync("cv", "cv.pdf", "application/pdf", TestApp.Pdf.Length + 1, TestApp.Pdf))));
        cases.Add(Arranged("complete: an empty blob", 422, "material-rejected", async s =>
            Complete(s, await s.AnnounceAndUploadAsync("cv", "cv.pdf", "application/pdf", 2048, []))));
        cases.Add(Arranged("complete: a PDF declared as a reel", 422, "material-rejected", async s =>
            Complete(s, await s.AnnounceAndUploadAsync("reel", "reel.mp4", "video/mp4", TestApp.Pdf.Length, TestApp.Pdf))));
        cases.Add(Arranged("complete: never uploaded", 422, "material-rejected", async s =>
            Complete(s, await s.AnnounceAndUploadAsync("cv", "cv.pdf", "application/pdf", 2048, null))));
        cases.Add(Case("complete: unknown material", 404, "not-found", s =>
            Raw(HttpMethod.Post, $"{Apps}/{s.Target.Id}/materials/m000000000000/complete", token: s.Target.Token)));
        cases.Add(Case("complete: OData material id", 404, "not-found", s =>
            Raw(HttpMethod.Post, $"{Apps}/{s.Target.Id}/materials/{Q(RowKeyInjection)}/complete", token: s.Target.Token)));
        cases.Add(Case("complete: path traversal material id", 404, "not-found", s =>
            Raw(HttpMethod.Post, $"{Apps}/{s.Target.Id}/materials/{Q("..\\..\\x.pdf")}/complete", token: s.Target.Token)));
        cases.Add(Case("complete: no token", 404, "not-found", s => Raw(HttpMethod.Post, $"{Apps}/{s.Target.Id}/materials/m000000000000/complete")));
        cases.Add(Case("complete: another applicant's token", 404, "not-found", s =>
            Raw(HttpMethod.Post, $"{Apps}/{s.Target.Id}/materials/m000000000000/complete", token: s.Other.Token)));
        cases.Add(Case("complete: GET", 405, null, s => Raw(HttpMethod.Get, $"{Apps}/{s.Target.Id}/materials/m000000000000/complete", token: s.Target.Token)));

        // ---- POST /api/applications/{id}/submit ----
        cases.Add(Case("submit: without the required reel", 422, "missing-materials", s => Raw(HttpMethod.Post, $"{Apps}/{s.Other.Id}/submit", token: s.Other.Token)));
        cases.Add(Case("submit: a withdrawn application", 409, "not-a-draft", s => Raw(HttpMethod.Post, $"{Apps}/{s.Withdrawn.Id}/submit", token: s.Withdrawn.Token)));
        cases.Add(Case("submit: Idempotency-Key of 201 characters", 400, "invalid-idempotency-key", s =>
            Raw(HttpMethod.Post, $"{Apps}/{s.Target.Id}/submit", token: s.Target.Token, headers: Key(Long(201)))));
        cases.Add(Case("submit: Idempotency-Key with a control character", 400, "invalid-idempotency-key", s =>
            Raw(HttpMethod.Post, $"{Apps}/{s.Target.Id}/submit", token: s.Target.Token, headers: Key("a\u007Fb"))));
        cases.Add(Case("submit: no token", 404, "not-found", s => Raw(HttpMethod.Post, $"{Apps}/{s.Target.Id}/submit")));
        cases.Add(Case("submit: another applicant's token", 404, "not-found", s => Raw(HttpMethod.Post, $"{Apps}/{s.Target.Id}/submit", token: s.Other.Token)));
        cases.Add(Case("submit: OData id", 404, "not-found", s => Raw(HttpMethod.Post, $"{Apps}/{Q(ODataInjection)}/submit", token: s.Target.Token)));
        cases.Add(Case("submit: GET", 405, null, s => Raw(HttpMethod.Get, $"{Apps}/{s.Target.Id}/submit", token: s.Target.Token)));

        // ---- POST /api/applications/{id}/withdraw ----
        cases.Add(Case("withdraw: NUL in the reason", 422, "validation-failed", s =>
            Json(HttpMethod.Post, $"{Apps}/{s.Target.Id}/withdraw", new { reason = "不想\u0000参加" }, token: s.Target.Token)));
        cases.Add(Case("withdraw: reason of 2001 characters", 422, "validation-failed", s =>
            Json(HttpMethod.Post, $"{Apps}/{s.Target.Id}/withdraw", new { reason = Long(2001) }, token: s.Target.Token)));
        cases.Add(Case("withdraw: reason is a number", 400, "malformed-json", s =>
            Text(HttpMethod.Post, $"{Apps}/{s.Target.Id}/withdraw", """{"reason":42}""", token: s.Target.Token)));
        cases.Add(Case("withdraw: malformed JSON", 400, "malformed-json", s => Text(HttpMethod.Post, $"{Apps}/{s.Target.Id}/withdraw", "{\"reason\"", token: s.Target.Token)));
        cases.Add(Case("withdraw: text/plain", 415, "unsupported-media-type", s =>
            Text(HttpMethod.Post, $"{Apps}/{s.Target.Id}/withdraw", "bye", "text/plain", token: s.Target.Token)));
        cases.Add(Case("withdraw: 1 MiB + 1", 413, "body-too-large", s => Raw(HttpMethod.Post, $"{Apps}/{s.Target.Id}/withdraw", OverLimit(), token: s.Target.Token)));
        cases.Add(Case("withdraw: 1 MiB + 1 chunked", 413, "body-too-large", s => Chunked(HttpMethod.Post, $"{Apps}/{s.Target.Id}/withdraw", OverLimit(), s.Target.Token)));
        cases.Add(Case("withdraw: NUL in a chunked reason", 422, "validation-failed", s =>
            Chunked(HttpMethod.Post, $"{Apps}/{s.Target.Id}/withdraw", Encoding.UTF8.GetBytes("{\"reason\":\"a\\u0000b\"}"), s.Target.Token)));
        cases.Add(Case("withdraw: no token", 404, "not-found", s => Raw(HttpMethod.Post, $"{Apps}/{s.Target.Id}/withdraw")));
        cases.Add(Case("withdraw: another applicant's token", 404, "not-found", s => Raw(HttpMethod.Post, $"{Apps}/{s.Target.Id}/withdraw", token: s.Other.Token)));
        cases.Add(Case("withdraw: GET", 405, null, s => Raw(HttpMethod.Get, $"{Apps}/{s.Target.Id}/withdraw", token: s.Target.Token)));

        // ---- staff: key ----
        static string StaffList(string query) => $"{StaffRoot}/applications?{query}";
        cases.Add(Case("staff list: no key", 401, "unauthorized", _ => Raw(HttpMethod.Get, StaffList("programId=hina-directors&stage=Draft"))));
        cases.Add(Case("staff list: wrong key", 401, "unauthorized", _ => Raw(HttpMethod.Get, StaffList("programId=hina-directors&stage=Draft"), staffKey: "wrong-staff-api-key-0123456789")));
        cases.Add(Case("staff list: key in the wrong case", 401, "unauthorized", _ =>
            Raw(HttpMethod.Get, StaffList("programId=hina-directors&stage=Draft"), staffKey: TestSettings.StaffApiKey.ToUpperInvariant())));
        cases.Add(Case("staff list: key as a bearer token", 401, "unauthorized", _ =>
            Raw(HttpMethod.Get, StaffList("programId=hina-directors&stage=Draft"), token: TestSettings.StaffApiKey)));
        cases.Add(Case("staff list: an applicant's token as the key", 401, "unauthorized", s =>
            Raw(HttpMethod.Get, StaffList("programId=hina-directors&stage=Draft"), staffKey: s.Target.Token)));
        cases.Add(Case("staff list: OData as the key", 401, "unauthorized", _ => Raw(HttpMethod.Get, StaffList("programId=hina-directors&stage=Draft"), staffKey: ODataInjection)));

        // ---- staff: query parameters ----
        cases.Add(Case("staff list: no programId", 422, "validation-failed", _ => Staff(HttpMethod.Get, StaffList("stage=Draft"))));
        cases.Add(Case("staff list: unknown programId", 422, "validation-failed", _ => Staff(HttpMethod.Get, StaffList("programId=no-such-program&stage=Draft"))));
        cases.Add(Case("staff list: OData programId", 422, "validation-failed", _ => Staff(HttpMethod.Get, StaffList($"programId={Q(ODataInjection)}&stage=Draft"))));
        cases.Add(Case("staff list: OData appended to programId", 422, "validation-failed", _ =>
            Staff(HttpMethod.Get, StaffList($"programId={Q("hina-directors" + ODataInjection)}&stage=Draft"))));
        cases.Add(Case("staff list: OData stage", 422, "validation-failed", _ => Staff(HttpMethod.Get, StaffList($"programId=hina-directors&stage={Q(RowKeyInjection)}"))));
        cases.Add(Case("staff list: OData appended to stage", 422, "validation-failed", _ =>
            Staff(HttpMethod.Get, StaffList($"programId=hina-directors&stage={Q("Draft" + RowKeyInjection)}"))));
        cases.Add(Case("staff list: no stage", 422, "validation-failed", _ => Staff(HttpMethod.Get, StaffList("programId=hina-directors"))));
        cases.Add(Case("staff list: numeric stage", 422, "validation-failed", _ => Staff(HttpMethod.Get, StaffList("programId=hina-directors&stage=7"))));
        cases.Add(Case("staff list: unknown stage", 422, "validation-failed", _ => Staff(HttpMethod.Get, StaffList("programId=hina-directors&stage=Drafts"))));
        cases.Add(Case("staff list: stage list", 422, "validation-failed", _ => Staff(HttpMethod.Get, StaffList("programId=hina-directors&stage=Draft,Submitted"))));
        cases.Add(Case("staff list: pageSize 0", 422, "validation-failed", _ => Staff(HttpMethod.Get, StaffList("programId=hina-directors&stage=Draft&pageSize=0"))));
        cases.Add(Case("staff list: pageSize 201", 422, "validation-failed", _ => Staff(HttpMethod.Get, StaffList("programId=hina-directors&stage=Draft&pageSize=201"))));
        cases.Add(Case("staff list: pageSize is a word", 422, "validation-failed", _ => Staff(HttpMethod.Get, StaffList("programId=hina-directors&stage=Draft&pageSize=ten"))));
        cases.Add(Case("staff list: OData continuationToken", 422, "validation-failed", _ =>
            Staff(HttpMethod.Get, StaffList($"programId=hina-directors&stage=Draft&continuationToken={Q(ODataInjection)}"))));
        cases.Add(Case("staff list: garbage continuationToken", 422, "validation-failed", _ =>
            Staff(HttpMethod.Get, StaffList("programId=hina-directors&stage=Draft&continuationToken=!!!"))));
        cases.Add(Case("staff list: continuationToken of 2001 characters", 422, "validation-failed", _ =>
            Staff(HttpMethod.Get, StaffList($"programId=hina-directors&stage=Draft&continuationToken={Long(2001, 'A')}"))));
        cases.Add(Case("staff list: base64 continuationToken without a length", 422, "validation-failed", _ =>
            Staff(HttpMethod.Get, StaffList($"programId=hina-directors&stage=Draft&continuationToken={Q(Base64Url("hina-directors"))}"))));
        cases.Add(Case("staff list: base64 continuationToken with a wrong length", 422, "validation-failed", _ =>
            Staff(HttpMethod.Get, StaffList($"programId=hina-directors&stage=Draft&continuationToken={Q(Base64Url("99:hina"))}"))));

        // ---- staff: one application ----
        cases.Add(Case("staff detail: unknown id", 404, "not-found", _ => Staff(HttpMethod.Get, $"{StaffRoot}/applications/app-{Long(20, '0')}")));
        cases.Add(Case("staff detail: OData id", 404, "not-found", _ => Staff(HttpMethod.Get, $"{StaffRoot}/applications/{Q(ODataInjection)}")));
        cases.Add(Case("staff detail: path traversal id", 404, "not-found", _ => Staff(HttpMethod.Get, $"{StaffRoot}/applications/{Q("../../etc/passwd")}")));
        cases.Add(Case("staff detail: no key", 401, "unauthorized", s => Raw(HttpMethod.Get, $"{StaffRoot}/applications/{s.Target.Id}")));
        cases.Add(Case("staff detail: the applicant's token", 401, "unauthorized", s => Raw(HttpMethod.Get, $"{StaffRoot}/applications/{s.Target.Id}", token: s.Target.Token)));
        cases.Add(Case("staff detail: DELETE", 405, null, s => Staff(HttpMethod.Delete, $"{StaffRoot}/applications/{s.Target.Id}")));

        // ---- staff: decision ----
        static string DecisionUrl(SeededApplications s) => $"{StaffRoot}/applications/{s.Target.Id}/decision";
        cases.Add(Case("decision: no key", 401, "unauthorized", s => Json(HttpMethod.Post, DecisionUrl(s), new { decision = "offer", note = "欢迎" })));
        cases.Add(Case("decision: wrong key", 401, "unauthorized", s => Json(HttpMethod.Post, DecisionUrl(s), new { decision = "offer", note = "欢迎" }, staffKey: "nope-nope-nope-nope-nope-nope")));
        cases.Add(Case("decision: on a draft", 409, null, s => Staff(HttpMethod.Post, DecisionUrl(s), new { decision = "offer", note = "欢迎" })));
        cases.Add(Case("decision: on a withdrawn application", 409, null, s =>
            Staff(HttpMethod.Post, $"{StaffRoot}/applications/{s.Withdrawn.Id}/decision", new { decision = "reject", note = "" })));
        cases.Add(Case("decision: unknown decision", 400, "malformed-json", s => Staff(HttpMethod.Post, DecisionUrl(s), new { decision = "maybe" })));
        cases.Add(Case("decision: OData decision", 400, "malformed-json", s => Staff(HttpMethod.Post, DecisionUrl(s), new { decision = ODataInjection })));
        cases.Add(Case("decision: no decision", 422, "validation-failed", s => Staff(HttpMethod.Post, DecisionUrl(s), new { note = "?" })));
        cases.Add(Case("decision: NUL in the note", 422, "validation-failed", s => Staff(HttpMethod.Post, DecisionUrl(s), new { decision = "offer", note = "a\u0000b" })));
        cases.Add(Case("decision: note of 4001 characters", 422, "validation-failed", s => Staff(HttpMethod.Post, DecisionUrl(s), new { decision = "offer", note = Long(4001) })));
        cases.Add(Case("decision: malformed JSON", 400, "malformed-json", s =>
            Text(HttpMethod.Post, DecisionUrl(s), "{\"decision\":offer}", staffKey: TestSettings.StaffApiKey)));
        cases.Add(Case("decision: text/plain", 415, RoutedUnsupportedMediaType, s =>
            Text(HttpMethod.Post, DecisionUrl(s), "offer", "text/plain", staffKey: TestSettings.StaffApiKey)));
        cases.Add(Case("decision: 1 MiB + 1", 413, "body-too-large", s => Raw(HttpMethod.Post, DecisionUrl(s), OverLimit(), staffKey: TestSettings.StaffApiKey)));
        cases.Add(Case("decision: unknown id", 404, "not-found", _ => Staff(HttpMethod.Post, $"{StaffRoot}/applications/app-{Long(20, '0')}/decision", new { decision = "offer" })));
        cases.Add(Case("decision: OData id", 404, "not-found", _ => Staff(HttpMethod.Post, $"{StaffRoot}/applications/{Q(ODataInjection)}/decision", new { decision = "offer" })));
        cases.Add(Case("decision: GET", 405, null, s => Staff(HttpMethod.Get, DecisionUrl(s))));

        // ---- staff: screening override ----
        static string OverrideUrl(SeededApplications s) => $"{StaffRoot}/applications/{s.Target.Id}/screening-override";
        cases.Add(Case("override: on a draft", 409, null, s => Staff(HttpMethod.Post, OverrideUrl(s), new { outcome = "pass", note = "Checked by hand." })));
        cases.Add(Case("override: no outcome", 422, "validation-failed", s => Staff(HttpMethod.Post, OverrideUrl(s), new { note = "Checked by hand." })));
        cases.Add(Case("override: no note", 422, "validation-failed", s => Staff(HttpMethod.Post, OverrideUrl(s), new { outcome = "pass" })));
        cases.Add(Case("override: unknown outcome", 400, "malformed-json", s => Staff(HttpMethod.Post, OverrideUrl(s), new { outcome = "perhaps", note = "?" })));
        cases.Add(Case("override: no key", 401, "unauthorized", s => Json(HttpMethod.Post, OverrideUrl(s), new { outcome = "pass", note = "?" })));
        cases.Add(Case("override: unknown id", 404, "not-found", _ =>
            Staff(HttpMethod.Post, $"{StaffRoot}/applications/app-{Long(20, '0')}/screening-override", new { outcome = "pass", note = "?" })));

        // ---- staff: dashboard and CSV ----
        cases.Add(Case("dashboard: no key", 401, "unauthorized", _ => Raw(HttpMethod.Get, $"{StaffRoot}/dashboard?programId=hina-directors")));
        cases.Add(Case("dashboard: no programId", 422, "validation-failed", _ => Staff(HttpMethod.Get, $"{StaffRoot}/dashboard")));
        cases.Add(Case("dashboard: unknown programId", 422, "validation-failed", _ => Staff(HttpMethod.Get, $"{StaffRoot}/dashboard?programId=nope")));
        cases.Add(Case("dashboard: OData programId", 422, "validation-failed", _ => Staff(HttpMethod.Get, $"{StaffRoot}/dashboard?programId={Q(ODataInjection)}")));
        cases.Add(Case("dashboard: POST", 405, null, _ => Staff(HttpMethod.Post, $"{StaffRoot}/dashboard?programId=hina-directors", new { })));
        cases.Add(Case("csv: no key", 401, "unauthorized", _ => Raw(HttpMethod.Get, $"{StaffRoot}/applications.csv?programId=hina-directors")));
        cases.Add(Case("csv: unknown programId", 422, "validation-failed", _ => Staff(HttpMethod.Get, $"{StaffRoot}/applications.csv?programId=nope")));
        cases.Add(Case("csv: OData programId", 422, "validation-failed", _ => Staff(HttpMethod.Get, $"{StaffRoot}/applications.csv?programId={Q(ODataInjection)}")));
        cases.Add(Case("csv: control character in programId", 422, "validation-failed", _ => Staff(HttpMethod.Get, $"{StaffRoot}/applications.csv?programId={Q("hina\r\ndirectors")}")));

        // ---- everything else ----
        cases.Add(Case("programs: POST", 405, null, _ => Text(HttpMethod.Post, "/api/programs", "{}")));
        cases.Add(Case("programs: DELETE", 405, null, _ => Raw(HttpMethod.Delete, "/api/programs")));
        cases.Add(Case("health: POST", 405, null, _ => Text(HttpMethod.Post, "/api/health", "{}")));
        cases.Add(Case("an unknown route", 404, null, _ => Raw(HttpMethod.Get, "/api/no-such-route")));
        cases.Add(Case("a material URL that is not a route", 404, null, s => Raw(HttpMethod.Get, $"{Apps}/{s.Target.Id}/materials/m000000000000", token: s.Target.Token)));
        return cases;
    }

    private static string Base64Url(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>A body sent without Content-Length (chunked), so only the reader's own limit can stop it.</summary>
    private sealed class UnknownLengthContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
