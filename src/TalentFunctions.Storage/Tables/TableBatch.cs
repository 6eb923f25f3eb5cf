using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using TalentFunctions.Storage.Internal;

namespace TalentFunctions.Storage.Tables;

/// <summary>Builds the multipart <c>$batch</c> body and reads the multipart response.</summary>
internal static partial class TableBatch
{
    internal const int MaxOperations = 100;

    public static void Validate(IReadOnlyList<TableTransactionAction> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (actions.Count == 0)
        {
            throw new ArgumentException("A transaction needs at least one operation.", nameof(actions));
        }

        if (actions.Count > MaxOperations)
        {
            throw new ArgumentException($"A transaction holds at most {MaxOperations} operations; this one has {actions.Count}.", nameof(actions));
        }

        var partition = actions[0].Entity?.PartitionKey;
        var rows = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i] ?? throw new ArgumentException($"Operation {i} is null.", nameof(actions));
            if (action.Entity is null)
            {
                throw new ArgumentException($"Operation {i} has no entity.", nameof(actions));
            }

            if (!string.Equals(action.Entity.PartitionKey, partition, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Operation {i} is in a different partition; a transaction stays in one partition.", nameof(actions));
            }

            if (!rows.Add(action.Entity.RowKey))
            {
                throw new ArgumentException($"Operation {i} touches a row that an earlier operation already touches; each entity may appear once.", nameof(actions));
            }
        }
    }

    public static byte[] BuildBody(string tableUri, IReadOnlyList<TableTransactionAction> actions, string batchBoundary, string changesetBoundary)
    {
        var text = new StringBuilder(256 * actions.Count);
        text.Append("--").Append(batchBoundary).Append("\r\n")
            .Append("Content-Type: multipart/mixed; boundary=").Append(changesetBoundary).Append("\r\n\r\n");
        foreach (var action in actions)
        {
            var (method, withKeys, ifMatch, hasBody) = action.ActionType switch
            {
                TableTransactionActionType.Add => ("POST", false, null, true),
                TableTransactionActionType.UpdateReplace => ("PUT", true, action.IfMatch ?? "*", true),
                TableTransactionActionType.UpdateMerge => ("MERGE", true, action.IfMatch ?? "*", true),
                TableTransactionActionType.UpsertReplace => ("PUT", true, null, true),
                TableTransactionActionType.UpsertMerge => ("MERGE", true, null, true),
                TableTransactionActionType.Delete => ("DELETE", true, action.IfMatch ?? "*", false),
                _ => throw new ArgumentOutOfRangeException(nameof(actions), action.ActionType, "Unknown transaction action type."),
            };
            var url = withKeys ? tableUri + TableClient.EntityPathSuffix(action.Entity.PartitionKey, action.Entity.RowKey) : tableUri;
            text.Append("--").Append(changesetBoundary).Append("\r\n")
                .Append("Content-Type: application/http\r\n")
                .Append("Content-Transfer-Encoding: binary\r\n\r\n")
                .Append(method).Append(' ').Append(url).Append(" HTTP/1.1\r\n")
                .Append("Accept: application/json;odata=minimalmetadata\r\n")
                .Append("DataServiceVersion: 3.0;\r\n");
            if (method == "POST")
            {
                text.Append("Prefer: return-no-content\r\n");
            }

            if (ifMatch is not null)
            {
                text.Append("If-Match: ").Append(ifMatch).Append("\r\n");
            }

            if (hasBody)
            {
                text.Append("Content-Type: application/json\r\n\r\n")
                    .Append(Encoding.UTF8.GetString(TableEntityJson.Serialize(action.Entity)))
                    .Append("\r\n");
            }
            else
            {
                text.Append("\r\n");
            }
        }

        text.Append("--").Append(changesetBoundary).Append("--\r\n")
            .Append("--").Append(batchBoundary).Append("--\r\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>
    /// Reads the per-operation responses. Returns the ETags in order (null for deletes) or throws
    /// <see cref="TableTransactionFailedException"/> for the failed operation.
    /// </summary>
    public static IReadOnlyList<string?> ReadResponse(string body, int operationCount, string? requestId)
    {
        var etags = new List<string?>(operationCount);
        var index = 0;
        foreach (Match statusLine in StatusLine().Matches(body))
        {
            var status = int.Parse(statusLine.Groups["status"].Value, CultureInfo.InvariantCulture);
            var rest = body.AsSpan(statusLine.Index + statusLine.Length);
            var nextPart = rest.IndexOf("\r\n--", StringComparison.Ordinal);
            var part = (nextPart < 0 ? rest : rest[..nextPart]).ToString();
            var headerEnd = part.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            var headers = headerEnd < 0 ? part : part[..headerEnd];
            var content = headerEnd < 0 ? string.Empty : part[(headerEnd + 4)..];

            if (status >= 400)
            {
                var (code, message) = StoragePipeline.ParseError(content.Trim());
                var failedIndex = -1;
                var serviceMessage = message;
                if (message is not null && IndexPrefix().Match(message) is { Success: true } prefix)
                {
                    failedIndex = int.Parse(prefix.Groups["index"].Value, CultureInfo.InvariantCulture);
                    serviceMessage = message[prefix.Length..];
                }
                else if (operationCount == 1)
                {
                    failedIndex = 0;
                }

                var summary = StoragePipeline.Create(status, statusLine.Groups["reason"].Value.Trim(), code, serviceMessage, requestId);
                throw new TableTransactionFailedException(
                    failedIndex,
                    status,
                    code,
                    requestId,
                    $"Transaction operation {failedIndex} failed; nothing was applied. {summary.Message}");
            }

            string? etag = null;
            foreach (var line in headers.Split("\r\n"))
            {
                if (line.StartsWith("ETag:", StringComparison.OrdinalIgnoreCase))
                {
                    etag = line["ETag:".Length..].Trim();
                }
            }

            etags.Add(etag);
            index++;
        }

        if (index != operationCount)
        {
            throw new StorageRequestFailedException(
                202,
                null,
                requestId,
                $"The transaction response held {index} operation results for {operationCount} operations.");
        }

        return etags;
    }

    [GeneratedRegex(@"^HTTP/1\.1 (?<status>\d{3})(?<reason>[^\r\n]*)", RegexOptions.Multiline)]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"^(?<index>\d+):")]
    private static partial Regex IndexPrefix();
}
