using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Web.Api;
using TalentFunctions.Web.Settings;
using TalentFunctions.Web.Hosting;
using TalentFunctions.Standalone.Hosting;
using TalentFunctions.Web.Security;

namespace TalentFunctions.Standalone.Demo;

/// <summary>
/// <c>dotnet run --project src/TalentFunctions.Standalone -- demo [--base-url http://localhost:7071] [--staff-key KEY] [--timeout 60]</c>:
/// drives one sample application through to <c>Accepted</c> against the running app, over HTTP only, and prints
/// its timeline. The staff key comes from the same settings the app reads (local.settings.json, else the sample).
/// </summary>
public static class DemoCommand
{
    public const string Verb = "demo";
    public const string BaseUrlOption = "--base-url";
    public const string StaffKeyOption = "--staff-key";
    public const string TimeoutOption = "--timeout";
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static bool IsDemo(IReadOnlyList<string> args) => args.Count > 0 && args[0] == Verb;

    public static async Task<int> RunAsync(WebApplication app, IReadOnlyList<string> args, CancellationToken cancellationToken = default)
    {
        if (!TryParse(args.Skip(1).ToList(), out var baseUrl, out var staffKey, out var timeout, out var problem))
        {
            await Console.Error.WriteLineAsync(problem);
            await Console.Error.WriteLineAsync($"Usage: {Verb} [{BaseUrlOption} {StandaloneHosting.DefaultUrl}] [{StaffKeyOption} KEY] [{TimeoutOption} SECONDS]");
            return 2;
        }

        if (staffKey is null)
        {
            try
            {
                staffKey = app.Services.GetRequiredService<IOptions<StaffOptions>>().Value.ApiKey;
            }
            catch (OptionsValidationException ex)
            {
                await Console.Error.WriteLineAsync($"demo: no usable staff API key in the settings ({ex.Message}). Pass {StaffKeyOption}.");
                return 2;
            }
        }

        using var api = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
        using var storage = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        var run = new DemoRun(api, storage, staffKey, app.Services.GetRequiredService<ProgramCatalog>(), Console.Out, timeout);
        try
        {
            await run.RunAsync(cancellationToken);
            return 0;
        }
        catch (DemoException ex)
        {
            await Console.Error.WriteLineAsync($"demo: {ex.Message}");
            return 1;
        }
    }

    public static bool TryParse(IReadOnlyList<string> args, out Uri baseUrl, out string? staffKey, out TimeSpan timeout, out string problem)
    {
        baseUrl = new Uri(StandaloneHosting.DefaultUrl);
        staffKey = null;
        timeout = DefaultTimeout;
        problem = "";
        for (var i = 0; i < args.Count; i++)
        {
            var (name, value) = args[i].Split('=', 2) is [var n, var v] ? (n, (string?)v) : (args[i], i + 1 < args.Count ? args[i + 1] : null);
            var consumed = !args[i].Contains('=', StringComparison.Ordinal);
            switch (name)
            {
                case BaseUrlOption when Uri.TryCreate(value?.TrimEnd('/') + "/", UriKind.Absolute, out var url) && url.Scheme is "http" or "https":
                    baseUrl = url;
                    break;
                case StaffKeyOption when !string.IsNullOrWhiteSpace(value):
                    staffKey = value;
                    break;
                case TimeoutOption when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0:
                    timeout = TimeSpan.FromSeconds(seconds);
                    break;
                default:
                    problem = $"demo: '{args[i]}' is not an option (or lacks a valid value).";
                    return false;
            }
            if (consumed)
            {
                i++;
            }
        }
        return true;
    }
}

/// <summary>Why the demo stopped, in words for the person running it.</summary>
public sealed class DemoException(string message) : Exception(message);

/// <summary>What the demo achieved: the application, its final stage and its public timeline.</summary>
public sealed record DemoResult(string ApplicationId, string Stage, IReadOnlyList<string> Timeline);

