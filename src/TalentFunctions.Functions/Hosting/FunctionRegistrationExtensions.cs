using NCrontab;

namespace TalentFunctions.Functions.Hosting;

/// <summary>A queue or timer function registered in DI (HTTP functions come from the mapped endpoints).</summary>
public sealed record FunctionRegistration(FunctionDefinition Function);

/// <summary>
/// Registers queue and timer functions with their handlers, keyed by function name. The same handler serves the
/// standalone runners and the custom-handler invocations; it is resolved in a fresh DI scope for each message or run.
/// </summary>
public static class FunctionRegistrationExtensions
{
    public static IServiceCollection AddQueueFunction<THandler>(this IServiceCollection services, string name, string queueName)
        where THandler : class, IQueueFunctionHandler =>
        services.AddQueueFunction<THandler>(new FunctionDefinition(name, new QueueFunctionTrigger(queueName, FunctionCatalog.StorageConnection)));

    /// <summary>Registers a queue function, e.g. <c>services.AddQueueFunction&lt;WorkItemHandler&gt;(FunctionCatalog.ProcessWorkItem)</c>.</summary>
    public static IServiceCollection AddQueueFunction<THandler>(this IServiceCollection services, FunctionDefinition function)
        where THandler : class, IQueueFunctionHandler
    {
        if (function.Trigger is not QueueFunctionTrigger)
        {
            throw new ArgumentException($"Function '{function.Name}' is not a queue function.", nameof(function));
        }

        Register(services, function);
        services.AddKeyedScoped<IQueueFunctionHandler, THandler>(function.Name);
        return services;
    }

    public static IServiceCollection AddTimerFunction<THandler>(this IServiceCollection services, string name, string schedule)
        where THandler : class, ITimerFunctionHandler =>
        services.AddTimerFunction<THandler>(new FunctionDefinition(name, new TimerFunctionTrigger(schedule)));

    /// <summary>Registers a timer function, e.g. <c>services.AddTimerFunction&lt;SweepTimersHandler&gt;(FunctionCatalog.SweepTimers)</c>.</summary>
    public static IServiceCollection AddTimerFunction<THandler>(this IServiceCollection services, FunctionDefinition function)
        where THandler : class, ITimerFunctionHandler
    {
        if (function.Trigger is not TimerFunctionTrigger)
        {
            throw new ArgumentException($"Function '{function.Name}' is not a timer function.", nameof(function));
        }

        Register(services, function);
        services.AddKeyedScoped<ITimerFunctionHandler, THandler>(function.Name);
        return services;
    }

    private static void Register(IServiceCollection services, FunctionDefinition function)
    {
        FunctionRules.EnsureValid(function);
        var clash = services
            .Select(d => d.IsKeyedService ? null : d.ImplementationInstance as FunctionRegistration)
            .FirstOrDefault(r => r is not null && string.Equals(r.Function.Name, function.Name, StringComparison.OrdinalIgnoreCase));
        if (clash is not null)
        {
            throw new InvalidOperationException($"A function named '{function.Name}' is already registered.");
        }

        services.AddSingleton(new FunctionRegistration(function));
    }
}

/// <summary>The naming rules of the Functions host, checked when functions are registered and published.</summary>
public static class FunctionRules
{
    private static readonly CrontabSchedule.ParseOptions SixFields = new() { IncludingSeconds = true };

    /// <summary>Throws <see cref="ArgumentException"/> naming what is wrong with the function.</summary>
    public static void EnsureValid(FunctionDefinition function)
    {
        if (!IsValidName(function.Name))
        {
            throw new ArgumentException(
                $"Function name '{function.Name}' is invalid: it must start with a letter and hold at most 128 letters, digits, '_' or '-'.",
                nameof(function));
        }

        switch (function.Trigger)
        {
            case QueueFunctionTrigger queue when !IsValidQueueName(queue.QueueName) || !IsValidQueueName(queue.PoisonQueueName):
                throw new ArgumentException(
                    $"Queue name '{queue.QueueName}' of function '{function.Name}' is invalid: 3-63 lower-case letters, digits and single hyphens "
                    + "(its poison queue name, with '-poison', must be valid too).",
                    nameof(function));
            case TimerFunctionTrigger timer when ParseSchedule(timer.Schedule) is null:
                throw new ArgumentException(
                    $"Schedule '{timer.Schedule}' of function '{function.Name}' is not a six-field NCRONTAB expression "
                    + "({second} {minute} {hour} {day} {month} {day-of-week}).",
                    nameof(function));
            case HttpFunctionTrigger http when http.Route.Length == 0 || http.Route.StartsWith('/'):
                throw new ArgumentException(
                    $"Route '{http.Route}' of function '{function.Name}' must be non-empty and must not start with '/'.", nameof(function));
            case HttpFunctionTrigger http when http.Route.Split('/')[0].Equals("admin", StringComparison.OrdinalIgnoreCase)
                                               || http.Route.Split('/')[0].Equals("runtime", StringComparison.OrdinalIgnoreCase):
                throw new ArgumentException(
                    $"Route '{http.Route}' of function '{function.Name}' starts with a segment the Functions host reserves.", nameof(function));
        }
    }

    /// <summary>The parsed six-field schedule, or null when it is not one.</summary>
    public static CrontabSchedule? ParseSchedule(string schedule) =>
        schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CrontabSchedule.TryParse(schedule, SixFields) : null;

    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 128
        && char.IsAsciiLetter(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    public static bool IsValidQueueName(string name) =>
        name.Length is >= 3 and <= 63
        && name[0] != '-'
        && !name.EndsWith('-')
        && !name.Contains("--", StringComparison.Ordinal)
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}
