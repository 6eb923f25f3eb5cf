using System.Runtime.CompilerServices;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Notifications.Mailbox;

namespace TalentFunctions.TestSupport;

/// <summary>How a driven application should end.</summary>
public enum LifecyclePlan
{
    /// <summary>Both mentors review, staff offer, the applicant accepts: Accepted.</summary>
    Accept,

    /// <summary>As <see cref="Accept"/>, but the applicant declines: OfferDeclined.</summary>
    Decline,

    /// <summary>Both mentors review, staff reject: Rejected.</summary>
    Reject,

    /// <summary>The applicant withdraws once mentors are assigned: Withdrawn.</summary>
    Withdraw,

    /// <summary>One mentor never reviews; after the due time the slot goes to another mentor, who reviews; then as <see cref="Accept"/>.</summary>
    Reassign,
}

/// <summary>An application the driver created: its id, the applicant's token and email, and its plan.</summary>
public sealed record DrivenApplication(int Number, string Id, string AccessToken, string Email, string ProgramId, LifecyclePlan Plan)
{
    public string ExpectedStage => LifecycleDriver.ExpectedStage(Plan);
}

/// <summary>Where a driven application ended: <see cref="Stage"/> is its last seen stage (null if never read).</summary>
public sealed record DrivenOutcome(DrivenApplication Application, string? Stage, bool Reached, string? Problem);

