using Microsoft.Extensions.Options;

namespace TalentFunctions.Functions.Hosting;

/// <summary>The standalone trigger runners. Bound from <c>Hosting</c>.</summary>
public sealed class HostingOptions
{
    public const string Section = "Hosting";

    /// <summary>
    /// Whether the local queue and timer runners run. Unset: on when standalone, off as a custom handler
    /// (the Functions host triggers the functions there). Tests turn it off and drive handlers directly.
    /// </summary>
    public bool? RunLocalRunners { get; set; }

    /// <summary>How many messages one poll receives (1–32).</summary>
    public int QueueBatchSize { get; set; } = 16;

    /// <summary>How long a received message stays invisible; a failed message reappears after it.</summary>
    public TimeSpan QueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest wait between polls of an idle queue (the backoff grows up to it).</summary>
    public TimeSpan QueueMaxPollingInterval { get; set; } = TimeSpan.FromSeconds(4);
}

internal sealed class HostingOptionsValidator : IValidateOptions<HostingOptions>
{
    public ValidateOptionsResult Validate(string? name, HostingOptions options)
    {
        var failures = new List<string>();
        if (options.QueueBatchSize is < 1 or > 32)
        {
            failures.Add("Hosting:QueueBatchSize (app setting Hosting__QueueBatchSize) must be between 1 and 32.");
        }

        if (options.QueueVisibilityTimeout < TimeSpan.FromSeconds(1) || options.QueueVisibilityTimeout > TimeSpan.FromDays(7))
        {
            failures.Add("Hosting:QueueVisibilityTimeout (app setting Hosting__QueueVisibilityTimeout) must be between 00:00:01 and 7.00:00:00.");
        }

        if (options.QueueMaxPollingInterval < TimeSpan.FromMilliseconds(100) || options.QueueMaxPollingInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add("Hosting:QueueMaxPollingInterval (app setting Hosting__QueueMaxPollingInterval) must be between 00:00:00.1 and 00:01:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
