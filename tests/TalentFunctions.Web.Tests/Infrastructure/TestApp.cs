using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Web.Api;
using TalentFunctions.Web.Security;
using TalentFunctions.Web.Tests.Hosting;
using TalentFunctions.Notifications.Mailbox;
using TalentFunctions.Workflow;
using TalentFunctions.Workflow.Queries;
using TalentFunctions.Workflow.Store;
using Microsoft.DurableTask.Client;
using TalentFunctions.Workflow.Lifecycle;
using Azure.Storage.Blobs;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Web.Tests.Infrastructure;

/// <summary>
/// The real app (Program) against the shared Azurite, with its own tables and Durable task hub (unique names) and
/// a manual business clock. The orchestrations run on the real engine in the app: tests wait for them with
/// <see cref="SettleAsync"/>. Their timers run on real time, for the time left by the business clock when they were
/// read, so tests that need a timer to fire give the program durations in seconds (<see cref="Programs"/>).
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

    /// <summary>A client sending the staff API key that does not follow redirects (console form posts answer 303).</summary>
    public HttpClient StaffWithoutRedirects()
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(StaffApiKeyAuthenticationHandler.Header, TestSettings.StaffApiKey);
        return client;
    }

    /// <summary>A plain client for talking to storage through SAS URLs, as a browser would.</summary>
    public static HttpClient Storage { get; } = new();

    public IServiceProvider Services => factory.Services;

    /// <summary>A browser-like client: keeps cookies, does not follow redirects (so tests see them).</summary>
    public HttpClient CreateBrowser() => factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
    });

    public T Get<T>() where T : notnull => factory.Services.GetRequiredService<T>();

    public static Task<TestApp> StartAsync(AzuriteFixture azurite, IDictionary<string, string?>? overrides = null, Action<IServiceCollection>? services = null)
    {
        var settings = TestSettings.Valid(azurite.ConnectionString);
        settings["Orchestration:TablePrefix"] = AzuriteFixture.UniqueTableName("f")[..14];
        settings["DurableTask:TaskHubName"] = "t" + Guid.NewGuid().ToString("N")[..20];
        settings["DurableTask:MaxQueuePollingInterval"] = "00:00:00.250";
        settings["Orchestration:StepMaxAttempts"] = "3";
        settings["Orchestration:StepFirstRetryInterval"] = "00:00:00.200";
        settings["RateLimiting:PermitsPerMinute"] = "100000";
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        var clock = new ManualTimeProvider(Start);
        var factory = new HostingAppFactory(settings, s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            if (Environment.GetEnvironmentVariable("TALENTFUNCTIONS_TEST_APP_LOG") is { Length: > 0 } log)
            {
                s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(new FileLoggerProvider(log));
            }
            services?.Invoke(s);
        });
        var app = new TestApp(factory, clock);
        return Task.FromResult(app);
    }

    /// <summary>
    /// Waits until every application's orchestration has caught up with its record (it waits for a change or a
    /// timer, or is blocked on a failed step, or has completed): whatever the last requests started — screening,
    /// mentor assignment, emails — is done.
    /// </summary>
    public async Task SettleAsync(TimeSpan? timeout = null)
    {
        var durable = Get<DurableTaskClient>();
        var queries = Get<ApplicationQueries>();
        var behind = new List<string>();
        try
        {
            await Eventually.AssertAsync(async () =>
            {
                behind.Clear();
                var query = new OrchestrationQuery
                {
                    Statuses = [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending],
                    FetchInputsAndOutputs = true,
                    // Applications' orchestrations only: a cycle's retention sweep waits for months.
                    InstanceIdPrefix = "app-",
                };
                await foreach (var instance in durable.GetAllInstancesAsync(query))
                {
                    // No status yet: the instance has not reached its first wait.
                    var status = instance.SerializedCustomStatus is { Length: > 0 } json
                        ? JsonSerializer.Deserialize<LifecycleStatus>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))
                        : null;
                    var state = await queries.GetAsync(instance.InstanceId);
                    if (instance.RuntimeStatus == OrchestrationRuntimeStatus.Pending || status is null || (state is not null && status.Version < state.Version))
                    {
                        behind.Add($"{instance.InstanceId} {instance.RuntimeStatus} {instance.SerializedCustomStatus} record v{state?.Version} {state?.Stage}");
                    }
                }
                return behind.Count == 0;
            }, timeout ?? TimeSpan.FromSeconds(30), "the orchestrations to catch up with their applications");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var dump = new System.Text.StringBuilder();
            var hub = Get<Microsoft.Extensions.Options.IOptions<TalentFunctions.LocalEngine.LocalEngineOptions>>().Value.TaskHubName;
            var history = Get<Azure.Data.Tables.TableServiceClient>().GetTableClient(hub + "History");
            foreach (var line in behind)
            {
                var iid = line.Split(' ')[0];
                await foreach (var row in history.QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == iid))
                {
                    dump.Append($"\n {row.RowKey} {row.GetString("EventType")} {row.GetString("Name")} {row.GetString("Reason")} {row.GetString("Details")}");
                }
            }
            throw new TimeoutException($"{ex.Message}; behind: {string.Join("; ", behind)}{dump}", ex);
        }
    }

    /// <summary>
    /// Tells an application's orchestration to read its record again (as a change would) and waits for it to catch
    /// up: after the test moved the business clock, timers the record says are overdue fire now.
    /// </summary>
    public async Task WakeAsync(string id)
    {
        var state = await StateAsync(id);
        await Get<IApplicationSignals>().ChangedAsync(id, state.Version);
        await Eventually.AssertAsync(async () =>
        {
            var instance = await Get<DurableTaskClient>().GetInstanceAsync(id, getInputsAndOutputs: true);
            return instance?.SerializedCustomStatus is { Length: > 0 } json
                && JsonSerializer.Deserialize<LifecycleStatus>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))?.Version > state.Version;
        }, TimeSpan.FromSeconds(30), $"the orchestration of {id} to act on the moved clock");
        await SettleAsync();
    }

    /// <summary>The app's program catalog with the given program's durations replaced (register with <c>services</c>).</summary>
    public static ProgramCatalog Programs(string programId, Func<ProgramDefinition, ProgramDefinition> change)
    {
        var catalog = ProgramCatalog.LoadDefault();
        return ProgramCatalog.From(catalog.All.Select(p => p.Id == programId ? change(p) : p));
    }

    public async Task<ApplicationState> StateAsync(string id) =>
        await Get<ApplicationQueries>().GetAsync(id) ?? throw new InvalidOperationException($"{id} not found");

    public async Task<(long Version, int Events)> VersionAndEventCountAsync(string id)
    {
        var state = await Get<ApplicationQueries>().GetAsync(id);
        var history = await Get<ApplicationQueries>().GetHistoryAsync(id);
        return (state?.Version ?? 0, history.Count);
    }

    /// <summary>The dev mailbox (to <paramref name="to"/>, or all), once the orchestrations have caught up.</summary>
    public async Task<IReadOnlyList<MailboxMessage>> MailboxAsync(string? to = null)
    {
        await SettleAsync();
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
        ["consent"] = new JsonObject { ["privacyNotice"] = PrivacyNotice.Version },
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

/// <summary>With TALENTFUNCTIONS_TEST_APP_LOG=path, the test apps append their logs (Information and up) there.</summary>
internal sealed class FileLoggerProvider(string path) : Microsoft.Extensions.Logging.ILoggerProvider
{
    private static readonly object Gate = new();

    public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => new FileLogger(path, categoryName);

    public void Dispose()
    {
    }

    private sealed class FileLogger(string path, string category) : Microsoft.Extensions.Logging.ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => logLevel >= Microsoft.Extensions.Logging.LogLevel.Information;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Gate)
            {
                File.AppendAllText(path, $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)} {exception}\n");
            }
        }
    }
}