/// <summary>
/// Drives applications through the app's HTTP API and the links it emails (read from the dev mailbox container), as
/// their people would, and keeps going while the app or storage is down: every step is decided from the application's
/// current state (the staff view), so a request whose answer was lost is simply re-evaluated, and the requests that
/// can be replayed carry an <c>Idempotency-Key</c> (create, submit, the staff decision). Failed requests (no answer,
/// 5xx, 429) are counted in <see cref="FailedRequests"/> and retried.
/// </summary>
public sealed class LifecycleDriver(HttpClient api, HttpClient storage, string staffApiKey, ProgramCatalog programs, MailboxReader mailbox, string runId)
{
    private static readonly byte[] Reel = [0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m', .. new byte[1012]];
    private static readonly byte[] Script = Encoding.ASCII.GetBytes("%PDF-1.4\n% soak\n%%EOF\n");
    private long _failedRequests;

    /// <summary>Requests that got no answer, a 5xx or a 429, and were retried.</summary>
    public long FailedRequests => Interlocked.Read(ref _failedRequests);

    /// <summary>How long to wait between two looks at an application that is waiting for the app.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(750);

    public static string ExpectedStage(LifecyclePlan plan) => plan switch
    {
        LifecyclePlan.Accept or LifecyclePlan.Reassign => "Accepted",
        LifecyclePlan.Decline => "OfferDeclined",
        LifecyclePlan.Reject => "Rejected",
        LifecyclePlan.Withdraw => "Withdrawn",
        _ => throw new ArgumentOutOfRangeException(nameof(plan)),
    };

    public static bool IsFinal(string? stage) => stage is "Accepted" or "OfferDeclined" or "OfferExpired" or "Rejected" or "Withdrawn" or "Incomplete";

    /// <summary>Creates application <paramref name="number"/> (retrying with one Idempotency-Key until it exists).</summary>
    public async Task<DrivenApplication> CreateAsync(int number, LifecyclePlan plan, TimeSpan timeout, CancellationToken ct = default)
    {
        // Two programs, so the mentors' capacity (about 16 applications in review per program) is shared out.
        var program = number % 2 == 0 ? "hina-directors" : "chunm-writers";
        var definition = programs.Get(program) ?? throw new InvalidOperationException($"No program {program}.");
        var track = definition.Tracks[number % definition.Tracks.Count].Id;
        // Schools no mentor of the program is affiliated with, so no conflict of interest limits the assignment.
        var school = program == "hina-directors" ? "Chapman" : "Columbia";
        var email = $"soak-{runId}-{number}@example.com";
        var body = JsonSerializer.Serialize(new
        {
            programId = program,
            track,
            applicant = new
            {
                name = "林小雨 " + number.ToString(CultureInfo.InvariantCulture),
                email,
                preferredLanguage = number % 3 == 0 ? "en" : "zh",
                timeZone = "Asia/Shanghai",
                school,
                graduationYear = definition.Deadline.Year - 2,
                roles = new[] { program == "hina-directors" ? "director" : "screenwriter" },
            },
            project = new
            {
                title = "雨季 The Rainy Season " + number.ToString(CultureInfo.InvariantCulture),
                logline = "一个女孩在雨季回到故乡。",
                synopsis = "A short film about returning home.",
                language = "zh",
                format = "short",
            },
            consent = new { privacyNotice = TalentFunctions.Domain.Applications.PrivacyNotice.Version },
        });
        var key = $"soak-{runId}-{number}";
        var created = await UntilAsync($"create #{number}", timeout, async () =>
        {
            var (status, json) = await SendAsync(HttpMethod.Post, "api/applications", body, idempotencyKey: key, ct: ct);
            return status == HttpStatusCode.Created ? json : (JsonElement?)null;
        }, ct);
        return new DrivenApplication(number, created.GetProperty("id").GetString()!, created.GetProperty("accessToken").GetString()!, email, program, plan);
    }

    /// <summary>Uploads the program's required material and submits (from whatever point the draft is at).</summary>
    public async Task SubmitAsync(DrivenApplication a, TimeSpan timeout, CancellationToken ct = default)
    {
        await UntilAsync($"submit {a.Id}", timeout, async () =>
        {
            var detail = await StaffDetailAsync(a.Id, ct);
            if (detail is not { } d)
            {
                return (bool?)null;
            }
            var application = d.GetProperty("application");
            if (application.GetProperty("stage").GetString() != "Draft")
            {
                return true;
            }
            var required = a.ProgramId == "hina-directors" ? "reel" : "script";
            var verified = application.GetProperty("materials").EnumerateArray()
                .Any(m => m.GetProperty("kind").GetString() == required && m.GetProperty("status").GetString() == "verified");
            if (!verified && !await UploadAsync(a, required, ct))
            {
                return null;
            }
            var (status, _) = await SendAsync(HttpMethod.Post, $"api/applications/{a.Id}/submit", null, bearer: a.AccessToken, idempotencyKey: "submit-" + a.Id, ct: ct);
            return status == HttpStatusCode.Accepted ? true : null;
        }, ct);
    }

    /// <summary>
    /// Takes a submitted application to the end its plan asks for: reviews through the mentors' emailed links, the
    /// staff decision, the applicant's answer through the offer link, or a withdrawal. Returns when the record reaches
    /// a final stage (or not within <paramref name="timeout"/>).
    /// </summary>
    public async Task<DrivenOutcome> FinishAsync(DrivenApplication a, TimeSpan timeout, CancellationToken ct = default)
    {
        var definition = programs.Get(a.ProgramId)!;
        var started = Stopwatch.StartNew();
        string? idleMentor = null;
        string? stage = null;
        var unfilledSince = (TimeSpan?)null;
        async Task<DrivenOutcome?> StepAsync()
        {
            ct.ThrowIfCancellationRequested();
            if (await StaffDetailAsync(a.Id, ct) is { } detail)
            {
                var application = detail.GetProperty("application");
                stage = application.GetProperty("stage").GetString();
                if (IsFinal(stage))
                {
                    return new DrivenOutcome(a, stage, stage == a.ExpectedStage, stage == a.ExpectedStage ? null : $"ended in {stage}");
                }
                switch (stage)
                {
                    case "Draft":
                        await SubmitAsync(a, timeout - started.Elapsed, ct);
                        break;
                    case "InReview":
                        var open = application.GetProperty("assignments").EnumerateArray()
                            .Where(x => x.GetProperty("status").GetString() == "open")
                            .Select(x => (Id: x.GetProperty("assignmentId").GetString()!, Mentor: x.GetProperty("mentorId").GetString()!))
                            .ToList();
                        if (a.Plan == LifecyclePlan.Withdraw)
                        {
                            if (open.Count > 0)
                            {
                                await SendAsync(HttpMethod.Post, $"api/applications/{a.Id}/withdraw", """{"reason":"soak"}""", bearer: a.AccessToken, ct: ct);
                            }
                            break;
                        }
                        if (a.Plan == LifecyclePlan.Reassign && idleMentor is null && open.Count > 0)
                        {
                            idleMentor = open[0].Mentor; // this one never reviews
                        }
                        foreach (var (_, mentorId) in open.Where(x => x.Mentor != idleMentor))
                        {
                            var mentor = definition.FindMentor(mentorId) ?? throw new InvalidOperationException($"No mentor {mentorId} in {a.ProgramId}.");
                            if (await LinkAsync(mentor.Email, a.Id, "/review/", ct) is { } link)
                            {
                                await ReviewAsync(definition, link, ct);
                            }
                        }
                        // Slots nobody could take (mentors at capacity) are filled once capacity frees up.
                        if (application.GetProperty("unfilledSlots").GetInt32() > 0)
                        {
                            unfilledSince ??= started.Elapsed;
                            if (started.Elapsed - unfilledSince > TimeSpan.FromSeconds(10))
                            {
                                await SendAsync(HttpMethod.Post, $"api/staff/applications/{a.Id}/assign-mentors", null, staff: true, ct: ct);
                                unfilledSince = started.Elapsed;
                            }
                        }
                        break;
                    case "Reviewed":
                        var decision = a.Plan == LifecyclePlan.Reject ? "reject" : "offer";
                        await SendAsync(HttpMethod.Post, $"api/staff/applications/{a.Id}/decision",
                            $$"""{"decision":"{{decision}}","note":"soak {{decision}}","allowOverCapacity":true}""", staff: true, idempotencyKey: "decide-" + a.Id, ct: ct);
                        break;
                    case "Offered":
                        if (await LinkAsync(a.Email, a.Id, "/offer/", ct) is { } offer)
                        {
                            var response = a.Plan == LifecyclePlan.Decline ? "decline" : "accept";
                            await SendAsync(HttpMethod.Post, "api/offers/" + TokenOf(offer, "/offer/"), $$"""{"response":"{{response}}"}""", ct: ct);
                        }
                        break;
                }
            }
            return null;
        }

        return await Eventually.UntilAsync(StepAsync, timeout, PollInterval, ct)
            ?? new DrivenOutcome(a, stage, false, $"still {stage ?? "unread"} after {timeout.TotalSeconds:0} s");
    }

    /// <summary>The staff view of an application (<c>application</c>, <c>history</c>, <c>orchestration</c>); null when it could not be read.</summary>
    public async Task<JsonElement?> StaffDetailAsync(string id, CancellationToken ct = default)
    {
        var (status, json) = await SendAsync(HttpMethod.Get, $"api/staff/applications/{id}", null, staff: true, ct: ct);
        return status == HttpStatusCode.OK ? json : null;
    }

    private async Task<bool> UploadAsync(DrivenApplication a, string kind, CancellationToken ct)
    {
        var (bytes, fileName, contentType) = kind == "reel" ? (Reel, "reel.mp4", "video/mp4") : (Script, "script.pdf", "application/pdf");
        // No Idempotency-Key: a repeated announcement just announces another material; only the completed one counts.
        var (status, ticket) = await SendAsync(HttpMethod.Post, $"api/applications/{a.Id}/materials",
            $$"""{"kind":"{{kind}}","fileName":"{{fileName}}","contentType":"{{contentType}}","length":{{bytes.Length}}}""", bearer: a.AccessToken, ct: ct);
        if (status != HttpStatusCode.Created)
        {
            return false;
        }
        try
        {
            using var put = new HttpRequestMessage(HttpMethod.Put, ticket.GetProperty("uploadUrl").GetString()) { Content = new ByteArrayContent(bytes) };
            put.Headers.Add("x-ms-blob-type", "BlockBlob");
            put.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            using var uploaded = await storage.SendAsync(put, ct);
            if (!uploaded.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref _failedRequests);
                return false;
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            Interlocked.Increment(ref _failedRequests);
            return false;
        }
        var (completed, _) = await SendAsync(HttpMethod.Post, $"api/applications/{a.Id}/materials/{ticket.GetProperty("materialId").GetString()}/complete", null,
            bearer: a.AccessToken, ct: ct);
        return completed == HttpStatusCode.OK;
    }

    private async Task ReviewAsync(ProgramDefinition program, string link, CancellationToken ct)
    {
        var scores = string.Join(',', program.Rubric.Select(c => $"\"{c.Id}\":4"));
        await SendAsync(HttpMethod.Post, "api/reviews/" + TokenOf(link, "/review/"),
            $$"""{"scores":{{{scores}}},"recommendation":"advance","comment":"A distinctive voice."}""", ct: ct);
    }

    /// <summary>The first link containing <paramref name="marker"/> in a recent email to <paramref name="to"/> about application <paramref name="id"/>.</summary>
    private async Task<string?> LinkAsync(string to, string id, string marker, CancellationToken ct)
    {
        try
        {
            // Newest first: the email wanted was sent recently, so a short page of the mailbox holds it.
            foreach (var max in new[] { 40, 400 })
            {
                var messages = await mailbox.ListAsync(to, max, ct);
                var link = messages
                    .Where(m => m.ApplicationId == id)
                    .SelectMany(m => m.Links)
                    .FirstOrDefault(l => Uri.TryCreate(l, UriKind.Absolute, out var u) && u.AbsolutePath.Contains(marker, StringComparison.Ordinal));
                if (link is not null || messages.Count < max)
                {
                    return link;
                }
            }
            return null;
        }
        catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or TaskCanceledException or AggregateException && !ct.IsCancellationRequested)
        {
            Interlocked.Increment(ref _failedRequests); // storage restarting
            return null;
        }
    }

