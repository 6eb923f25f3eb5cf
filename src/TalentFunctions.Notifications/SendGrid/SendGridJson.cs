using System.Text.Json.Serialization;

namespace TalentFunctions.Notifications.SendGrid;

// The v3 Mail Send body (see docs: azure-storage-protocol.md §7). Only what we send.
internal sealed record SendGridMailRequest(
    [property: JsonPropertyName("personalizations")] IReadOnlyList<SendGridPersonalization> Personalizations,
    [property: JsonPropertyName("from")] SendGridAddress From,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("content")] IReadOnlyList<SendGridContent> Content,
    [property: JsonPropertyName("categories")] IReadOnlyList<string> Categories);

internal sealed record SendGridPersonalization(
    [property: JsonPropertyName("to")] IReadOnlyList<SendGridAddress> To,
    [property: JsonPropertyName("custom_args")] IReadOnlyDictionary<string, string> CustomArgs);

internal sealed record SendGridAddress(
    [property: JsonPropertyName("email")] string Email,
    [property: JsonPropertyName("name")] string? Name);

internal sealed record SendGridContent(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("value")] string Value);

internal sealed record SendGridErrorResponse(
    [property: JsonPropertyName("errors")] IReadOnlyList<SendGridError>? Errors);

internal sealed record SendGridError(
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("field")] string? Field);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SendGridMailRequest))]
[JsonSerializable(typeof(SendGridErrorResponse))]
internal sealed partial class SendGridJsonContext : JsonSerializerContext;
