using System.Globalization;
using TalentFunctions.Storage.Blobs;

namespace TalentFunctions.Storage.Auth;

/// <summary>Service SAS for blobs and containers, signed version 2020-12-06 (16-line string-to-sign).</summary>
internal static class BlobSas
{
    internal const string SignedVersion = "2020-12-06";

    public static string BuildQuery(
        StorageSharedKeyCredential credential,
        string containerName,
        string? blobName,
        BlobSasPermissions permissions,
        DateTimeOffset expiresOn,
        DateTimeOffset? startsOn)
    {
        var sp = Permissions(permissions);
        if (sp.Length == 0)
        {
            throw new ArgumentException("A SAS needs at least one permission.", nameof(permissions));
        }

        var st = startsOn is { } start ? Format(start) : string.Empty;
        var se = Format(expiresOn);
        var sr = blobName is null ? "c" : "b";

        // Account once here (unlike Shared Key with path-style URLs), and the blob name unescaped.
        var resource = "/blob/" + credential.AccountName + "/" + containerName + (blobName is null ? string.Empty : "/" + blobName);
        string[] lines =
        [
            sp, st, se, resource,
            string.Empty, // si (stored access policy)
            string.Empty, // sip
            string.Empty, // spr: allow both http (the emulator) and https
            SignedVersion, sr,
            string.Empty, // snapshot time
            string.Empty, // ses (encryption scope)
            string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, // rscc rscd rsce rscl rsct
        ];
        var signature = credential.ComputeSignature(string.Join('\n', lines));

        var query = new List<string> { "sv=" + SignedVersion };
        if (st.Length > 0)
        {
            query.Add("st=" + Uri.EscapeDataString(st));
        }

        query.Add("se=" + Uri.EscapeDataString(se));
        query.Add("sr=" + sr);
        query.Add("sp=" + sp);
        query.Add("sig=" + Uri.EscapeDataString(signature));
        return string.Join('&', query);
    }

    /// <summary>Permission letters in the order the service expects: r a c w d.</summary>
    internal static string Permissions(BlobSasPermissions permissions)
    {
        var text = new System.Text.StringBuilder(5);
        if (permissions.HasFlag(BlobSasPermissions.Read))
        {
            text.Append('r');
        }

        if (permissions.HasFlag(BlobSasPermissions.Add))
        {
            text.Append('a');
        }

        if (permissions.HasFlag(BlobSasPermissions.Create))
        {
            text.Append('c');
        }

        if (permissions.HasFlag(BlobSasPermissions.Write))
        {
            text.Append('w');
        }

        if (permissions.HasFlag(BlobSasPermissions.Delete))
        {
            text.Append('d');
        }

        return text.ToString();
    }

    private static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
