using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TalentFunctions.Functions.Hosting;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Functions.Tests.Hosting;

/// <summary>The standalone queue runner against Azurite, with one-second visibility timeouts.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class QueueFunctionRunnerTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    // Base64 bodies, as the app's queue client and the Functions queue trigger use.
    private static readonly QueueClientOptions Base64 = new() { MessageEncoding = QueueMessageEncoding.Base64 };

    private readonly HandlerRecorder _recorder = new();

    [Fact]
    public async Task A_message_is_delivered_to_the_handler_and_deleted_after_success()
    {
        var (runner, queue, _) = await CreateAsync<RecordingQueueHandler>();
        const string body = """{"kind":"screen","applicationId":"app-1","note":"林小雨"}""";
        SendReceipt sent = await queue.SendMessageAsync(body);

        var received = await runner.PollOnceAsync(CancellationToken.None);

        Assert.Equal(1, received);
        var message = Assert.Single(_recorder.Messages);
        Assert.Equal(sent.MessageId, message.Id);
        Assert.Equal(body, message.Body);
        Assert.Equal(1, message.DequeueCount);
        Assert.NotNull(message.InsertionTime);
        await AssertDeletedAsync(queue, sent);
    }

    [Fact]
    public async Task A_failed_message_reappears_after_its_visibility_timeout_and_is_then_handled()
    {
        _recorder.FailuresBeforeSuccess = 1;
        var (runner, queue, _) = await CreateAsync<FlakyQueueHandler>();
        SendReceipt sent = await queue.SendMessageAsync("""{"kind":"flaky"}""");
        using var stop = new CancellationTokenSource();

        var run = runner.RunAsync(stop.Token);
        await Eventually.AssertAsync(() => !_recorder.Messages.IsEmpty, Timeout, "the retried message is handled");
        await stop.CancelAsync();
        await run;

        Assert.Equal(2, _recorder.Attempts);
        Assert.Equal(2, Assert.Single(_recorder.Messages).DequeueCount);
        await AssertDeletedAsync(queue, sent);
    }

    [Fact]
    public async Task A_message_that_fails_five_times_moves_to_the_poison_queue()
    {
        var (runner, queue, poison) = await CreateAsync<FailingQueueHandler>();
        const string body = """{"kind":"doomed","applicationId":"app-9"}""";
        SendReceipt sent = await queue.SendMessageAsync(body);
        using var stop = new CancellationTokenSource();

        var run = runner.RunAsync(stop.Token);
        var poisoned = await Eventually.ReferenceAsync(
            async () => ((PeekedMessage[])await poison.PeekMessagesAsync()).FirstOrDefault(), Timeout, "the message reaches the poison queue");
        await stop.CancelAsync();
        await run;

        Assert.Equal(body, poisoned.Body.ToString());
        Assert.Equal(FunctionCatalog.MaxDequeueCount, _recorder.Attempts);
        await AssertDeletedAsync(queue, sent);
    }

    [Fact]
    public async Task The_app_runs_its_queue_and_timer_functions_standalone()
    {
        var queueName = AzuriteFixture.UniqueQueueName("app");
        var settings = TestSettings.Valid(azurite.ConnectionString);
        settings["Hosting:QueueMaxPollingInterval"] = "00:00:00.2";
        using var factory = new HostingAppFactory(settings, services =>
        {
            services.AddSingleton(_recorder);
            services.AddQueueFunction<RecordingQueueHandler>("AppQueue", queueName);
            services.AddTimerFunction<RecordingTimerHandler>("AppTimer", "* * * * * *");
        });
        using var client = factory.CreateClient();

        // The storage initializer created the function's queue (and its poison queue) at start.
        var queue = new QueueServiceClient(azurite.ConnectionString, Base64).GetQueueClient(queueName);
        await queue.SendMessageAsync("""{"kind":"through-the-app"}""");

        await Eventually.AssertAsync(() => !_recorder.Messages.IsEmpty, Timeout, "the local queue runner delivers the message");
        await Eventually.AssertAsync(() => _recorder.TimerRuns > 0, Timeout, "the local timer runner fires every second");
        Assert.Equal("""{"kind":"through-the-app"}""", Assert.Single(_recorder.Messages).Body);
    }

    private async Task<(QueueFunctionRunner Runner, QueueClient Queue, QueueClient Poison)> CreateAsync<THandler>()
        where THandler : class, IQueueFunctionHandler
    {
        var queueName = AzuriteFixture.UniqueQueueName("runner");
        var function = new FunctionDefinition("RunnerTest", new QueueFunctionTrigger(queueName, FunctionCatalog.StorageConnection));
        var queues = new QueueServiceClient(azurite.ConnectionString, Base64);
        var queue = queues.GetQueueClient(queueName);
        var poison = queues.GetQueueClient(((QueueFunctionTrigger)function.Trigger).PoisonQueueName);
        await queue.CreateIfNotExistsAsync();
        await poison.CreateIfNotExistsAsync();

        var services = new ServiceCollection();
        services.AddSingleton(_recorder);
        services.AddQueueFunction<THandler>(function);
        var provider = services.BuildServiceProvider();
        var options = new HostingOptions
        {
            QueueVisibilityTimeout = TimeSpan.FromSeconds(1),
            QueueMaxPollingInterval = TimeSpan.FromMilliseconds(200),
        };
        var runner = new QueueFunctionRunner(
            function, queues, provider.GetRequiredService<IServiceScopeFactory>(), options, TimeProvider.System, NullLogger<QueueFunctionRunner>.Instance);
        return (runner, queue, poison);
    }

    // Deleting with the (stale) send receipt tells the two apart: a message still there answers 400
    // PopReceiptMismatch, a deleted one 404 MessageNotFound.
    private static async Task AssertDeletedAsync(QueueClient queue, SendReceipt sent)
    {
        var error = await Assert.ThrowsAsync<RequestFailedException>(() => queue.DeleteMessageAsync(sent.MessageId, sent.PopReceipt));
        Assert.Equal(404, error.Status);
    }
}
