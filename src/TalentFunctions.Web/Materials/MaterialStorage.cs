using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using Microsoft.Extensions.Options;
using TalentFunctions.Storage;
using TalentFunctions.Web.Settings;

namespace TalentFunctions.Web.Materials;

/// <summary>The result of checking an uploaded blob: verified, or every reason it is not.</summary>
public sealed record MaterialCheck(long? VerifiedLength, string? ContentType, IReadOnlyList<string> Problems)
{
    public bool Passed => Problems.Count == 0;
}

/// <summary>
/// Uploads go straight from the applicant to Blob Storage through a short-lived, write-only SAS for
/// one blob name: the bytes never pass through the app. Completion is verified here (length as
/// declared and within the kind's limit; type by magic bytes) before the material counts.
/// </summary>
/// <remarks>
/// SAS come from <see cref="BlobSasIssuer"/> (service SAS with the account key locally, user delegation SAS with the
/// managed identity in Azure), measured on the system clock: the storage service checks them against its own.
/// </remarks>
public sealed class MaterialStorage(BlobServiceClient blobs, BlobSasIssuer sas, IOptions<MaterialsOptions> options)
{
    public const string ContainerName = "materials";
    public static readonly TimeSpan ReadWindow = TimeSpan.FromMinutes(30);
    public const int SuggestedBlockSize = 4 * 1024 * 1024;

    private BlobContainerClient Container => blobs.GetBlobContainerClient(ContainerName);

    public static string BlobName(string applicationId, string materialId, string fileName)
    {
        var extension = Path.GetExtension(fileName);
        var safe = extension.Length is > 1 and <= 10 && extension.Skip(1).All(char.IsAsciiLetterOrDigit) ? extension.ToLowerInvariant() : "";
        return $"{applicationId}/{materialId}{safe}";
    }

    /// <summary>How long an upload SAS works (<see cref="MaterialsOptions.UploadUrlLifetime"/>).</summary>
    public TimeSpan UploadWindow => options.Value.UploadUrlLifetime;

    /// <summary>A write-only (create + write) SAS URL for one blob name, for the applicant's browser to upload to.</summary>
    public Task<(Uri Url, DateTimeOffset ExpiresOn)> UploadUrlAsync(string blobName, CancellationToken cancellationToken) =>
        sas.CreateAsync(ContainerName, blobName, BlobSasPermissions.Create | BlobSasPermissions.Write, UploadWindow, cancellationToken);

    /// <summary>A read-only SAS URL for one blob, for a mentor's page.</summary>
    public async Task<Uri> ReadUrlAsync(string blobName, CancellationToken cancellationToken) =>
        (await sas.CreateAsync(ContainerName, blobName, BlobSasPermissions.Read, ReadWindow, cancellationToken).ConfigureAwait(false)).Url;

    /// <summary>
    /// Read URLs of the materials a mentor may open (<see cref="MentorView.Materials"/>), by blob name. In a blind
    /// program each link makes the download carry the neutral name and the verified media type, whatever the uploader
    /// stored with the blob (a <c>Content-Disposition</c> naming the original file, say): see <see cref="BlindHeaders"/>.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, Uri>> ReadUrlsAsync(IReadOnlyList<MentorMaterial> materials, bool blind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(materials);
        var urls = new Dictionary<string, Uri>(StringComparer.Ordinal);
        foreach (var shown in materials)
        {
            var blobName = shown.Material.BlobName;
            urls[blobName] = blind
                ? (await sas.CreateAsync(ContainerName, blobName, BlobSasPermissions.Read, ReadWindow, BlindHeaders(shown), cancellationToken).ConfigureAwait(false)).Url
                : await ReadUrlAsync(blobName, cancellationToken).ConfigureAwait(false);
        }
        return urls;
    }

    /// <summary>
    /// The response headers of a blind program's material link: <c>inline</c> (the page shows PDFs in a frame) with the
    /// neutral file name, and the verified media type without parameters.
    /// </summary>
    public static SasResponseHeaders BlindHeaders(MentorMaterial shown)
    {
        ArgumentNullException.ThrowIfNull(shown);
        var mediaType = shown.Material.ContentType.Split(';', 2)[0].Trim();
        return new SasResponseHeaders($"inline; filename=\"{shown.FileName}\"", mediaType.Length == 0 ? null : mediaType);
    }

    /// <summary>Checks the uploaded blob of <paramref name="material"/>; deletes it when it fails.</summary>
    public async Task<MaterialCheck> VerifyAsync(Material material, MaterialRule rule, CancellationToken cancellationToken)
    {
        var blob = Container.GetBlobClient(material.BlobName);
        BlobProperties properties;
        try
        {
            properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return new MaterialCheck(null, null, ["Nothing has been uploaded to the upload URL yet."]);
        }

        var problems = new List<string>();
        if (properties.ContentLength != material.Length)
        {
            problems.Add($"The upload is {properties.ContentLength} bytes; {material.Length} were declared.");
        }
        if (properties.ContentLength > rule.MaxBytes)
        {
            problems.Add($"The upload is larger than the {rule.MaxBytes}-byte limit for a {material.Kind.ToString().ToLowerInvariant()}.");
        }
        if (properties.ContentLength == 0)
        {
            problems.Add("The upload is empty.");
        }
        else
        {
            var head = await ReadHeadAsync(blob, Math.Min(properties.ContentLength, 64), cancellationToken).ConfigureAwait(false);
            var detected = Detect(head);
            if (detected is null || detected.Value.Family != rule.Family)
            {
                problems.Add(rule.Family == MaterialFamily.Pdf
                    ? "The file is not a PDF (it does not start with %PDF-)."
                    : "The file is not an MP4, MOV or WebM video.");
            }
        }

        if (problems.Count > 0)
        {
            await blob.DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return new MaterialCheck(null, null, problems);
        }
        return new MaterialCheck(properties.ContentLength, material.ContentType, []);
    }

    /// <summary>The first <paramref name="length"/> bytes of the blob (one ranged read).</summary>
    private static async Task<byte[]> ReadHeadAsync(BlobClient blob, long length, CancellationToken cancellationToken)
    {
        var download = await blob.DownloadContentAsync(new BlobDownloadOptions { Range = new HttpRange(0, length) }, cancellationToken).ConfigureAwait(false);
        return download.Value.Content.ToArray();
    }

    /// <summary>What the first bytes say the file is: PDF (<c>%PDF-</c>), MP4/MOV (an <c>ftyp</c> box) or WebM (EBML).</summary>
    public static (MaterialFamily Family, string Format)? Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("%PDF-"u8))
        {
            return (MaterialFamily.Pdf, "pdf");
        }
        if (head.Length >= 8 && head.Slice(4, 4).SequenceEqual("ftyp"u8))
        {
            return (MaterialFamily.Video, Encoding.ASCII.GetString(head.Slice(8, Math.Min(4, head.Length - 8))).Trim() == "qt" ? "mov" : "mp4");
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
        {
            return (MaterialFamily.Video, "webm");
        }
        return null;
    }
}
