using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using TalentFunctions.Web.Settings;
using TalentFunctions.Web.Hosting;
using TalentFunctions.Standalone.Hosting;
using TalentFunctions.Web.Tests.Hosting;
using TalentFunctions.Web.Tests.Infrastructure;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Web.Tests.Web;

[Collection(AzuriteFixture.Collection)]
public sealed class DevMailboxTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_json_lists_messages_newest_first_with_their_links_and_filters_by_recipient()
    {
        await using var app = await TestApp.StartAsync(azurite);
        // Late in the application window, so these are the newest messages of the whole test run.
        app.Clock.Advance(new DateTimeOffset(2027, 3, 30, 0, 0, 0, TimeSpan.Zero) - app.Clock.GetUtcNow());
        var email = WebKit.UniqueEmail("mailbox");
        // Each draft's email is sent by its orchestration: let it go out before the clock moves on.
        var (first, _) = await app.CreateAsync(email);
        await app.SettleAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var (second, _) = await app.CreateAsync(email);
        await app.SettleAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var otherEmail = WebKit.UniqueEmail("mailbox");
        var (other, _) = await app.CreateAsync(otherEmail);
        await app.SettleAsync();

        var response = await app.Client.GetAsync("/api/dev/mailbox?to=" + Uri.EscapeDataString(email.ToUpperInvariant()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var messages = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
        Assert.Equal(2, messages.Count);
        Assert.All(messages, m => Assert.Equal(
            ["effectId", "html", "id", "links", "sentAt", "subject", "text", "to"],
            m.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)));
        Assert.StartsWith(second + ":", messages[0].GetProperty("effectId").GetString());
        Assert.StartsWith(first + ":", messages[1].GetProperty("effectId").GetString());
        Assert.True(messages[0].GetProperty("sentAt").GetDateTimeOffset() > messages[1].GetProperty("sentAt").GetDateTimeOffset());
        Assert.Equal(email, messages[0].GetProperty("to").GetString());
        Assert.Contains("Hina青年导演国际计划", messages[0].GetProperty("subject").GetString());
        Assert.Contains("<html", messages[0].GetProperty("html").GetString());
        Assert.Contains(messages[0].GetProperty("links").EnumerateArray(),
            l => l.GetString()!.StartsWith($"http://localhost:7071/applications/{second}?token=", StringComparison.Ordinal));

        var all = (await app.Client.GetFromJsonAsync<JsonElement>("/api/dev/mailbox")).EnumerateArray().ToList();
        var times = all.Select(m => m.GetProperty("sentAt").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);
        var ids = all.Select(m => m.GetProperty("effectId").GetString()!.Split(':')[0]).ToList();
        Assert.True(ids.IndexOf(other) < ids.IndexOf(second) && ids.IndexOf(second) < ids.IndexOf(first), string.Join(", ", ids.Take(10)));
    }

    [Fact]
    public async Task The_page_lists_messages_with_clickable_links_and_shows_bodies_safely()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var email = WebKit.UniqueEmail("mailbox");
        var body = TestApp.CreateBody(email);
        body["applicant"]!["name"] = "<script>alert('name')</script>林";
        body["project"]!["title"] = "\"><img src=x onerror=alert(1)>雨季";
        var created = await app.Client.PostAsJsonAsync("/api/applications", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await app.SettleAsync();

        var response = await app.Client.GetAsync("/dev/mailbox?to=" + Uri.EscapeDataString(email));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"<a href=\"http://localhost:7071/applications/{id}?token=", html);
        Assert.Contains("<iframe sandbox srcdoc=\"&lt;!DOCTYPE html&gt;", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, html.Split("<!DOCTYPE html>").Length - 1);
        Assert.Contains("value=\"" + email + "\"", html);
        Assert.Contains("<label for=\"to\">", html);
    }

    [Fact]
    public async Task Both_are_404_when_emails_go_to_sendgrid()
    {
        await using var app = await TestApp.StartAsync(azurite, new Dictionary<string, string?> { ["Email:SendGridApiKey"] = "SG.some-key" });

        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync("/api/dev/mailbox")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync("/dev/mailbox")).StatusCode);
    }

    [Fact]
    public async Task Both_are_404_outside_development()
    {
        await using var factory = new EnvironmentAppFactory("Production", TestSettings.Valid(azurite.ConnectionString));
        using var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/dev/mailbox")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/dev/mailbox")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/programs")).StatusCode);
    }

    /// <summary>The app in another environment (TestApp runs in Development, the test host's default).</summary>
    private sealed class EnvironmentAppFactory(string environment, IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment(environment);
            builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(settings));
        }
    }
}