/// <summary>
/// One sample application through the whole pipeline, over HTTP only, as its people would do it: the applicant
/// creates it, uploads a reel and a script straight to storage through the upload URLs, completes and submits;
/// the mentors follow the review links the app emailed them (read from the dev mailbox); staff decide through the
/// staff API; the applicant accepts through the offer link from their email.
/// </summary>
public sealed class DemoRun(HttpClient api, HttpClient storage, string staffApiKey, ProgramCatalog programs, TextWriter output, TimeSpan stepTimeout)
{
    public const string ProgramId = "hina-directors";
    public const string Track = "original-ip";

    public async Task<DemoResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var ct = cancellationToken;
        await CheckAppAsync(ct);
        var definition = programs.Get(ProgramId) ?? throw new DemoException($"This build has no program '{ProgramId}'.");
        var program = await ProgramAsync(ct);
        var rubric = program.GetProperty("rubric").EnumerateArray().Select(c => c.GetProperty("id").GetString()!).ToList();
        var graduationYear = program.GetProperty("deadline").GetDateTimeOffset().Year - 1;
        // The applicant accepts the privacy notice the program lists (its version is recorded with the application).
        var privacyNotice = program.GetProperty("privacyNotice").GetProperty("version").GetString()!;

        // 1. The applicant creates a draft (retrying with the same Idempotency-Key would give the same application).
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var email = $"siyuan.chen.demo-{suffix}@example.com";
        var created = await SendAsync("create the application", HttpMethod.Post, "api/applications", 201, ct, body: new
        {
            programId = ProgramId,
            track = Track,
            applicant = new
            {
                name = "陈思远",
                email,
                preferredLanguage = "zh",
                timeZone = "Asia/Shanghai",
                school = "北京电影学院",
                graduationYear,
                roles = new[] { "director", "screenwriter" },
                awards = new[] { "FIRST青年电影展 最佳短片提名" },
            },
            project = new
            {
                title = "归途 The Way Home",
                logline = "春节前夜，一位在洛杉矶学电影的年轻导演回到重庆，拍下父亲最后一个冬天的渡轮。",
                synopsis = "A young director trained in Los Angeles returns to Chongqing before Lunar New Year to film her father's last winter on the Yangtze ferry he has piloted for thirty years.",
                language = "zh",
                format = "short",
            },
            consent = new { privacyNotice },
        }, idempotencyKey: Guid.NewGuid().ToString());
        var id = created.GetProperty("id").GetString()!;
        var token = created.GetProperty("accessToken").GetString()!;
        Say($"Created {id} for 陈思远 ({ProgramId}, {Track}): {created.GetProperty("stage").GetString()}");

        // 2. Materials: announce, upload straight to storage through the SAS URL, complete (the app verifies the bytes).
        await UploadAsync(id, token, "reel", "归途-reel.mp4", "video/mp4", DemoSamples.Mp4(), ct);
        await UploadAsync(id, token, "script", "归途-script.pdf", "application/pdf", DemoSamples.Pdf(), ct);

        // 3. Submit, then wait for screening and mentor assignment (the app's queue runners do that).
        var submitted = await SendAsync("submit", HttpMethod.Post, $"api/applications/{id}/submit", 202, ct, bearer: token, idempotencyKey: Guid.NewGuid().ToString());
        Say($"Submitted: {submitted.GetProperty("stage").GetString()}");
        await WaitForStageAsync(id, token, "InReview", ["ScreenedOut", "Withdrawn", "Incomplete"], ct);

