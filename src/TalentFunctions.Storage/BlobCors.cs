using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace TalentFunctions.Storage;

/// <summary>
/// The Blob service's CORS rule for browser uploads: applicants' browsers PUT blocks and the block list straight to
/// Blob Storage with the write-only SAS, so the service must answer the preflight from the portal's origin. The Bicep
/// template sets the same rule in Azure; a local run sets it on Azurite at start.
/// </summary>
public static class BlobCors
{
    public static BlobCorsRule UploadRule(IEnumerable<string> origins) => new()
    {
        AllowedOrigins = string.Join(',', origins),
        AllowedMethods = "PUT,GET,HEAD,OPTIONS",
        AllowedHeaders = "*",
        ExposedHeaders = "ETag,x-ms-request-id,x-ms-version,Content-Length,Content-MD5",
        MaxAgeInSeconds = 3600,
    };

    /// <summary>Makes <see cref="UploadRule"/> the service's only CORS rule; other service properties are left as they are.</summary>
    public static async Task AllowBrowserUploadsAsync(BlobServiceClient blobs, IEnumerable<string> origins, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        // Read, change, write: the service keeps its logging, metrics and retention settings as they were.
        BlobServiceProperties properties = await blobs.GetPropertiesAsync(cancellationToken).ConfigureAwait(false);
        properties.Cors = [UploadRule(origins)];
        await blobs.SetPropertiesAsync(properties, cancellationToken).ConfigureAwait(false);
    }
}
