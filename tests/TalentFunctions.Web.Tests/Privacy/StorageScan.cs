using System.IO.Compression;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;

namespace TalentFunctions.Web.Tests.Privacy;

/// <summary>One place a needle was found: <c>table:{name}/{partition}/{row}</c>, <c>blob:{container}/{name}</c> or <c>queue:{name}</c>.</summary>
public sealed record Finding(string Kind, string Store, string Item, string Needle)
{
    public override string ToString() => $"{Kind}:{Store}/{Item} holds '{Needle}'";
}

/// <summary>
/// Reads everything in the storage account — every table's entities, every blob (snapshots, versions, uncommitted and
/// deleted ones too), every visible queue message — listed through the service clients, and looks for needles in every
/// form storage keeps text in: as written, JSON-escaped (<c>\uXXXX</c>), HTML-escaped, URL-encoded; inside base64 (queue
/// bodies, binary properties) and gzip (the task hub's large messages) after decoding.
/// </summary>
public static partial class StorageScan
{
    public static async Task<IReadOnlyList<Finding>> ScanAsync(string connectionString, IReadOnlyList<string> needles)
    {
        var forms = needles.Select(n => (Needle: n, Forms: Forms(n))).ToList();
        var findings = new List<Finding>();
        void Check(string kind, string store, string item, IEnumerable<string> texts)
        {
            foreach (var text in texts.SelectMany(Unescaped))
            {
                foreach (var (needle, variants) in forms)
                {
                    if (variants.Any(v => text.Contains(v, StringComparison.OrdinalIgnoreCase)))
                    {
                        findings.Add(new Finding(kind, store, item, needle));
                    }
                }
            }
        }

        var tables = new TableServiceClient(connectionString);
        await foreach (var table in tables.QueryAsync())
        {
            await foreach (var entity in tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                var texts = new List<string> { entity.PartitionKey, entity.RowKey };
                foreach (var value in ((IDictionary<string, object>)entity).Values)
                {
                    texts.AddRange(value switch
                    {
                        string s => Decoded(Encoding.UTF8.GetBytes(s)).Append(s),
                        byte[] b => Decoded(b),
                        BinaryData d => Decoded(d.ToArray()),
                        _ => [],
                    });
                }
                Check("table", table.Name, $"{entity.PartitionKey}/{entity.RowKey}", texts);
            }
        }

        var blobs = new BlobServiceClient(connectionString);
        await foreach (var container in blobs.GetBlobContainersAsync(BlobContainerTraits.Metadata, BlobContainerStates.Deleted))
        {
            var client = blobs.GetBlobContainerClient(container.Name);
            await foreach (var blob in client.GetBlobsAsync(BlobTraits.Metadata, BlobStates.All, prefix: null, CancellationToken.None))
            {
                var texts = new List<string> { blob.Name };
                texts.AddRange(blob.Metadata?.Values ?? []);
                if (blob.Properties.ContentLength is > 0 and < 8_000_000 && blob.Deleted != true)
                {
                    var one = client.GetBlobClient(blob.Name);
                    if (blob.Snapshot is { } snapshot)
                    {
                        one = one.WithSnapshot(snapshot);
                    }
                    else if (blob.VersionId is { } version)
                    {
                        one = one.WithVersion(version);
                    }
                    try
                    {
                        texts.AddRange(Decoded((await one.DownloadContentAsync()).Value.Content.ToArray()));
                    }
                    catch (Azure.RequestFailedException ex) when (ex.Status is 404 or 409)
                    {
                        // Uncommitted (nothing to download yet) or gone meanwhile.
                    }
                }
                Check("blob", container.Name, blob.Name, texts);
            }
        }

        var queues = new QueueServiceClient(connectionString);
        await foreach (var queue in queues.GetQueuesAsync())
        {
            var messages = await queues.GetQueueClient(queue.Name).PeekMessagesAsync(32);
            foreach (var message in messages.Value)
            {
                Check("queue", queue.Name, message.MessageId, Decoded(message.Body.ToArray()));
            }
        }
        return [.. findings.Distinct()];
    }

    /// <summary>
    /// The text and what it is once JSON escapes are undone, pass after pass: JSON kept inside a JSON string (the task
    /// hub's history does that) writes a Chinese character as <c>\\u9ECE</c>, which no single escaped form of a needle matches.
    /// Each stage is also HTML-decoded.
    /// </summary>
    private static IEnumerable<string> Unescaped(string text)
    {
        for (var pass = 0; pass < 5; pass++)
        {
            yield return text;
            yield return System.Net.WebUtility.HtmlDecode(text);
            var next = JsonEscape().Replace(text, m => m.Groups[1].Value switch
            {
                ['u', ..] hex => ((char)Convert.ToInt32(hex[1..], 16)).ToString(),
                "b" => "\b",
                "f" => "\f",
                "n" => "\n",
                "r" => "\r",
                "t" => "\t",
                var c => c,
            });
            if (next == text)
            {
                yield break;
            }
            text = next;
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\\(u[0-9A-Fa-f]{4}|[\\""/bfnrt])")]
    private static partial System.Text.RegularExpressions.Regex JsonEscape();

    /// <summary>The bytes as text, and what base64 and gzip inside them decode to.</summary>
    private static IEnumerable<string> Decoded(byte[] bytes)
    {
        yield return Encoding.UTF8.GetString(bytes);
        if (Gunzip(bytes) is { } unzipped)
        {
            yield return Encoding.UTF8.GetString(unzipped);
        }
        var text = Encoding.ASCII.GetString(bytes).Trim();
        if (text.Length >= 4 && text.Length % 4 == 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '='))
        {
            byte[]? decoded = null;
            try
            {
                decoded = Convert.FromBase64String(text);
            }
            catch (FormatException)
            {
            }
            if (decoded is not null)
            {
                foreach (var inner in Decoded(decoded))
                {
                    yield return inner;
                }
            }
        }
    }

    private static byte[]? Gunzip(byte[] bytes)
    {
        if (bytes.Length < 3 || bytes[0] != 0x1f || bytes[1] != 0x8b)
        {
            return null;
        }
        try
        {
            using var input = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var output = new MemoryStream();
            input.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>The forms a value takes in storage: raw, JSON-escaped (all non-ASCII, or also '@'), HTML entities, URL-encoded.</summary>
    public static IReadOnlyList<string> Forms(string needle)
    {
        static string Escape(string s, Func<char, bool> escape, Func<char, string> form) =>
            string.Concat(s.Select(c => escape(c) ? form(c) : c.ToString()));
        return new[]
        {
            needle,
            Escape(needle, c => c > 127, c => $"\\u{(int)c:X4}"),
            Escape(needle, c => c > 127 || c is '@' or '+' or '\'', c => $"\\u{(int)c:X4}"),
            JsonSerializer.Serialize(needle, new JsonSerializerOptions { Encoder = JavaScriptEncoder.Default }).Trim('"'),
            Escape(needle, c => c > 127, c => $"&#x{(int)c:X};"),
            Escape(needle, c => c > 127, c => $"&#{(int)c};"),
            System.Net.WebUtility.HtmlEncode(needle),
            Uri.EscapeDataString(needle),
        }.Distinct(StringComparer.Ordinal).ToList();
    }
}
