using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Web.Tests.Infrastructure;
using TalentFunctions.TestSupport;
using TalentFunctions.Workflow;

namespace TalentFunctions.Web.Tests.Hosting;

/// <summary>One trace from the submit request through the orchestration's activities to the SendGrid call, and no personal data in it.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class TraceTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_submission_is_one_trace_from_the_request_to_the_email_provider_without_personal_data()
    {
        await using var sendGrid = FakeSendGridServer.Start();
        var spans = new List<Activity>();
        await using var app = await TestApp.StartAsync(azurite, new Dictionary<string, string?>
        {
            ["Email:SendGridApiKey"] = sendGrid.ApiKey,
            ["Email:SendGridBaseUrl"] = sendGrid.BaseUrl.AbsoluteUri,
        }, s => s.AddOpenTelemetry().WithTracing(t => t.AddInMemoryExporter(spans)));
        var email = $"trace-{Guid.NewGuid():N}"[..16] + "@example.com";
        var (id, token) = await app.CreateAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await app.UploadMaterialAsync(id, token, "reel", "reel.mp4", "video/mp4", TestApp.Mp4)).StatusCode);
        await app.SettleAsync();

        // The caller's trace: the request continues it, so its id is known.
        var traceId = ActivityTraceId.CreateRandom();
        using var submit = TestApp.As(token, HttpMethod.Post, $"/api/applications/{id}/submit");
        submit.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        Assert.Equal(HttpStatusCode.Accepted, (await app.Client.SendAsync(submit)).StatusCode);
        await Eventually.AssertAsync(async () => (await app.StateAsync(id)).Stage == Stage.InReview, TimeSpan.FromSeconds(30), "screened and assigned");
        await app.SettleAsync();
        app.Get<TracerProvider>().ForceFlush();

        List<Activity> trace;
        lock (spans)
        {
            trace = [.. spans.Where(s => s.TraceId == traceId)];
        }
        var names = trace.Select(s => s.DisplayName).ToList();
        Assert.Contains(trace, s => s.Kind == ActivityKind.Server && s.GetTagItem("http.route") is "/api/applications/{id}/submit");
        Assert.Contains("command Submit", names);
        Assert.Contains(trace, s => s.Source.Name == Telemetry.SourceName && s.DisplayName == "catch up");
        Assert.Contains(trace, s => s.Source.Name == Telemetry.SourceName && s.DisplayName == "screen");
        Assert.Contains(trace, s => s.Source.Name == Telemetry.SourceName && s.DisplayName == "send emails");
        // The emails this submission caused went out in this trace: the HTTP calls to SendGrid are children of the
        // "send emails" activity span.
        var mailSend = new Uri(sendGrid.BaseUrl, FakeSendGridServer.MailSendPath).AbsoluteUri;
        var sendGridCalls = trace.Where(s => s.Kind == ActivityKind.Client && Equals(s.GetTagItem("url.full"), mailSend)).ToList();
        Assert.NotEmpty(sendGridCalls);
        Assert.All(sendGridCalls, call => Assert.Contains(trace, parent => parent.SpanId == call.ParentSpanId && parent.DisplayName == "send emails"));
        Assert.Contains(sendGrid.Accepted, m => m.ApplicationId == id && m.Kind == "SubmissionReceived");

        List<Activity> all;
        lock (spans)
        {
            all = [.. spans];
        }
        var state = await app.StateAsync(id);
        var personal = new[] { email, state.Applicant.Name, state.Applicant.School, state.Project.Title };
        foreach (var span in all)
        {
            var text = span.DisplayName + " " + string.Join(" ", span.TagObjects.Select(t => $"{t.Key}={t.Value}"))
                       + " " + string.Join(" ", span.Events.Select(e => e.Name));
            Assert.DoesNotContain(personal, p => text.Contains(p, StringComparison.OrdinalIgnoreCase));
        }
    }
}