        // 4. The mentors: each follows the review link from their email and reviews.
        var assignments = await WaitForAsync($"{definition.MentorsPerApplication} mentors to be assigned", async () =>
        {
            var detail = await StaffDetailAsync(id, ct);
            var open = detail.GetProperty("application").GetProperty("assignments").EnumerateArray()
                .Where(a => string.Equals(a.GetProperty("status").GetString(), "open", StringComparison.OrdinalIgnoreCase))
                .Select(a => a.GetProperty("mentorId").GetString()!)
                .ToList();
            return open.Count >= definition.MentorsPerApplication ? open : null;
        }, ct);
        var recommendations = new[] { ("advance", 5, "镜头语言克制而有力，父女关系写得很动人。Restrained, precise camera work."), ("advance", 4, "A distinctive voice; the ferry is a strong central image.") };
        for (var i = 0; i < assignments.Count; i++)
        {
            var mentor = definition.FindMentor(assignments[i]) ?? throw new DemoException($"Mentor {assignments[i]} is not in this build's programs.");
            var link = await WaitForLinkAsync(mentor.Email, id, "/review/", $"{mentor.Name}'s review request", ct);
            var (recommendation, score, comment) = recommendations[i % recommendations.Length];
            var reviewed = await SendAsync($"{mentor.Name}'s review", HttpMethod.Post, $"api/reviews/{TokenOf(link, "/review/")}", 200, ct, body: new
            {
                scores = rubric.ToDictionary(c => c, _ => score),
                recommendation,
                comment,
            });
            Say($"Mentor {mentor.Name} reviewed (all criteria {score}, {recommendation}): {reviewed.GetProperty("stage").GetString()}");
        }
        await WaitForStageAsync(id, token, "Reviewed", [], ct);

        // 5. Staff make an offer.
        var decided = await SendAsync("the staff decision", HttpMethod.Post, $"api/staff/applications/{id}/decision", 200, ct, staff: true,
            body: new { decision = "offer", note = "恭喜！欢迎加入Hina青年导演国际计划。" });
        Say($"Staff decided: offer → {decided.GetProperty("stage").GetString()}");

        // 6. The applicant accepts through the link in the offer email.
        var offerLink = await WaitForLinkAsync(email, id, "/offer/", "the offer email", ct);
        var accepted = await SendAsync("accept the offer", HttpMethod.Post, $"api/offers/{TokenOf(offerLink, "/offer/")}", 200, ct, body: new { response = "accept" });
        Say($"The applicant accepted the offer: {accepted.GetProperty("stage").GetString()}");

