using System.Text;
using Azure;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Storage.Blobs;

namespace TalentFunctions.Functions.Materials;

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
/// SAS windows are measured on the system clock, not the injected business clock: the storage
/// service checks them against its own clock.
/// </remarks>
public sealed class MaterialStorage(BlobServiceClient blobs)
{
    public const string ContainerName = "materials";
    public static readonly TimeSpan UploadWindow = TimeSpan.FromHours(2);
    public static readonly TimeSpan ReadWindow = TimeSpan.FromMinutes(30);
    public const int SuggestedBlockSize = 4 * 1024 * 1024;

    private static DateTimeOffset Now => TimeProvider.System.GetUtcNow();

    private BlobContainerClient Container => blobs.GetBlobContainerClient(ContainerName);

    public static string BlobName(string applicationId, string materialId, string fileName)
    {
        var extension = Path.GetExtension(fileName);
        var safe = extension.Length is > 1 and <= 10 && extension.Skip(1).All(char.IsAsciiLetterOrDigit) ? extension.ToLowerInvariant() : "";
        return $"{applicationId}/{materialId}{safe}";
    }

    public (Uri UploadUrl, DateTimeOffset ExpiresAt) UploadUrl(string blobName)
    {
        var expires = Now + UploadWindow;
        var sas = Container.GetBlobClient(blobName).GenerateSasUri(BlobSasPermissions.Create | BlobSasPermissions.Write, expires, Now.AddMinutes(-5));
        return (sas, expires);
    }

    public Uri ReadUrl(string blobName, TimeSpan? lifetime = null) =>
        Container.GetBlobClient(blobName).GenerateSasUri(BlobSasPermissions.Read, Now + (lifetime ?? ReadWindow), Now.AddMinutes(-5));

    /// <summary>Checks the uploaded blob of <paramref name="material"/>; deletes it when it fails.</summary>
    public async Task<MaterialCheck> VerifyAsync(Material material, MaterialRule rule, CancellationToken cancellationToken)
    {
        var blob = Container.GetBlobClient(material.BlobName);
        var properties = await blob.GetPropertiesAsync(cancellationToken).ConfigureAwait(false);
        if (properties is null)
        {
            return new MaterialCheck(null, null, ["Nothing has been uploaded to the upload URL yet."]);
        }

        var problems = new List<string>();
        if (properties.Length != material.Length)
        {
            problems.Add($"The upload is {properties.Length} bytes; {material.Length} were declared.");
        }
        if (properties.Length > rule.MaxBytes)
        {
            problems.Add($"The upload is larger than the {rule.MaxBytes}-byte limit for a {material.Kind.ToString().ToLowerInvariant()}.");
        }
        if (properties.Length == 0)
        {
            problems.Add("The upload is empty.");
        }
        else
        {
            var head = await ReadHeadAsync(blob, Math.Min(properties.Length, 64), cancellationToken).ConfigureAwait(false);
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
            await blob.DeleteIfExistsAsync(cancellationToken).ConfigureAwait(false);
            return new MaterialCheck(null, null, problems);
        }
        return new MaterialCheck(properties.Length, material.ContentType, []);
    }

    private static async Task<byte[]> ReadHeadAsync(BlobClient blob, long length, CancellationToken cancellationToken)
    {
        await using var download = await blob.DownloadStreamingAsync(new HttpRange(0, length), cancellationToken).ConfigureAwait(false);
        var buffer = new byte[length];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await download.Content.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
        }
        return buffer[..total];
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
