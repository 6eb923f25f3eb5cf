using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Functions.Api;
using TalentFunctions.Functions.Security;
using TalentFunctions.Functions.Tests.Hosting;
using TalentFunctions.Notifications.Mailbox;
using TalentFunctions.Workflow;
using TalentFunctions.Workflow.Queries;
using TalentFunctions.Workflow.Store;
using TalentFunctions.Workflow.Timers;
using TalentFunctions.Workflow.Work;
using Azure.Storage.Blobs;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Functions.Tests.Infrastructure;

/// <summary>
/// The real app (Program) against the shared Azurite, with its own tables and work-item queue (unique
/// names), a manual clock, no local runners (tests pump the queue and sweep the timers themselves, so
/// nothing happens behind their back) and effects dispatched inline.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    private readonly HostingAppFactory factory;

    private TestApp(HostingAppFactory factory, ManualTimeProvider clock)
    {
        this.factory = factory;
        Clock = clock;
        Client = factory.CreateClient();
        Staff = factory.CreateClient();
        Staff.DefaultRequestHeaders.Add(StaffApiKeyAuthenticationHandler.Header, TestSettings.StaffApiKey);
    }

    public ManualTimeProvider Clock { get; }

    /// <summary>An anonymous client (applicants, mentors).</summary>
    public HttpClient Client { get; }

    /// <summary>A client sending the staff API key.</summary>
    public HttpClient Staff { get; }

    /// <summary>A plain client for talking to storage through SAS URLs, as a browser would.</summary>
    public static HttpClient Storage { get; } = new();

    public IServiceProvider Services => factory.Services;

    public T Get<T>() where T : notnull => factory.Services.GetRequiredService<T>();

    public static Task<TestApp> StartAsync(AzuriteFixture azurite, IDictionary<string, string?>? overrides = null, Action<IServiceCollection>? services = null)
    {
        var settings = TestSettings.Valid(azurite.ConnectionString);
        settings["Orchestration:TablePrefix"] = AzuriteFixture.UniqueTableName("f")[..14];
        settings["Orchestration:WorkItemQueue"] = AzuriteFixture.UniqueQueueName("work");
        settings["Orchestration:DispatchInline"] = "true";
        settings["Hosting:RunLocalRunners"] = "false";
        settings["RateLimiting:PermitsPerMinute"] = "100000";
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        var clock = new ManualTimeProvider(Start);
        var factory = new HostingAppFactory(settings, s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            services?.Invoke(s);
        });
        var app = new TestApp(factory, clock);
        return Task.FromResult(app);
    }

    /// <summary>Delivers every visible work item once, as the queue runner does, until the queue is empty.</summary>
    public async Task<int> PumpWorkItemsAsync()
    {
        var storage = Get<OrchestrationStorage>();
        var processor = Get<WorkItemProcessor>();
        var handled = 0;
        while (true)
        {
            Azure.Storage.Queues.Models.QueueMessage[] messages = await storage.WorkItems.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30));
            if (messages.Length == 0)
            {
                return handled;
            }
            foreach (var message in messages)
            {
                await processor.HandleAsync(message.Body.ToString());
                await storage.WorkItems.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                handled++;
            }
        }
    }

    public Task<int> SweepTimersAsync() => Get<TimerSweeper>().SweepAsync();

    public async Task<ApplicationState> StateAsync(string id) =>
        await Get<ApplicationQueries>().GetAsync(id) ?? throw new InvalidOperationException($"{id} not found");

    public async Task<(long Version, int Events)> VersionAndEventCountAsync(string id)
    {
        var state = await Get<ApplicationQueries>().GetAsync(id);
        var history = await Get<ApplicationQueries>().GetHistoryAsync(id);
        return (state?.Version ?? 0, history.Count);
    }

    public async Task<IReadOnlyList<MailboxMessage>> MailboxAsync(string? to = null)
    {
        var container = Get<BlobServiceClient>().GetBlobContainerClient(BlobMailbox.ContainerName);
        return await new MailboxReader(container).ListAsync(to);
    }

    public static JsonObject CreateBody(string email, string programId = "hina-directors", string track = "original-ip", string school = "USC") => new()
    {
        ["programId"] = programId,
        ["track"] = track,
        ["applicant"] = new JsonObject
        {
            ["name"] = "林小雨",
            ["email"] = email,
            ["preferredLanguage"] = "zh",
            ["timeZone"] = "Asia/Shanghai",
            ["school"] = school,
            ["graduationYear"] = 2024,
            ["roles"] = new JsonArray("director"),
            ["awards"] = new JsonArray("Student Academy Award"),
        },
        ["project"] = new JsonObject
        {
            ["title"] = "雨季 The Rainy Season",
            ["logline"] = "一个女孩在雨季回到故乡。",
            ["synopsis"] = "A short film about returning home.",
            ["language"] = "zh",
            ["format"] = "short",
        },
    };

    /// <summary>Creates a draft through the API; returns its id and access token.</summary>
    public async Task<(string Id, string Token)> CreateAsync(string email, string programId = "hina-directors", string track = "original-ip")
    {
        var response = await Client.PostAsJsonAsync("/api/applications", CreateBody(email, programId, track));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if ((int)response.StatusCode != 201)
        {
            throw new InvalidOperationException($"create answered {(int)response.StatusCode}: {body}");
        }
        return (body.GetProperty("id").GetString()!, body.GetProperty("accessToken").GetString()!);
    }

    public static HttpRequestMessage As(string token, HttpMethod method, string url, object? json = null)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (json is not null)
        {
            request.Content = JsonContent.Create(json, options: ApiJson.Options);
        }
        return request;
    }

    /// <summary>Announces, uploads (through the SAS, straight to storage) and completes one material.</summary>
    public async Task<HttpResponseMessage> UploadMaterialAsync(string id, string token, string kind, string fileName, string contentType, byte[] bytes)
    {
        var announce = await Client.SendAsync(As(token, HttpMethod.Post, $"/api/applications/{id}/materials",
            new { kind, fileName, contentType, length = bytes.Length }));
        var ticket = await announce.Content.ReadFromJsonAsync<JsonElement>();
        if ((int)announce.StatusCode != 201)
        {
            throw new InvalidOperationException($"materials answered {(int)announce.StatusCode}: {ticket}");
        }
        using var put = new HttpRequestMessage(HttpMethod.Put, ticket.GetProperty("uploadUrl").GetString()) { Content = new ByteArrayContent(bytes) };
        put.Headers.Add("x-ms-blob-type", "BlockBlob");
        (await Storage.SendAsync(put)).EnsureSuccessStatusCode();
        return await Client.SendAsync(As(token, HttpMethod.Post, $"/api/applications/{id}/materials/{ticket.GetProperty("materialId").GetString()}/complete"));
    }

    public static readonly byte[] Mp4 = [0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m', .. new byte[2036]];
    public static readonly byte[] Pdf = [.. "%PDF-1.7\n"u8.ToArray(), .. new byte[2039]];
    public static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, .. new byte[2040]];

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Staff.Dispose();
        await factory.DisposeAsync();
    }
}