        // 7. The timeline, as the applicant sees it.
        var view = await SendAsync("read the application", HttpMethod.Get, $"api/applications/{id}", 200, ct, bearer: token);
        var stage = view.GetProperty("stage").GetString()!;
        var timeline = view.GetProperty("timeline").EnumerateArray()
            .Select(e => $"{e.GetProperty("at").GetDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}  {e.GetProperty("type").GetString(),-18} {e.GetProperty("description").GetString()}")
            .ToList();
        Say("");
        Say($"Timeline of {id} ({stage}):");
        foreach (var line in timeline)
        {
            Say("  " + line);
        }
        if (stage != "Accepted")
        {
            throw new DemoException($"{id} ended in {stage}, not Accepted.");
        }
        return new DemoResult(id, stage, timeline);
    }

    private async Task CheckAppAsync(CancellationToken ct)
    {
        Say($"Running the demo against {api.BaseAddress}");
        using var health = await SendRawAsync("check the app", HttpMethod.Get, "api/health", ct);
        if (health.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            throw new DemoException($"The app at {api.BaseAddress} answers, but its storage does not (GET /api/health: 503). Is Azurite running?");
        }
        if (health.StatusCode != HttpStatusCode.OK)
        {
            throw new DemoException($"GET {api.BaseAddress}api/health answered {(int)health.StatusCode}: is this TalentFunctions?");
        }
        using var mailbox = await SendRawAsync("check the dev mailbox", HttpMethod.Get, "api/dev/mailbox?to=nobody%40example.invalid", ct);
        if (mailbox.StatusCode != HttpStatusCode.OK)
        {
            throw new DemoException($"The app at {api.BaseAddress} has no dev mailbox (GET /api/dev/mailbox: {(int)mailbox.StatusCode}). " +
                                    "The demo follows the links the app emails, so run the app standalone in Development without Email:SendGridApiKey.");
        }
    }

    private async Task<JsonElement> ProgramAsync(CancellationToken ct)
    {
        var list = await SendAsync("list the programs", HttpMethod.Get, "api/programs", 200, ct);
        foreach (var program in list.EnumerateArray())
        {
            if (program.GetProperty("id").GetString() == ProgramId)
            {
                return program.GetProperty("isOpen").GetBoolean()
                    ? program
                    : throw new DemoException($"{ProgramId} is not open for applications now (opens {program.GetProperty("opensAt")}).");
            }
        }
        throw new DemoException($"{ProgramId} is not among the open programs (its deadline has passed?).");
    }

    private async Task UploadAsync(string id, string token, string kind, string fileName, string contentType, byte[] bytes, CancellationToken ct)
    {
        var ticket = await SendAsync($"announce the {kind}", HttpMethod.Post, $"api/applications/{id}/materials", 201, ct, bearer: token,
            body: new { kind, fileName, contentType, length = bytes.Length });
        var uploadUrl = ticket.GetProperty("uploadUrl").GetString()!;
        using (var put = new HttpRequestMessage(HttpMethod.Put, uploadUrl) { Content = new ByteArrayContent(bytes) })
        {
            put.Headers.Add("x-ms-blob-type", "BlockBlob");
            put.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
            HttpResponseMessage uploaded;
            try
            {
                uploaded = await storage.SendAsync(put, ct);
            }
            catch (HttpRequestException ex)
            {
                throw new DemoException($"Uploading the {kind} to storage failed ({ex.Message}). The upload URL points at {new Uri(uploadUrl).GetLeftPart(UriPartial.Authority)}.");
            }
            using (uploaded)
            {
                if (!uploaded.IsSuccessStatusCode)
                {
                    throw new DemoException($"Storage refused the {kind} upload: {(int)uploaded.StatusCode} {uploaded.ReasonPhrase}.");
                }
            }
        }
        var materialId = ticket.GetProperty("materialId").GetString()!;
        var verified = await SendAsync($"complete the {kind}", HttpMethod.Post, $"api/applications/{id}/materials/{materialId}/complete", 200, ct, bearer: token);
        Say($"Uploaded the {kind} ({bytes.Length} bytes) straight to storage: {verified.GetProperty("status").GetString()}");
    }

    private async Task WaitForStageAsync(string id, string token, string stage, IReadOnlyList<string> deadEnds, CancellationToken ct)
    {
        var last = "";
        await WaitForAsync($"the stage {stage}", async () =>
        {
            var view = await SendAsync("read the application", HttpMethod.Get, $"api/applications/{id}", 200, ct, bearer: token);
            var current = view.GetProperty("stage").GetString()!;
            if (current != last)
            {
                Say($"  stage: {current}");
                last = current;
            }
            if (deadEnds.Contains(current))
            {
                var reasons = view.TryGetProperty("screeningReasons", out var r) ? " (" + string.Join("; ", r.EnumerateArray().Select(x => x.GetString())) + ")" : "";
                throw new DemoException($"{id} went to {current}{reasons} instead of {stage}.");
            }
            return current == stage ? current : null;
        }, ct);
    }

    private async Task<JsonElement> StaffDetailAsync(string id, CancellationToken ct) =>
        await SendAsync("read the staff view", HttpMethod.Get, $"api/staff/applications/{id}", 200, ct, staff: true);

    /// <summary>The first link containing <paramref name="marker"/> in the newest email to <paramref name="to"/> about application <paramref name="id"/>.</summary>
    private async Task<string> WaitForLinkAsync(string to, string id, string marker, string what, CancellationToken ct) =>
        await WaitForAsync(what, async () =>
        {
            var messages = await SendAsync($"read the mailbox for {what}", HttpMethod.Get, $"api/dev/mailbox?to={Uri.EscapeDataString(to)}", 200, ct);
            return messages.EnumerateArray()
                .Where(m => m.GetProperty("effectId").GetString()?.StartsWith(id + ":", StringComparison.Ordinal) == true)
                .SelectMany(m => m.GetProperty("links").EnumerateArray().Select(l => l.GetString()!))
                .FirstOrDefault(l => Uri.TryCreate(l, UriKind.Absolute, out var u) && u.AbsolutePath.Contains(marker, StringComparison.Ordinal));
        }, ct);

    private static string TokenOf(string link, string marker)
    {
        var path = new Uri(link).AbsolutePath;
        return path[(path.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..].TrimEnd('/');
    }

    private async Task<T> WaitForAsync<T>(string what, Func<Task<T?>> probe, CancellationToken ct)
        where T : class
    {
        var started = TimeProvider.System.GetTimestamp();
        var pause = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }
            if (TimeProvider.System.GetElapsedTime(started) > stepTimeout)
            {
                throw new DemoException($"Waited {stepTimeout.TotalSeconds:0} s for {what}. Is the app running its Durable engine (the staff detail shows each application's orchestration status)?");
            }
            await Task.Delay(pause, ct);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 1000));
        }
    }

    private async Task<JsonElement> SendAsync(string step, HttpMethod method, string path, int expected, CancellationToken ct,
        object? body = null, string? bearer = null, bool staff = false, string? idempotencyKey = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await SendRawAsync(step, method, path, ct, body, bearer, staff, idempotencyKey);
            var text = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt <= 3)
            {
                // Public routes are rate limited; wait as told, then try again.
                var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(5);
                Say($"  (rate limited; waiting {wait.TotalSeconds:0} s)");
                await Task.Delay(wait < TimeSpan.FromMinutes(1) ? wait : TimeSpan.FromMinutes(1), ct);
                continue;
            }
            if ((int)response.StatusCode != expected)
            {
                throw new DemoException($"{step}: {method} /{path} answered {(int)response.StatusCode}{Describe(text)} (expected {expected}).");
            }
            try
            {
                return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
            }
            catch (JsonException)
            {
                throw new DemoException($"{step}: {method} /{path} answered {expected} without JSON: is this TalentFunctions?");
            }
        }
    }

    private async Task<HttpResponseMessage> SendRawAsync(string step, HttpMethod method, string path, CancellationToken ct,
        object? body = null, string? bearer = null, bool staff = false, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: ApiJson.Options);
        }
        if (bearer is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }
        if (staff)
        {
            request.Headers.Add(StaffApiKeyAuthenticationHandler.Header, staffApiKey);
        }
        if (idempotencyKey is not null)
        {
            request.Headers.Add(IdempotencyKeys.Header, idempotencyKey);
        }
        try
        {
            return await api.SendAsync(request, ct);
        }
        catch (HttpRequestException ex)
        {
            throw new DemoException($"{step}: nothing answers at {api.BaseAddress} ({ex.Message}). " +
                                    "Start the app first (dotnet run --project src/TalentFunctions.Standalone), then run the demo from another terminal.");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new DemoException($"{step}: {api.BaseAddress} did not answer within {api.Timeout.TotalSeconds:0} s.");
        }
    }

    private static string Describe(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var title = root.TryGetProperty("title", out var t) ? t.GetString() : null;
            var detail = root.TryGetProperty("detail", out var d) ? d.GetString() : null;
            return title is null ? "" : $": {title}{(detail is null ? "" : " " + detail)}";
        }
        catch (JsonException)
        {
            return body.Length == 0 ? "" : ": " + (body.Length > 200 ? body[..200] + "…" : body);
        }
    }

    private void Say(string line) => output.WriteLine(line);
}
