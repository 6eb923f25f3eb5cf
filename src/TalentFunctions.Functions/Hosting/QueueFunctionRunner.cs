using TalentFunctions.Storage;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace TalentFunctions.Functions.Hosting;

/// <summary>
/// Polls one queue for one queue function, standalone, behaving like the Functions host: receives up to
/// <see cref="HostingOptions.QueueBatchSize"/> messages (invisible for <see cref="HostingOptions.QueueVisibilityTimeout"/>),
/// runs the handler for each, deletes a message once its handler succeeded, leaves a failed one to reappear after
/// its visibility timeout, and after <see cref="FunctionCatalog.MaxDequeueCount"/> failed attempts moves it to
/// <c>{queue}-poison</c>. An idle queue is polled with exponential backoff up to <see cref="HostingOptions.QueueMaxPollingInterval"/>.
/// </summary>
public sealed class QueueFunctionRunner
{
    /// <summary>The first wait after an empty poll; it doubles up to the maximum polling interval.</summary>
    public static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);

    private readonly FunctionDefinition _function;
    private readonly QueueClient _queue;
    private readonly QueueClient _poisonQueue;
    private readonly IServiceScopeFactory _scopes;
    private readonly HostingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public QueueFunctionRunner(
        FunctionDefinition function,
        QueueServiceClient queues,
        IServiceScopeFactory scopes,
        HostingOptions options,
        TimeProvider time,
        ILogger<QueueFunctionRunner> logger)
    {
        var trigger = function.Trigger as QueueFunctionTrigger
                      ?? throw new ArgumentException($"Function '{function.Name}' is not a queue function.", nameof(function));
        _function = function;
        _queue = queues.GetQueueClient(trigger.QueueName);
        _poisonQueue = queues.GetQueueClient(trigger.PoisonQueueName);
        _scopes = scopes;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public string FunctionName => _function.Name;

    /// <summary>Polls until cancelled. Storage errors are logged and retried with the idle backoff.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var idle = TimeSpan.Zero;
        while (!cancellationToken.IsCancellationRequested)
        {
            int received;
            try
            {
                received = await PollOnceAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (RequestFailedException e)
            {
                HostingLog.QueuePollFailed(_logger, e, _function.Name, e.Status, e.ErrorCode);
                received = 0;
            }

            if (received > 0)
            {
                idle = TimeSpan.Zero;
                continue;
            }

            idle = idle == TimeSpan.Zero ? MinPollingInterval : TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, _options.QueueMaxPollingInterval.Ticks));
            try
            {
                await Task.Delay(idle, _time, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Receives one batch and processes it; returns how many messages were received.</summary>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken)
    {
        QueueMessage[] messages = await _queue.ReceiveMessagesAsync(_options.QueueBatchSize, _options.QueueVisibilityTimeout, cancellationToken);
        if (messages.Length == 0)
        {
            return 0;
        }

        await Parallel.ForEachAsync(
            messages,
            new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = _options.QueueBatchSize },
            async (message, token) => await ProcessAsync(message, token));
        return messages.Length;
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        if (message.DequeueCount > FunctionCatalog.MaxDequeueCount)
        {
            // Already failed (or crashed the process) too often: poison it without another attempt.
            await MoveToPoisonAsync(message, cancellationToken);
            return;
        }

        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetRequiredKeyedService<IQueueFunctionHandler>(_function.Name);
            await handler.HandleAsync(
                new QueueTriggerMessage(message.MessageId, message.Body.ToString(), message.DequeueCount, message.InsertedOn),
                cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the message reappears after its visibility timeout.
            throw;
        }
        catch (Exception e)
        {
            // The trigger boundary, as in the Functions host: the failure is logged and the message is retried
            // (it reappears after its visibility timeout) until it has failed MaxDequeueCount times.
            HostingLog.QueueMessageFailed(_logger, e, _function.Name, message.MessageId, message.DequeueCount);
            if (message.DequeueCount >= FunctionCatalog.MaxDequeueCount)
            {
                await MoveToPoisonAsync(message, cancellationToken);
            }

            return;
        }

        await DeleteAsync(message, cancellationToken);
    }

    private async Task MoveToPoisonAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        // Send first, then delete: a crash in between leaves a duplicate in the poison queue, never a lost message.
        await _poisonQueue.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
        await DeleteAsync(message, cancellationToken);
        HostingLog.QueueMessagePoisoned(_logger, _function.Name, message.MessageId, message.DequeueCount, _poisonQueue.Name);
    }

    private async Task DeleteAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // The visibility timeout ran out and the message was received again (or deleted) elsewhere.
            HostingLog.QueueMessageLeaseLost(_logger, _function.Name, message.MessageId);
        }
    }
}
