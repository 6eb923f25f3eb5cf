using System.Text.Json;
using System.Text.Json.Serialization;
using TalentFunctions.Domain.Applications;

namespace TalentFunctions.Domain;

/// <summary>
/// The one JSON shape of domain types (state snapshots, events, effects, commands): camelCase properties, enums as
/// their names, a "type" discriminator on events, effects and commands.
/// </summary>
public static class DomainJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            AllowOutOfOrderMetadataProperties = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>The discriminator stored with an event (its class name).</summary>
    public static string TypeName(ApplicationEvent e) => e.GetType().Name;

    public static string Serialize(ApplicationEvent e) => JsonSerializer.Serialize(e, Options);

    public static ApplicationEvent DeserializeEvent(string json) =>
        JsonSerializer.Deserialize<ApplicationEvent>(json, Options) ?? throw new JsonException("An event cannot be null.");

    public static string Serialize(ApplicationState state) => JsonSerializer.Serialize(state, Options);

    public static ApplicationState DeserializeState(string json) =>
        JsonSerializer.Deserialize<ApplicationState>(json, Options) ?? throw new JsonException("A state cannot be null.");

    public static string Serialize(Effect effect) => JsonSerializer.Serialize(effect, Options);

    public static Effect DeserializeEffect(string json) =>
        JsonSerializer.Deserialize<Effect>(json, Options) ?? throw new JsonException("An effect cannot be null.");

    public static string Serialize(ApplicationCommand command) => JsonSerializer.Serialize(command, Options);

    public static ApplicationCommand DeserializeCommand(string json) =>
        JsonSerializer.Deserialize<ApplicationCommand>(json, Options) ?? throw new JsonException("A command cannot be null.");
}
