using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Trace;
using TalentFunctions.Domain.Applications;
using TalentFunctions.TestSupport;
using TalentFunctions.Web.Tests.Infrastructure;
using TalentFunctions.Web.Tests.Web;
using Xunit.Abstractions;

namespace TalentFunctions.Web.Tests.Privacy;

/// <summary>
/// Issue 13: logs and traces carry ids, never the applicant's name, email, project title or file names
/// (docs/architecture.md "Logs carry ids, never names or emails"; <c>TelemetrySetup</c>: spans keep route templates, not
/// paths or query strings, since links carry tokens). Every log record at every level and every span of the app's
/// sources and of the ASP.NET Core / HttpClient instrumentation is captured through a whole lifecycle — draft, upload,
/// submit, both mentor reviews (page and API), the staff offer, the applicant accepting on the offer page — and searched.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed partial class NoPersonalDataInTelemetryTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task A_whole_lifecycle_leaves_no_name_email_title_file_name_or_link_token_in_logs_or_traces()
    {
        var logs = new CapturingLoggerProvider();
        var spans = new List<Activity>();
        await using var app = await TestApp.StartAsync(azurite, new Dictionary<string, string?>
        {
            // Every category at Trace for the capturing provider (a provider's own rule beats the app's category
            // rules), so Debug and Trace records count too, without flooding the console logger.
            [$"Logging:{CapturingLoggerProvider.Alias}:LogLevel:Default"] = "Trace",
        }, s =>
        {
            s.AddSingleton<ILoggerProvider>(logs);
            s.AddOpenTelemetry().WithTracing(t => t.AddInMemoryExporter(spans));
        });

        var tag = Guid.NewGuid().ToString("N")[..8];
        static string Cjk(int n) => string.Concat(Enumerable.Range(0, n).Select(_ => (char)Random.Shared.Next(0x4E00, 0x9FA5)));
        var email = WebKit.UniqueEmail("nopii");
        var latinName = "Vardenqua" + tag;
        var chineseName = "蔺" + Cjk(3);
        var latinTitleWord = "Quillmarrow" + tag;
        var chineseTitleWord = "霁" + Cjk(3);
        var fullName = $"{chineseName} {latinName}";
        var title = $"{chineseTitleWord} The {latinTitleWord} Season";
        var reelFile = $"{latinName}-{chineseTitleWord}-reel.mp4";
        var scriptFile = $"Drehbuch {latinTitleWord} {chineseName}.pdf";
        var tokens = new List<string>();

        // The applicant: the portal, a draft through the API, two materials with telling file names.
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/apply/" + WebKit.ProgramId)).StatusCode);
        var body = TestApp.CreateBody(email);
        body["applicant"]!["name"] = fullName;
        body["project"]!["title"] = title;
        body["project"]!["logline"] = $"A girl returns to {latinTitleWord} in the rainy season.";
        var created = await app.Client.PostAsJsonAsync("/api/applications", body);
        var json = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(created.StatusCode == HttpStatusCode.Created, json.ToString());
        var id = json.GetProperty("id").GetString()!;
        var token = json.GetProperty("accessToken").GetString()!;
        tokens.Add(token);
        Assert.Equal(HttpStatusCode.OK, (await app.UploadMaterialAsync(id, token, "reel", reelFile, "video/mp4", TestApp.Mp4)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.UploadMaterialAsync(id, token, "script", scriptFile, "application/pdf", TestApp.Pdf)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(TestApp.As(token, HttpMethod.Get, $"/api/applications/{id}"))).StatusCode);
        await OpenApplicantLinksAsync(app, email, id, tokens);

        Assert.Equal(HttpStatusCode.Accepted, (await app.Client.SendAsync(TestApp.As(token, HttpMethod.Post, $"/api/applications/{id}/submit"))).StatusCode);
        await app.SettleAsync();
        Assert.Equal(Stage.InReview, (await app.StateAsync(id)).Stage);

        // The mentors: one on the review page (and their list of reviews), one through the JSON API.
        var open = (await app.StateAsync(id)).Assignments.Where(a => a.Status == AssignmentStatus.Open).ToList();
        Assert.Equal(2, open.Count);
        var pageToken = WebKit.ReviewToken(app, id, open[0]);
        tokens.Add(pageToken);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/review/" + pageToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await WebKit.PostFormAsync(app.Client, "/review/" + pageToken, WebKit.ReviewForm(app))).StatusCode);
        foreach (var mentor in WebKit.Program(app).Mentors)
        {
            foreach (var link in (await WebKit.MailAsync(app, mentor.Email, id)).SelectMany(m => m.Links).Select(WebKit.AppPath).OfType<string>().Distinct())
            {
                tokens.AddRange(LinkTokens(link));
                if (link.StartsWith("/mentor/", StringComparison.Ordinal))
                {
                    Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync(link)).StatusCode);
                }
            }
        }
        var apiToken = WebKit.ReviewToken(app, id, open[1]);
        tokens.Add(apiToken);
        var review = await app.Client.PostAsJsonAsync("/api/reviews/" + apiToken, new
        {
            scores = WebKit.Program(app).Rubric.ToDictionary(c => c.Id, _ => 4),
            recommendation = "advance",
            comment = "Strong voice.",
        });
        Assert.Equal(HttpStatusCode.OK, review.StatusCode);
        await app.SettleAsync();

        // Staff: the API and the console, then the offer.
        Assert.Equal(HttpStatusCode.OK, (await app.Staff.GetAsync($"/api/staff/applications?programId={WebKit.ProgramId}&stage=InReview")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Staff.GetAsync($"/api/staff/applications/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Staff.GetAsync($"/console/applications/{id}")).StatusCode);
        var decision = await app.Staff.PostAsJsonAsync($"/api/staff/applications/{id}/decision", new { decision = "offer", note = "Welcome." });
        Assert.Equal(HttpStatusCode.OK, decision.StatusCode);
        await app.SettleAsync();

        // The applicant accepts on the offer page the email links to.
        var offerMail = Assert.Single(await WebKit.MailAsync(app, email, id), m => m.Kind == "OfferMade");
        var offerUrl = WebKit.AppPath(Assert.Single(offerMail.Links, l => l.Contains("/offer/", StringComparison.Ordinal)))!;
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync(offerUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await WebKit.PostFormAsync(app.Client, offerUrl, new Dictionary<string, string> { ["response"] = "accept" })).StatusCode);
        await app.SettleAsync();
        Assert.Equal(Stage.Accepted, (await app.StateAsync(id)).Stage);
        await OpenApplicantLinksAsync(app, email, id, tokens);
        await app.SettleAsync();
        app.Get<TracerProvider>().ForceFlush();

        List<Activity> captured;
        lock (spans)
        {
            captured = [.. spans];
        }
        var records = logs.Records;
        var personal = Forms([email, latinName, chineseName, fullName, latinTitleWord, chineseTitleWord, title, reelFile, scriptFile]);
        var secrets = Forms(tokens.Distinct());
        output.WriteLine($"captured {records.Count} log records ({string.Join(", ", records.GroupBy(r => r.Level).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"))}) and {captured.Count} spans; {tokens.Distinct().Count()} tokens");
        Assert.True(tokens.Distinct().Count() >= 5, "the access token, two review links, the offer link and the status link");
        Assert.Contains(records, r => r.Level <= LogLevel.Debug);
        Assert.Contains(captured, s => s.Kind == ActivityKind.Server && s.GetTagItem("http.route") is "/offer/{token}");
        Assert.Contains(captured, s => s.Source.Name == Workflow.Telemetry.SourceName);

        var traceText = captured.Select(s => (What: $"span {s.Source.Name} {s.DisplayName}", Text: SpanText(s))).ToList();
        var logText = records.Select(r => (What: $"log {r.Level} {r.Category}", r.Text)).ToList();
        var found = Find(logText.Concat(traceText), personal).Concat(Find(traceText, secrets)).ToList();
        // Noted, not asserted: nothing promises that logs leave link tokens out — ASP.NET Core logs request paths
        // ("Request starting …", routing) and puts RequestPath in the scope of every record written during a request.
        foreach (var where in Find(logText, secrets).GroupBy(f => f.Where))
        {
            output.WriteLine($"note: a link or access token in {where.Count()} records of {where.Key}");
        }
        Assert.True(found.Count == 0, "Personal data or tokens in telemetry:\n" + string.Join("\n", found.Take(30).Select(f => $"{f.Needle} in {f.Where}: {f.Excerpt}")));
    }

    /// <summary>Opens every applicant page the applicant's emails link to (status, edit), keeping their tokens.</summary>
    private static async Task OpenApplicantLinksAsync(TestApp app, string email, string id, List<string> tokens)
    {
        foreach (var link in (await WebKit.MailAsync(app, email, id)).SelectMany(m => m.Links).Select(WebKit.AppPath).OfType<string>().Distinct())
        {
            tokens.AddRange(LinkTokens(link));
            if (link.StartsWith("/applications/", StringComparison.Ordinal))
            {
                await app.Client.GetAsync(link);
            }
        }
    }

    private static IEnumerable<string> LinkTokens(string pathAndQuery) =>
        TokenPattern().Matches(pathAndQuery).Select(m => Uri.UnescapeDataString(m.Groups[1].Value));

    [GeneratedRegex("(?:/(?:review|offer|mentor|sign-in)/|[?&]token=)([^/?&#]+)")]
    private static partial Regex TokenPattern();

    /// <summary>Each value as written, lowercased, URL-encoded (both ways) and JSON-escaped (the default encoder escapes non-ASCII).</summary>
    private static IReadOnlyList<(string Needle, string Form)> Forms(IEnumerable<string> values) =>
        [.. values.SelectMany(v => new[]
        {
            v, v.ToLowerInvariant(), Uri.EscapeDataString(v), WebUtility.UrlEncode(v), JsonSerializer.Serialize(v).Trim('"'),
            WebUtility.HtmlEncode(v),
        }.Distinct(StringComparer.OrdinalIgnoreCase).Select(f => (v, f)))];

    private static IEnumerable<(string Needle, string Where, string Excerpt)> Find(IEnumerable<(string What, string Text)> texts, IReadOnlyList<(string Needle, string Form)> needles) =>
        from t in texts
        from n in needles
        where t.Text.Contains(n.Form, StringComparison.OrdinalIgnoreCase)
        select (n.Needle, Where: t.What, Excerpt: Excerpt(t.Text, n.Form));

    private static string Excerpt(string text, string form)
    {
        var at = text.IndexOf(form, StringComparison.OrdinalIgnoreCase);
        var start = Math.Max(0, at - 80);
        return text.Substring(start, Math.Min(text.Length - start, form.Length + 160)).ReplaceLineEndings(" ");
    }

    /// <summary>Everything a span carries that an exporter could send.</summary>
    private static string SpanText(Activity s)
    {
        var text = new StringBuilder();
        text.Append(s.OperationName).Append(' ').Append(s.DisplayName).Append(' ').Append(s.StatusDescription).Append(' ').Append(s.TraceStateString).Append('\n');
        foreach (var (key, value) in s.TagObjects)
        {
            text.Append(key).Append('=').Append(Value(value)).Append('\n');
        }
        foreach (var (key, value) in s.Baggage)
        {
            text.Append("baggage ").Append(key).Append('=').Append(value).Append('\n');
        }
        foreach (var e in s.Events)
        {
            text.Append("event ").Append(e.Name);
            foreach (var (key, value) in e.Tags)
            {
                text.Append(' ').Append(key).Append('=').Append(Value(value));
            }
            text.Append('\n');
        }
        foreach (var link in s.Links)
        {
            text.Append("link ").Append(link.Context.TraceState);
            foreach (var (key, value) in link.Tags ?? [])
            {
                text.Append(' ').Append(key).Append('=').Append(Value(value));
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    private static string Value(object? value) => value switch
    {
        null => "",
        string s => s,
        IEnumerable items => string.Join(",", items.Cast<object?>().Select(Value)),
        _ => value.ToString() ?? "",
    };

    internal sealed record LogRecord(LogLevel Level, string Category, string Text);

    /// <summary>Keeps every record: level, category, event, formatted message, structured state, scopes and the exception.</summary>
    [ProviderAlias(Alias)]
    private sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
    {
        public const string Alias = "NoPersonalDataCapture";

        private readonly ConcurrentQueue<LogRecord> records = new();
        private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

        public IReadOnlyList<LogRecord> Records => [.. records];

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider.scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var text = new StringBuilder();
                text.Append(eventId.Id).Append(' ').Append(eventId.Name).Append(' ').Append(formatter(state, exception)).Append('\n');
                AppendState(text, state);
                provider.scopes.ForEachScope((scope, sb) => { sb.Append("scope "); AppendState(sb, scope); }, text);
                for (var e = exception; e is not null; e = e.InnerException)
                {
                    text.Append(e).Append('\n');
                    foreach (DictionaryEntry entry in e.Data)
                    {
                        text.Append(entry.Key).Append('=').Append(Value(entry.Value)).Append('\n');
                    }
                }
                provider.records.Enqueue(new LogRecord(logLevel, category, text.ToString()));
            }

            private static void AppendState(StringBuilder text, object? state)
            {
                text.Append(state).Append('\n');
                if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    foreach (var (key, value) in pairs)
                    {
                        text.Append(key).Append('=').Append(Value(value)).Append('\n');
                    }
                }
            }
        }
    }
}
