using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Xml.Linq;
using TalentFunctions.Storage.Internal;

namespace TalentFunctions.Storage.Blobs;

/// <summary>Operations on one blob container. Obtain it from <see cref="BlobServiceClient.GetBlobContainerClient"/>.</summary>
public sealed class BlobContainerClient
{
    private readonly StoragePipeline _pipeline;

    internal BlobContainerClient(StoragePipeline pipeline, string containerName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(containerName);
        _pipeline = pipeline;
        Name = containerName;
        Uri = pipeline.BuildUri(Uri.EscapeDataString(containerName));
    }

    public string Name { get; }

    public Uri Uri { get; }

    public BlobClient GetBlobClient(string blobName) => new(_pipeline, Name, blobName);

    /// <summary>Creates the (private) container. Returns true if created, false if it already existed.</summary>
    public async Task<bool> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var request = _pipeline.CreateRequest(HttpMethod.Put, WithQuery("restype=container"));
        using var response = await _pipeline.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return true;
        }

        var error = await StoragePipeline.CreateExceptionAsync(response, cancellationToken).ConfigureAwait(false);
        if (error.Status == 409 && error.ErrorCode == "ContainerAlreadyExists")
        {
            return false;
        }

        throw error;
    }

    /// <summary>Deletes the container and its blobs. Returns false if it did not exist.</summary>
    public async Task<bool> DeleteIfExistsAsync(CancellationToken cancellationToken = default)
    {
        using var request = _pipeline.CreateRequest(HttpMethod.Delete, WithQuery("restype=container"));
        using var response = await _pipeline.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return true;
        }

        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        throw await StoragePipeline.CreateExceptionAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lists blobs whose names start with <paramref name="prefix"/> (all when null), in name order.</summary>
    public IAsyncEnumerable<BlobItem> GetBlobsAsync(string? prefix = null, CancellationToken cancellationToken = default) =>
        GetBlobsAsync(prefix, 5000, cancellationToken);

    /// <summary>As <see cref="GetBlobsAsync(string?, CancellationToken)"/>, asking for pages of <paramref name="pageSizeHint"/> blobs.</summary>
    public async IAsyncEnumerable<BlobItem> GetBlobsAsync(
        string? prefix, int pageSizeHint, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSizeHint, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSizeHint, 5000);
        string? marker = null;
        do
        {
            var query = "restype=container&comp=list&maxresults=" + pageSizeHint.ToString(CultureInfo.InvariantCulture);
            if (!string.IsNullOrEmpty(prefix))
            {
                query += "&prefix=" + Uri.EscapeDataString(prefix);
            }

            if (marker is not null)
            {
                query += "&marker=" + Uri.EscapeDataString(marker);
            }

            using var request = _pipeline.CreateRequest(HttpMethod.Get, WithQuery(query));
            List<BlobItem> items;
            using (var response = await _pipeline.SendEnsureSuccessAsync(request, cancellationToken).ConfigureAwait(false))
            {
                await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                var xml = await XDocument.LoadAsync(stream, LoadOptions.None, cancellationToken).ConfigureAwait(false);
                var root = xml.Root!;
                items = root.Element("Blobs")?.Elements("Blob").Select(ReadItem).ToList() ?? [];
                marker = root.Element("NextMarker")?.Value;
                if (string.IsNullOrEmpty(marker))
                {
                    marker = null;
                }
            }

            foreach (var item in items)
            {
                yield return item;
            }
        }
        while (marker is not null);
    }

    private static BlobItem ReadItem(XElement blob)
    {
        var nameElement = blob.Element("Name")!;
        var name = (string?)nameElement.Attribute("Encoded") == "true" ? Uri.UnescapeDataString(nameElement.Value) : nameElement.Value;
        var properties = blob.Element("Properties");
        var length = long.TryParse(properties?.Element("Content-Length")?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : 0;
        var contentType = properties?.Element("Content-Type")?.Value;
        DateTimeOffset? lastModified = DateTimeOffset.TryParse(
            properties?.Element("Last-Modified")?.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var modified)
            ? modified
            : null;
        var etag = properties?.Element("Etag")?.Value;
        if (etag is not null && !etag.StartsWith('"') && !etag.StartsWith("W/", StringComparison.Ordinal))
        {
            etag = "\"" + etag + "\""; // listings omit the quotes that the ETag header carries
        }

        return new BlobItem(name, length, string.IsNullOrEmpty(contentType) ? null : contentType, lastModified, etag);
    }

    private Uri WithQuery(string query) => new(Uri.AbsoluteUri + "?" + query);
}