    private static string TokenOf(string link, string marker)
    {
        var path = new Uri(link).AbsolutePath;
        return path[(path.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..].TrimEnd('/');
    }

    private async Task<T> UntilAsync<T>(string what, TimeSpan timeout, Func<Task<T?>> attempt, CancellationToken ct)
        where T : struct
    {
        var box = await Eventually.UntilAsync(async () => await attempt() is { } value ? new StrongBox<T>(value) : null, timeout, PollInterval, ct);
        return box is null ? throw new TimeoutException($"Could not {what} within {timeout.TotalSeconds:0} s.") : box.Value;
    }

    private async Task<(HttpStatusCode? Status, JsonElement Json)> SendAsync(
        HttpMethod method, string path, string? json, string? bearer = null, bool staff = false, string? idempotencyKey = null, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        if (staff)
        {
            request.Headers.Add("X-Api-Key", staffApiKey);
        }
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        try
        {
            using var response = await api.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Interlocked.Increment(ref _failedRequests);
                return (null, default);
            }
            return (response.StatusCode, text.Length > 0 && text[0] is '{' or '[' ? JsonDocument.Parse(text).RootElement.Clone() : default);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && !ct.IsCancellationRequested)
        {
            Interlocked.Increment(ref _failedRequests); // the app is down or restarting
            return (null, default);
        }
    }
}
