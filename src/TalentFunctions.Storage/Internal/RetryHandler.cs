using System.Globalization;
using System.Net;

namespace TalentFunctions.Storage.Internal;

/// <summary>
/// Outermost handler: counts the logical operation, stamps <c>x-ms-date</c> per attempt (the signing
/// handler below it then signs every attempt afresh), applies the per-attempt network timeout and
/// retries transient failures with jittered exponential backoff, honouring <c>Retry-After</c>.
/// Request bodies are always re-sendable (byte arrays or seekable streams), so re-sending the same
/// request message is safe.
/// </summary>
internal sealed class RetryHandler : DelegatingHandler
{
    internal static readonly HttpRequestOptionsKey<bool> StreamingResponse = new("TalentFunctions.Storage.StreamingResponse");

    private readonly StorageClientOptions _options;

    public RetryHandler(StorageClientOptions options, HttpMessageHandler inner)
        : base(inner)
    {
        _options = options;
    }

    internal static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError
            or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _options.Counter?.Increment();
        var streaming = request.Options.TryGetValue(StreamingResponse, out var stream) && stream;
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            request.Headers.Remove("x-ms-date");
            request.Headers.TryAddWithoutValidation("x-ms-date", _options.TimeProvider.GetUtcNow().ToString("r", CultureInfo.InvariantCulture));

            HttpResponseMessage? response = null;
            Exception? failure = null;
            using (var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                if (_options.NetworkTimeout != Timeout.InfiniteTimeSpan)
                {
                    attemptCts.CancelAfter(_options.NetworkTimeout);
                }

                try
                {
                    response = await base.SendAsync(request, attemptCts.Token).ConfigureAwait(false);
                    if (!streaming || !response.IsSuccessStatusCode)
                    {
                        await response.Content.LoadIntoBufferAsync(attemptCts.Token).ConfigureAwait(false);
                    }
                }
                catch (HttpRequestException e)
                {
                    failure = e;
                }
                catch (IOException e)
                {
                    failure = e;
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = new TimeoutException($"No response within the network timeout of {_options.NetworkTimeout.TotalSeconds:0.###} s.", e);
                }
            }

            if (failure is not null)
            {
                response?.Dispose();
                response = null;
            }

            var retryable = response is null || IsRetryable(response.StatusCode);
            if (!retryable || attempt >= _options.MaxRetries)
            {
                if (response is not null)
                {
                    return response;
                }

                throw new StorageRequestFailedException(
                    0,
                    null,
                    null,
                    $"Storage request {request.Method} failed without a response after {attempt + 1} attempt(s): {failure!.Message}",
                    failure);
            }

            var delay = RetryAfter(response) ?? Backoff(attempt);
            response?.Dispose();
            _options.Counter?.IncrementRetries();
            await Task.Delay(delay, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private TimeSpan Backoff(int attempt)
    {
        var exponential = _options.RetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        var capped = Math.Min(exponential, _options.MaxRetryDelay.TotalMilliseconds);

        // "Equal jitter": half fixed, half random, so callers that failed together spread out.
        return TimeSpan.FromMilliseconds((capped / 2) + (Random.Shared.NextDouble() * capped / 2));
    }

    private TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        var header = response?.Headers.RetryAfter;
        if (header is null)
        {
            return null;
        }

        if (header.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header.Date is { } date)
        {
            var wait = date - _options.TimeProvider.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
