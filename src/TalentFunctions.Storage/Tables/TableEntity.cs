using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace TalentFunctions.Storage.Tables;

/// <summary>
/// A table entity: a case-sensitive property bag plus the system values <see cref="ETag"/> and
/// <see cref="Timestamp"/>. <c>PartitionKey</c> and <c>RowKey</c> are ordinary entries of the bag.
/// Supported value types: <see cref="string"/>, <see cref="int"/>, <see cref="long"/> (Edm.Int64),
/// <see cref="double"/> (Edm.Double), <see cref="bool"/>, <see cref="DateTimeOffset"/> and <see cref="DateTime"/>
/// (Edm.DateTime, stored in UTC; an unspecified DateTime kind is taken as UTC), <see cref="Guid"/> (Edm.Guid),
/// <c>byte[]</c> and <see cref="BinaryData"/> (Edm.Binary). Null values are not sent.
/// Values read from the service come back as string, int, long, double, bool, DateTimeOffset, Guid or byte[].
/// </summary>
public sealed class TableEntity : IDictionary<string, object?>
{
    internal const string PartitionKeyName = "PartitionKey";
    internal const string RowKeyName = "RowKey";

    private readonly Dictionary<string, object?> _properties;

    public TableEntity()
    {
        _properties = new Dictionary<string, object?>(StringComparer.Ordinal);
    }

    public TableEntity(string partitionKey, string rowKey)
        : this()
    {
        PartitionKey = partitionKey;
        RowKey = rowKey;
    }

    public TableEntity(IDictionary<string, object?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _properties = new Dictionary<string, object?>(values, StringComparer.Ordinal);
    }

    /// <summary>The partition key; empty when the entity has none (e.g. excluded by <c>$select</c>).</summary>
    public string PartitionKey
    {
        get => GetString(PartitionKeyName) ?? string.Empty;
        set => _properties[PartitionKeyName] = value;
    }

    /// <summary>The row key; empty when the entity has none.</summary>
    public string RowKey
    {
        get => GetString(RowKeyName) ?? string.Empty;
        set => _properties[RowKeyName] = value;
    }

    /// <summary>The opaque ETag the service returned with this entity; send it back verbatim as If-Match.</summary>
    public string? ETag { get; set; }

    /// <summary>The service's last-modified time (read-only on the service; never sent).</summary>
    public DateTimeOffset? Timestamp { get; set; }

    public object? this[string key]
    {
        get => _properties[key];
        set => _properties[key] = value;
    }

    public ICollection<string> Keys => _properties.Keys;

    public ICollection<object?> Values => _properties.Values;

    public int Count => _properties.Count;

    bool ICollection<KeyValuePair<string, object?>>.IsReadOnly => false;

    public string? GetString(string key) => Get<string>(key);

    public int? GetInt32(string key) => GetStruct<int>(key);

    public long? GetInt64(string key) => TryGetValue(key, out var value) && value is int i ? i : GetStruct<long>(key);

    public double? GetDouble(string key) => TryGetValue(key, out var value)
        ? value switch
        {
            null => null,
            double d => d,
            float f => f,
            int i => i,
            long l => l,
            _ => throw WrongType(key, value, typeof(double)),
        }
        : null;

    public bool? GetBoolean(string key) => GetStruct<bool>(key);

    public DateTimeOffset? GetDateTimeOffset(string key) => TryGetValue(key, out var value)
        ? value switch
        {
            null => null,
            DateTimeOffset d => d,
            DateTime d => TableEntityJson.ToUtcOffset(d),
            _ => throw WrongType(key, value, typeof(DateTimeOffset)),
        }
        : null;

    public Guid? GetGuid(string key) => GetStruct<Guid>(key);

    public byte[]? GetBinary(string key) => TryGetValue(key, out var value)
        ? value switch
        {
            null => null,
            byte[] b => b,
            BinaryData b => b.ToArray(),
            _ => throw WrongType(key, value, typeof(byte[])),
        }
        : null;

    public void Add(string key, object? value) => _properties.Add(key, value);

    public bool ContainsKey(string key) => _properties.ContainsKey(key);

    public bool Remove(string key) => _properties.Remove(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value) => _properties.TryGetValue(key, out value);

    public void Clear() => _properties.Clear();

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _properties.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    void ICollection<KeyValuePair<string, object?>>.Add(KeyValuePair<string, object?> item) => _properties.Add(item.Key, item.Value);

    bool ICollection<KeyValuePair<string, object?>>.Contains(KeyValuePair<string, object?> item) =>
        ((ICollection<KeyValuePair<string, object?>>)_properties).Contains(item);

    void ICollection<KeyValuePair<string, object?>>.CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex) =>
        ((ICollection<KeyValuePair<string, object?>>)_properties).CopyTo(array, arrayIndex);

    bool ICollection<KeyValuePair<string, object?>>.Remove(KeyValuePair<string, object?> item) =>
        ((ICollection<KeyValuePair<string, object?>>)_properties).Remove(item);

    private T? Get<T>(string key)
        where T : class => TryGetValue(key, out var value)
        ? value switch
        {
            null => null,
            T typed => typed,
            _ => throw WrongType(key, value, typeof(T)),
        }
        : null;

    private T? GetStruct<T>(string key)
        where T : struct => TryGetValue(key, out var value)
        ? value switch
        {
            null => null,
            T typed => typed,
            _ => throw WrongType(key, value, typeof(T)),
        }
        : null;

    private static InvalidOperationException WrongType(string key, object value, Type wanted) =>
        new($"Property '{key}' holds a {value.GetType().Name}, not a {wanted.Name}.");
}

/// <summary>How an update treats properties the entity does not carry.</summary>
public enum TableUpdateMode
{
    /// <summary>Replace the whole entity (PUT).</summary>
    Replace,

    /// <summary>Merge: keep properties not in the entity (MERGE).</summary>
    Merge,
}

/// <summary>One page of query results. <see cref="ContinuationToken"/> is null on the last page.</summary>
public sealed record TablePage(IReadOnlyList<TableEntity> Items, string? ContinuationToken);
