using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using TalentFunctions.Notifications.SendGrid;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Notifications.Tests;

public sealed class SendGridEmailSenderTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2027, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly InstantTimeProvider clock = new(Start);
    private readonly HttpClient http = new();
    private FakeSendGridServer server = null!;

    public Task InitializeAsync()
    {
        server = FakeSendGridServer.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Accepted_message_is_posted_once_with_the_documented_shape()
    {
        var message = Message("effect-1") with { Subject = "【需要您处理】林小雨 🎬 <offer>", Text = "文本 🎬 & more", Html = "<p>林小雨 &amp; 🎬</p>" };

        await Sender().SendAsync(message);

        var request = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/v3/mail/send", 202), (request.Method, request.Path, request.StatusCode));
        Assert.Equal("Bearer " + server.ApiKey, request.Authorization);
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
        Assert.Empty(request.Problems);

        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        var personalization = Assert.Single(root.GetProperty("personalizations").EnumerateArray());
        var to = Assert.Single(personalization.GetProperty("to").EnumerateArray());
        Assert.Equal("lin.xiaoyu@example.org", to.GetProperty("email").GetString());
        Assert.Equal("林小雨", to.GetProperty("name").GetString());
        Assert.Equal(
            new Dictionary<string, string?> { ["effectId"] = "effect-1", ["applicationId"] = "app-1", ["kind"] = "OfferMade" },
            personalization.GetProperty("custom_args").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()));
        Assert.Equal("noreply@talent.example.org", root.GetProperty("from").GetProperty("email").GetString());
        Assert.Equal("Emerging Voices Lab", root.GetProperty("from").GetProperty("name").GetString());
        Assert.Equal(message.Subject, root.GetProperty("subject").GetString());
        Assert.Equal(
            [("text/plain", message.Text), ("text/html", message.Html)],
            root.GetProperty("content").EnumerateArray().Select(c => (c.GetProperty("type").GetString()!, c.GetProperty("value").GetString()!)).ToArray());
        Assert.Equal(["OfferMade"], root.GetProperty("categories").EnumerateArray().Select(c => c.GetString()!).ToArray());

        Assert.Equal(["effect-1"], server.AcceptedEffectIds);
        Assert.Empty(clock.Delays);
    }

    [Fact]
    public async Task A_missing_recipient_name_is_left_out()
    {
        await Sender().SendAsync(Message("effect-2") with { ToName = null });

        using var json = JsonDocument.Parse(Assert.Single(server.Requests).Body);
        var to = json.RootElement.GetProperty("personalizations")[0].GetProperty("to")[0];
        Assert.False(to.TryGetProperty("name", out _));
    }

    [Fact]
    public async Task Rate_limited_with_retry_after_seconds_waits_that_long_then_succeeds()
    {
        server.Enqueue(FakeSendGridResponse.TooManyRequests(Headers(("Retry-After", "3"))));

        await Sender().SendAsync(Message("effect-3"));

        Assert.Equal([429, 202], server.Requests.Select(r => r.StatusCode));
        Assert.Equal([TimeSpan.FromSeconds(3)], clock.Delays);
        Assert.Single(server.Accepted);
    }

    [Fact]
    public async Task Rate_limited_with_retry_after_date_waits_until_then()
    {
        var until = Start.AddSeconds(10).ToString("r", CultureInfo.InvariantCulture);
        server.Enqueue(FakeSendGridResponse.TooManyRequests(Headers(("Retry-After", until))));

        await Sender().SendAsync(Message("effect-4"));

        Assert.Equal([TimeSpan.FromSeconds(10)], clock.Delays);
        Assert.Equal([429, 202], server.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task Rate_limited_with_rate_limit_reset_waits_until_the_reset()
    {
        var reset = Start.AddSeconds(7).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        server.Enqueue(FakeSendGridResponse.TooManyRequests(Headers(
            ("X-RateLimit-Limit", "600"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", reset))));

        await Sender().SendAsync(Message("effect-5"));

        Assert.Equal([TimeSpan.FromSeconds(7)], clock.Delays);
        Assert.Equal([429, 202], server.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task A_long_server_requested_wait_is_capped()
    {
        server.Enqueue(FakeSendGridResponse.TooManyRequests(Headers(("Retry-After", "3600"))));

        await Sender(o => o.MaxRetryDelay = TimeSpan.FromSeconds(12)).SendAsync(Message("effect-6"));

        Assert.Equal([TimeSpan.FromSeconds(12)], clock.Delays);
    }

    [Fact]
    public async Task Server_errors_twice_then_success_backs_off_exponentially()
    {
        server.Enqueue(FakeSendGridResponse.Error(500, "boom"), FakeSendGridResponse.Error(500, "still booming"));

        await Sender().SendAsync(Message("effect-7"));

        Assert.Equal([500, 500, 202], server.Requests.Select(r => r.StatusCode));
        Assert.Equal(2, clock.Delays.Count);
        Assert.InRange(clock.Delays[0], TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500));
        Assert.InRange(clock.Delays[1], TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(1000));
        Assert.Equal(["effect-7"], server.AcceptedEffectIds);
    }

    [Fact]
    public async Task Bad_request_is_not_retried_and_carries_sendgrids_messages()
    {
        server.Enqueue(FakeSendGridResponse.BadRequest("The from address does not match a verified Sender Identity."));

        var ex = await Assert.ThrowsAsync<EmailPermanentFailureException>(() => Sender().SendAsync(Message("effect-8")));

        Assert.Single(server.Requests);
        Assert.Empty(server.Accepted);
        Assert.Equal(400, ex.StatusCode);
        Assert.Equal("effect-8", ex.EffectId);
        Assert.Equal(["The from address does not match a verified Sender Identity."], ex.Errors);
        Assert.Contains("HTTP 400", ex.Message, StringComparison.Ordinal);
        Assert.Contains("verified Sender Identity", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(server.ApiKey, ex.Message, StringComparison.Ordinal);
        Assert.Empty(clock.Delays);
    }

    [Fact]
    public async Task Wrong_api_key_gets_401_without_retry_and_the_key_is_not_in_the_message()
    {
        var ex = await Assert.ThrowsAsync<EmailPermanentFailureException>(
            () => Sender(o => o.ApiKey = "SG.wrong-key").SendAsync(Message("effect-9")));

        Assert.Equal(401, ex.StatusCode);
        Assert.Single(server.Requests);
        Assert.Contains("authorization grant is invalid", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SG.wrong-key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_body_echoing_the_api_key_is_redacted()
    {
        server.Enqueue(FakeSendGridResponse.Error(403, $"Key {server.ApiKey} lacks the mail.send scope"));

        var ex = await Assert.ThrowsAsync<EmailPermanentFailureException>(() => Sender().SendAsync(Message("effect-10")));

        Assert.Equal(403, ex.StatusCode);
        Assert.DoesNotContain(server.ApiKey, ex.Message, StringComparison.Ordinal);
        Assert.Contains("[redacted] lacks the mail.send scope", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exhausted_retries_give_a_transient_failure()
    {
        server.Enqueue(
            FakeSendGridResponse.Error(500, "boom"),
            FakeSendGridResponse.TooManyRequests(Headers(("Retry-After", "1"))),
            FakeSendGridResponse.Error(502, "bad gateway"));

        var ex = await Assert.ThrowsAsync<EmailTransientFailureException>(
            () => Sender(o => o.MaxAttempts = 3).SendAsync(Message("effect-11")));

        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(3, ex.Attempts);
        Assert.Equal(502, ex.LastStatusCode);
        Assert.Contains("bad gateway", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, clock.Delays.Count);
        Assert.Empty(server.Accepted);
    }

    [Fact]
    public async Task Unreachable_server_is_retried_then_gives_a_transient_failure()
    {
        var closed = ClosedLoopbackUrl();

        var ex = await Assert.ThrowsAsync<EmailTransientFailureException>(
            () => Sender(o => { o.BaseUrl = closed; o.MaxAttempts = 2; }).SendAsync(Message("effect-12")));

        Assert.Equal(2, ex.Attempts);
        Assert.Null(ex.LastStatusCode);
        Assert.IsType<HttpRequestException>(ex.InnerException);
        Assert.Single(clock.Delays);
    }

    [Fact]
    public async Task Cancellation_is_not_turned_into_a_delivery_failure()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Sender().SendAsync(Message("effect-13"), cancelled.Token));
    }

    [Fact]
    public async Task Random_failures_are_retried_until_every_message_is_delivered()
    {
        await using var flaky = FakeSendGridServer.Start(seed: 42);
        flaky.FailureRate = 0.3;
        var sender = Sender(o => { o.BaseUrl = flaky.BaseUrl; o.ApiKey = flaky.ApiKey; o.MaxAttempts = 20; });
        var effects = Enumerable.Range(1, 40).Select(i => "effect-r" + i.ToString(CultureInfo.InvariantCulture)).ToList();

        await Task.WhenAll(effects.Select(effect => sender.SendAsync(Message(effect))));

        Assert.Equal(effects.ToHashSet(), flaky.AcceptedEffectIds);
        Assert.Equal(0, flaky.DuplicateCount);
        Assert.Contains(flaky.Requests, r => r.StatusCode == 500);
        Assert.Equal(flaky.Requests.Count, effects.Count + flaky.Requests.Count(r => r.StatusCode == 500));
    }

    [Fact]
    public void Settings_are_validated()
    {
        var problems = new SendGridOptions { ApiKey = " ", FromEmail = "", MaxAttempts = 0 }.Validate();

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Contains("ApiKey", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("FromEmail", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => new SendGridEmailSender(http, new SendGridOptions { ApiKey = "k" }, TimeProvider.System));
        Assert.Throws<ArgumentException>(() => new SendGridEmailSender(http, new SendGridOptions { FromEmail = "a@b.org" }, TimeProvider.System));
        Assert.Empty(new SendGridOptions { ApiKey = "k", FromEmail = "a@b.org" }.Validate());
    }

    [Fact]
    public async Task The_fake_rejects_a_body_sendgrid_would_reject()
    {
        using var content = new StringContent(
            """{"personalizations":[{"to":[{"email":"x@example.org"}]}],"from":{"email":"a@example.org"},"subject":"s","content":[{"type":"text/html","value":"<p>h</p>"},{"type":"text/plain","value":"t"}]}""",
            Encoding.UTF8,
            "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.BaseUrl, "v3/mail/send")) { Content = content };
        request.Headers.Authorization = new("Bearer", server.ApiKey);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problems = Assert.Single(server.Requests).Problems;
        Assert.Contains(problems, p => p.StartsWith("content:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("custom_args:", StringComparison.Ordinal));
    }

    private SendGridEmailSender Sender(Action<SendGridOptions>? configure = null)
    {
        var options = new SendGridOptions
        {
            ApiKey = server.ApiKey,
            BaseUrl = server.BaseUrl,
            FromEmail = "noreply@talent.example.org",
            FromName = "Emerging Voices Lab",
        };
        configure?.Invoke(options);
        return new SendGridEmailSender(http, options, clock);
    }

    private static EmailMessage Message(string effectId) => new(
        effectId, "app-1", "lin.xiaoyu@example.org", "林小雨", "[Action required] Your offer", "Text part", "<p>HTML part</p>", "OfferMade");

    private static Dictionary<string, string> Headers(params (string Name, string Value)[] headers) =>
        headers.ToDictionary(h => h.Name, h => h.Value);

    private static Uri ClosedLoopbackUrl()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        return new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
    }
}
