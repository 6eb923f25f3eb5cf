using System.Net;

namespace TalentFunctions.Storage.Blobs;

/// <summary>Permissions of a service SAS; emitted in the order r a c w d.</summary>
[Flags]
public enum BlobSasPermissions
{
    None = 0,
    Read = 1,
    Add = 2,
    Create = 4,
    Write = 8,
    Delete = 16,
    All = Read | Add | Create | Write | Delete,
}

/// <summary>One blob in a listing.</summary>
public sealed record BlobItem(string Name, long Length, string? ContentType, DateTimeOffset? LastModified, string? ETag);

/// <summary>Properties of an existing blob.</summary>
public sealed record BlobProperties(long Length, string? ContentType, string? ETag, DateTimeOffset? LastModified);

/// <summary>
/// A CORS rule of the Blob service (what browsers may do directly against storage, e.g. SAS uploads).
/// Lists are comma-separated, as in Azure.Storage.Blobs.
/// </summary>
public sealed class BlobCorsRule
{
    public string AllowedOrigins { get; set; } = "*";

    public string AllowedMethods { get; set; } = "GET";

    public string AllowedHeaders { get; set; } = "*";

    public string ExposedHeaders { get; set; } = "*";

    public int MaxAgeInSeconds { get; set; } = 3600;
}

/// <summary>
/// A blob download. <see cref="Content"/> streams from the network: read it, then dispose this object.
/// </summary>
public sealed class BlobDownload : IAsyncDisposable, IDisposable
{
    private readonly HttpResponseMessage _response;

    internal BlobDownload(HttpResponseMessage response, Stream content)
    {
        _response = response;
        Content = content;
        Status = (int)response.StatusCode;
        ContentLength = response.Content.Headers.ContentLength;
        ContentType = response.Content.Headers.ContentType?.ToString();
        ETag = Internal.StoragePipeline.ETag(response);
        LastModified = response.Content.Headers.LastModified;
        ContentRange = response.Content.Headers.ContentRange?.ToString();
    }

    public Stream Content { get; }

    /// <summary>200 for the whole blob, 206 for a range.</summary>
    public int Status { get; }

    /// <summary>Bytes in <see cref="Content"/> (the range length for a range download).</summary>
    public long? ContentLength { get; }

    public string? ContentType { get; }

    public string? ETag { get; }

    public DateTimeOffset? LastModified { get; }

    /// <summary>For a range download, e.g. <c>bytes 8-12/20</c>.</summary>
    public string? ContentRange { get; }

    public bool IsPartial => Status == (int)HttpStatusCode.PartialContent;

    public void Dispose()
    {
        Content.Dispose();
        _response.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync().ConfigureAwait(false);
        _response.Dispose();
    }
}
