using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TalentFunctions.Functions.Hosting;

/// <summary>
/// The custom-handler side of queue and timer triggers: the Functions host calls <c>POST /{FunctionName}</c> with
/// <c>{"Data":{...},"Metadata":{...}}</c> and reads <c>{"Outputs":{},"Logs":[...],"ReturnValue":null}</c>. A non-2xx
/// answer fails the invocation, so the host retries the message and finally moves it to the poison queue.
/// These routes are mapped only in custom-handler mode; standalone, the local runners call the same handlers.
/// </summary>
public static class CustomHandlerInvocations
{
    /// <summary>The binding name of the queue item in the generated <c>function.json</c> (and so in <c>Data</c>).</summary>
    public const string QueueBindingName = "message";

    /// <summary>The binding name of the timer info in the generated <c>function.json</c>.</summary>
    public const string TimerBindingName = "timer";

    public const string InvalidInvocationProblemType = "urn:talentfunctions:problem:invalid-invocation";
    public const string FunctionFailedProblemType = "urn:talentfunctions:problem:function-failed";

    private static readonly JsonSerializerOptions ResponseJson = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        PropertyNamingPolicy = null,
    };

    /// <summary>Maps <c>POST /{FunctionName}</c> for every registered queue and timer function.</summary>
    public static IEndpointRouteBuilder MapCustomHandlerInvocations(this IEndpointRouteBuilder endpoints, FunctionRegistry registry)
    {
        foreach (var function in registry.TriggeredFunctions)
        {
            var name = function.Name;
            RouteHandlerBuilder route = function.Trigger switch
            {
                QueueFunctionTrigger => endpoints.MapPost("/" + name, (HttpContext context, ILoggerFactory loggers) =>
                    InvokeQueueFunctionAsync(name, context, loggers.CreateLogger(typeof(CustomHandlerInvocations)))),
                _ => endpoints.MapPost("/" + name, (HttpContext context, ILoggerFactory loggers) =>
                    InvokeTimerFunctionAsync(name, context, loggers.CreateLogger(typeof(CustomHandlerInvocations)))),
            };
            route.WithMetadata(NotAFunctionMetadata.Instance).ExcludeFromDescription();
        }

        return endpoints;
    }

    /// <summary>Reads the queue item and its metadata from an invocation payload; throws <see cref="FormatException"/>.</summary>
    public static QueueTriggerMessage ParseQueuePayload(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object || Property(payload, "Data") is not { ValueKind: JsonValueKind.Object } data)
        {
            throw new FormatException("The invocation payload has no \"Data\" object.");
        }

        if (Property(data, QueueBindingName) is not { } item)
        {
            var properties = data.EnumerateObject().ToArray();
            item = properties.Length == 1
                ? properties[0].Value
                : throw new FormatException($"The invocation payload has no \"Data.{QueueBindingName}\" queue item.");
        }

        // The host passes the item either as a JSON string or, when the text is JSON, already parsed.
        var body = item.ValueKind switch
        {
            JsonValueKind.String => item.GetString()!,
            JsonValueKind.Null or JsonValueKind.Undefined => throw new FormatException("The queue item is null."),
            _ => item.GetRawText(),
        };

        var metadata = Property(payload, "Metadata") is { ValueKind: JsonValueKind.Object } m ? m : default;
        var id = ReadString(metadata, "Id") ?? string.Empty;
        var dequeueCount = ReadInt64(metadata, "DequeueCount") ?? 1;
        var insertionTime = ReadString(metadata, "InsertionTime") is { } text
                            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : (DateTimeOffset?)null;
        return new QueueTriggerMessage(id, body, dequeueCount, insertionTime);
    }

    private static async Task<IResult> InvokeQueueFunctionAsync(string name, HttpContext context, ILogger logger)
    {
        var invocationId = InvocationId(context);
        QueueTriggerMessage message;
        try
        {
            using var payload = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            message = ParseQueuePayload(payload.RootElement);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            HostingLog.InvocationPayloadRejected(logger, name, invocationId, e.Message);
            return Failure(StatusCodes.Status400BadRequest, "The invocation payload is not valid.", e.Message, [$"{name}: invalid payload: {e.Message}"]);
        }

        var handler = context.RequestServices.GetRequiredKeyedService<IQueueFunctionHandler>(name);
        return await RunAsync(
            name,
            invocationId,
            logger,
            $"{name}: message {message.Id} (dequeue count {message.DequeueCount})",
            () => handler.HandleAsync(message, context.RequestAborted));
    }

    private static async Task<IResult> InvokeTimerFunctionAsync(string name, HttpContext context, ILogger logger)
    {
        var invocationId = InvocationId(context);
        try
        {
            // The timer info (Schedule, ScheduleStatus, IsPastDue) is not used, but the payload must be JSON.
            if (context.Request.ContentLength != 0)
            {
                using var payload = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            }
        }
        catch (JsonException e)
        {
            HostingLog.InvocationPayloadRejected(logger, name, invocationId, e.Message);
            return Failure(StatusCodes.Status400BadRequest, "The invocation payload is not valid.", e.Message, [$"{name}: invalid payload: {e.Message}"]);
        }

        var handler = context.RequestServices.GetRequiredKeyedService<ITimerFunctionHandler>(name);
        return await RunAsync(name, invocationId, logger, $"{name}: timer run", () => handler.RunAsync(context.RequestAborted));
    }

    private static async Task<IResult> RunAsync(string name, string invocationId, ILogger logger, string what, Func<Task> run)
    {
        try
        {
            await run();
        }
        catch (Exception e)
        {
            // Not swallowed: the failure is logged and answered with a 500, which fails the invocation so the
            // Functions host retries (and poisons) the message, exactly as an exception in an in-process function would.
            HostingLog.InvocationFailed(logger, e, name, invocationId);
            return Failure(
                StatusCodes.Status500InternalServerError,
                "The function failed.",
                $"{e.GetType().Name} in {name}.",
                [$"{what} failed: {e.GetType().Name}"]);
        }

        HostingLog.InvocationSucceeded(logger, name, invocationId);
        return Results.Json(new InvocationResponse(new Dictionary<string, object?>(), [$"{what} succeeded"], null), ResponseJson);
    }

    private static IResult Failure(int status, string title, string detail, IReadOnlyList<string> logs) =>
        Results.Json(
            new InvocationFailure(
                new Dictionary<string, object?>(),
                logs,
                null,
                status == StatusCodes.Status400BadRequest ? InvalidInvocationProblemType : FunctionFailedProblemType,
                title,
                status,
                detail),
            ResponseJson,
            contentType: "application/problem+json",
            statusCode: status);

    private static string InvocationId(HttpContext context) =>
        context.Request.Headers["X-Azure-Functions-InvocationId"].ToString() is { Length: > 0 } id ? id : context.TraceIdentifier;

    // The host writes PascalCase names; other callers may not, so names are matched ignoring case.
    private static JsonElement? Property(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (element.TryGetProperty(name, out var exact))
        {
            return exact;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    private static string? ReadString(JsonElement metadata, string name) =>
        Property(metadata, name) is { } value
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    private static long? ReadInt64(JsonElement metadata, string name) =>
        Property(metadata, name) is { } value
            ? value.ValueKind switch
            {
                JsonValueKind.Number when value.TryGetInt64(out var number) => number,
                JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) => parsed,
                _ => null,
            }
            : null;

    private sealed record InvocationResponse(
        [property: JsonPropertyName("Outputs")] Dictionary<string, object?> Outputs,
        [property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
        [property: JsonPropertyName("ReturnValue")] object? ReturnValue);

    private sealed record InvocationFailure(
        [property: JsonPropertyName("Outputs")] Dictionary<string, object?> Outputs,
        [property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
        [property: JsonPropertyName("ReturnValue")] object? ReturnValue,
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("title")] string Title,
        [property: JsonPropertyName("status")] int Status,
        [property: JsonPropertyName("detail")] string Detail);
}
