using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using TalentFunctions.TestSupport;
using TalentFunctions.Workflow.Translation;

namespace TalentFunctions.Workflow.Tests.Translation;

/// <summary>The Translator client against a fake Translator on loopback: the request it sends and how it meets failures.</summary>
public sealed class TranslatorClientTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task It_posts_the_texts_as_a_json_array_with_the_key_region_version_and_languages_and_keeps_their_order()
    {
        await using var fake = FakeTranslatorServer.Start();
        var client = Client(fake, out _, region: "eastasia");

        var outcome = await client.TranslateAsync(["雨季", "", "一个女孩在雨季回到故乡。"], "en", "zh-Hans");

        var request = Assert.Single(fake.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal(FakeTranslatorServer.TranslatePath, request.Path);
        Assert.Equal("?api-version=3.0&to=en&from=zh-Hans", request.Query);
        Assert.Equal(fake.Key, request.Key);
        Assert.Equal("eastasia", request.Region);
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(request.Body);
        var items = body.RootElement.EnumerateArray().ToList();
        Assert.Equal(["雨季", "一个女孩在雨季回到故乡。"], items.Select(i => i.GetProperty("Text").GetString()));
        Assert.All(items, i => Assert.Equal(["Text"], i.EnumerateObject().Select(p => p.Name)));
        Assert.Equal(200, request.StatusCode);

        var done = Assert.IsType<MachineTranslation>(outcome);
        Assert.Equal([FakeTranslatorServer.Translation("雨季", "en"), "", FakeTranslatorServer.Translation("一个女孩在雨季回到故乡。", "en")], done.Texts);
        Assert.Equal("zh-Hans", done.SourceLanguage);
    }

    [Fact]
    public async Task Without_a_source_language_the_translator_detects_it_and_without_a_region_no_region_header_is_sent()
    {
        await using var fake = FakeTranslatorServer.Start();
        var client = Client(fake, out _);

        var done = Assert.IsType<MachineTranslation>(await client.TranslateAsync(["一个女孩在雨季回到故乡。"], "en", from: null));

        var request = Assert.Single(fake.Requests);
        Assert.Equal("?api-version=3.0&to=en", request.Query);
        Assert.Null(request.Region);
        Assert.Equal("zh-Hans", done.SourceLanguage);
    }

    [Fact]
    public async Task A_client_without_a_key_sends_nothing_and_says_unavailable()
    {
        await using var fake = FakeTranslatorServer.Start();
        var client = new TranslatorClient(new HttpClient(), new TranslatorOptions { Endpoint = fake.Endpoint, Key = "" }, new ManualTimeProvider(), NullLogger.Instance);

        Assert.False(client.IsConfigured);
        Assert.IsType<TranslationUnavailable>(await client.TranslateAsync(["雨季"], "en", "zh-Hans"));
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task A_500_is_tried_again_after_a_short_backoff()
    {
        await using var fake = FakeTranslatorServer.Start();
        fake.Enqueue(FakeTranslatorResponse.ServerError());
        var client = Client(fake, out var clock);

        var translating = client.TranslateAsync(["雨季"], "en", "zh-Hans");
        await AdvanceUntilAsync(clock, () => fake.Requests.Count >= 2 || translating.IsCompleted);

        Assert.IsType<MachineTranslation>(await translating);
        Assert.Equal([500, 200], fake.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task Repeated_500s_end_unavailable_after_the_last_attempt_without_throwing()
    {
        await using var fake = FakeTranslatorServer.Start();
        fake.FailWith = FakeTranslatorResponse.ServerError();
        var client = Client(fake, out var clock);

        var translating = client.TranslateAsync(["雨季"], "en", "zh-Hans");
        await AdvanceUntilAsync(clock, () => translating.IsCompleted);

        var unavailable = Assert.IsType<TranslationUnavailable>(await translating);
        Assert.Contains("HTTP 500", unavailable.Reason, StringComparison.Ordinal);
        Assert.Equal(TranslatorClient.MaxAttempts, fake.Requests.Count);
    }

    [Fact]
    public async Task A_429_is_waited_out_for_its_retry_after_when_that_is_short()
    {
        await using var fake = FakeTranslatorServer.Start();
        fake.Enqueue(FakeTranslatorResponse.TooManyRequests(retryAfterSeconds: 3));
        var client = Client(fake, out var clock);

        var translating = client.TranslateAsync(["雨季"], "en", "zh-Hans");
        await Eventually.AssertAsync(() => fake.Requests.Count == 1, Patience, "the first request");
        var waited = await AdvanceUntilAsync(clock, () => fake.Requests.Count >= 2 || translating.IsCompleted);

        Assert.IsType<MachineTranslation>(await translating);
        Assert.Equal([429, 200], fake.Requests.Select(r => r.StatusCode));
        Assert.True(waited >= TimeSpan.FromSeconds(3), $"asked again after {waited}");
    }

    [Theory]
    [InlineData(60)]
    [InlineData(null)]
    public async Task A_429_asking_for_a_long_wait_or_no_retry_after_gives_up_at_once(int? retryAfterSeconds)
    {
        await using var fake = FakeTranslatorServer.Start();
        fake.Enqueue(FakeTranslatorResponse.TooManyRequests(retryAfterSeconds));
        var client = Client(fake, out _);

        var unavailable = Assert.IsType<TranslationUnavailable>(await client.TranslateAsync(["雨季"], "en", "zh-Hans"));

        Assert.Contains("429", unavailable.Reason, StringComparison.Ordinal);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task A_wrong_key_is_not_tried_again()
    {
        await using var fake = FakeTranslatorServer.Start();
        var client = new TranslatorClient(new HttpClient(), new TranslatorOptions { Endpoint = fake.Endpoint, Key = "wrong-key" }, new ManualTimeProvider(), NullLogger.Instance);

        var unavailable = Assert.IsType<TranslationUnavailable>(await client.TranslateAsync(["雨季"], "en", "zh-Hans"));

        Assert.Equal("HTTP 401", unavailable.Reason);
        Assert.Equal(401, Assert.Single(fake.Requests).StatusCode);
    }

    [Fact]
    public async Task Texts_beyond_one_requests_limit_go_in_several_requests()
    {
        await using var fake = FakeTranslatorServer.Start();
        var client = Client(fake, out _);
        var texts = Enumerable.Range(0, 3).Select(i => new string((char)('a' + i), 20_000)).ToList();

        var done = Assert.IsType<MachineTranslation>(await client.TranslateAsync(texts, "zh-Hans", "en"));

        Assert.Equal(2, fake.Requests.Count);
        Assert.Equal(texts.Select(t => FakeTranslatorServer.Translation(t, "zh-Hans")), done.Texts);
    }

    [Fact]
    public void Settings_are_checked_only_when_a_key_is_set()
    {
        Assert.Empty(new TranslatorOptions { Endpoint = null, Key = "" }.Problems());
        Assert.Empty(new TranslatorOptions { Key = "k", Region = "eastasia" }.Problems());
        Assert.Contains(new TranslatorOptions { Key = "k", Endpoint = new Uri("ftp://x/") }.Problems(), p => p.Contains("Translator__Endpoint", StringComparison.Ordinal));
        Assert.Contains(new TranslatorOptions { Key = "k", Region = "east asia" }.Problems(), p => p.Contains("Translator__Region", StringComparison.Ordinal));
    }

    private static TranslatorClient Client(FakeTranslatorServer fake, out ManualTimeProvider clock, string? region = null)
    {
        clock = new ManualTimeProvider();
        return new TranslatorClient(new HttpClient(), new TranslatorOptions { Endpoint = fake.Endpoint, Key = fake.Key, Region = region }, clock, NullLogger.Instance);
    }

    /// <summary>Moves the client's clock half a second at a time until <paramref name="done"/>; returns how far it moved.</summary>
    private static async Task<TimeSpan> AdvanceUntilAsync(ManualTimeProvider clock, Func<bool> done)
    {
        var moved = TimeSpan.Zero;
        await Eventually.AssertAsync(() =>
        {
            if (done())
            {
                return true;
            }
            clock.Advance(TimeSpan.FromMilliseconds(500));
            moved += TimeSpan.FromMilliseconds(500);
            return false;
        }, Patience, "the client to get on");
        return moved;
    }
}
