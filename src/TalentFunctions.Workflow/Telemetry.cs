using System.Diagnostics;

namespace TalentFunctions.Workflow;

/// <summary>
/// The app's one <see cref="ActivitySource"/> ("TalentFunctions"). Spans carry ids and kinds — application id, command
/// and activity names, outcomes — never names, emails or free text.
/// <para>
/// The Durable SDK starts a new trace for a raised event (measured), so <see cref="Commands.ApplicationCommands"/> puts
/// the request's trace context (W3C <c>traceparent</c>) in the event, the orchestration passes it on to the activities
/// the change causes, and <see cref="StartContinuation"/> continues that trace there: one trace from the request to
/// the email provider's HTTP call.
/// </para>
/// </summary>
public static class Telemetry
{
    public const string SourceName = "TalentFunctions";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>The current span's W3C trace context, to carry across the engine.</summary>
    public static string? CurrentTraceParent => Activity.Current?.Id is { } id && Activity.Current.IdFormat == ActivityIdFormat.W3C ? id : null;

    /// <summary>Starts a span that continues <paramref name="traceParent"/> (or the current trace when it is missing or invalid).</summary>
    public static Activity? StartContinuation(string name, string? traceParent, string applicationId)
    {
        var activity = traceParent is not null && ActivityContext.TryParse(traceParent, null, out var parent)
            ? Source.StartActivity(name, ActivityKind.Internal, parent)
            : Source.StartActivity(name, ActivityKind.Internal);
        activity?.SetTag("talentfunctions.application_id", applicationId);
        return activity;
    }
}
