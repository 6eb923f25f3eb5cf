using System.Text.Json;

namespace TalentFunctions.Workflow.Work;

/// <summary>
/// A message on the <c>work-items</c> queue. <see cref="WorkId"/> is the id of the effect that
/// enqueued it and becomes the id of the command the work ends in, so a message delivered twice
/// changes the application once.
/// </summary>
public sealed record WorkItemMessage(string ApplicationId, string Kind, string WorkId)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Parses a message body; null when it is not a work item (it then goes to poison).</summary>
    public static WorkItemMessage? TryParse(string body)
    {
        try
        {
            var message = JsonSerializer.Deserialize<WorkItemMessage>(body, Json);
            return message is { ApplicationId.Length: > 0, Kind.Length: > 0, WorkId.Length: > 0 } ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
