using Azure.Data.Tables;

namespace TalentFunctions.Workflow.Store;

/// <summary>
/// Stores long text (JSON) in a table entity. An Edm.String holds at most 64 KiB of UTF-16,
/// so text longer than <see cref="ChunkLength"/> characters is split over Name, Name_1, Name_2, ...
/// (an entity may hold up to 1 MiB).
/// </summary>
public static class EntityText
{
    public const int ChunkLength = 30_000;

    public static void Write(TableEntity entity, string name, string text)
    {
        var chunks = (text.Length + ChunkLength - 1) / ChunkLength;
        if (chunks <= 1)
        {
            entity[name] = text;
            return;
        }
        entity[name + "_n"] = chunks;
        for (var i = 0; i < chunks; i++)
        {
            var start = i * ChunkLength;
            var piece = text.Substring(start, Math.Min(ChunkLength, text.Length - start));
            entity[i == 0 ? name : $"{name}_{i}"] = piece;
        }
    }

    public static string? Read(TableEntity entity, string name)
    {
        var first = entity.GetString(name);
        if (first is null)
        {
            return null;
        }
        var chunks = entity.GetInt32(name + "_n") ?? 1;
        if (chunks <= 1)
        {
            return first;
        }
        var builder = new System.Text.StringBuilder(first, chunks * ChunkLength);
        for (var i = 1; i < chunks; i++)
        {
            builder.Append(entity.GetString($"{name}_{i}") ?? throw new InvalidDataException($"Entity {entity.PartitionKey}/{entity.RowKey} misses chunk {i} of {name}."));
        }
        return builder.ToString();
    }
}
