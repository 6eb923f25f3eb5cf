using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security;
using System.Text;
using Azure;
using TalentFunctions.Storage.Auth;
using TalentFunctions.Storage.Internal;

namespace TalentFunctions.Storage.Blobs;

/// <summary>
/// Operations on one block blob. Obtain it from <see cref="BlobContainerClient.GetBlobClient"/>.
/// Uploads return the new ETag; a missing blob is a null result for <see cref="GetPropertiesAsync"/>
/// and a 404 <see cref="StorageRequestFailedException"/> for downloads.
/// </summary>
public sealed class BlobClient
{
    /// <summary>Streams up to this size (seekable) are sent with one Put Blob; larger ones are staged.</summary>
    internal const long SingleUploadThreshold = 256L * 1024 * 1024;

    /// <summary>Block size used when <see cref="UploadAsync(Stream, string?, bool, CancellationToken)"/> stages.</summary>
    internal const int DefaultBlockSize = 8 * 1024 * 1024;

    internal const int DefaultConcurrency = 4;

    private const int MaxBlockSize = 256 * 1024 * 1024;

    private readonly StoragePipeline _pipeline;

    internal BlobClient(StoragePipeline pipeline, string containerName, string blobName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(blobName);
        _pipeline = pipeline;
        ContainerName = containerName;
        Name = blobName;
        Uri = pipeline.BuildUri(Uri.EscapeDataString(containerName) + "/" + EscapeBlobName(blobName));
    }

    public string Name { get; }

    public string ContainerName { get; }

    /// <summary>The blob's URL (without any SAS).</summary>
    public Uri Uri { get; }

    /// <summary>True when this client holds a Shared Key and so can sign SAS URLs.</summary>
    public bool CanGenerateSasUri => _pipeline.SharedKey is not null;

    /// <summary>A fixed-length Base64 block id for block number <paramref name="index"/> (all ids of a blob must have the same length).</summary>
    public static string BlockId(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return Convert.ToBase64String(Encoding.ASCII.GetBytes(index.ToString("D10", CultureInfo.InvariantCulture)));
    }

    /// <summary>
    /// Uploads the rest of <paramref name="content"/> as the blob's content. Seekable streams up to 256 MiB go in
    /// one Put Blob (retries re-read from the starting position); others are staged in 8 MiB blocks.
    /// <paramref name="overwrite"/> false → 409 <c>BlobAlreadyExists</c> if the blob exists. Returns the ETag.
    /// </summary>
    public async Task<string> UploadAsync(Stream content, string? contentType = null, bool overwrite = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.CanSeek && content.Length - content.Position <= SingleUploadThreshold)
        {
            return await PutBlobAsync(new RewindableStreamContent(content, content.Length - content.Position), contentType, overwrite, cancellationToken)
                .ConfigureAwait(false);
        }

        return await UploadStagedCoreAsync(content, DefaultBlockSize, contentType, overwrite, DefaultConcurrency, singlePutIfSmall: true, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Uploads <paramref name="content"/> with one Put Blob. Returns the ETag.</summary>
    public Task<string> UploadAsync(ReadOnlyMemory<byte> content, string? contentType = null, bool overwrite = true, CancellationToken cancellationToken = default) =>
        PutBlobAsync(new ReadOnlyMemoryContent(content), contentType, overwrite, cancellationToken);

    /// <summary>Uploads <paramref name="content"/> with one Put Blob. Returns the ETag.</summary>
    public Task<string> UploadAsync(BinaryData content, string? contentType = null, bool overwrite = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        return UploadAsync(content.ToMemory(), contentType, overwrite, cancellationToken);
    }

    /// <summary>Put Block: uploads one uncommitted block (the rest of the stream; buffered unless seekable).</summary>
    public async Task StageBlockAsync(string base64BlockId, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        HttpContent body;
        if (content.CanSeek)
        {
            body = new RewindableStreamContent(content, content.Length - content.Position);
        }
        else
        {
            var buffer = new MemoryStream();
            await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            body = new ByteArrayContent(buffer.GetBuffer(), 0, (int)buffer.Length);
        }

        await StageBlockCoreAsync(base64BlockId, body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Put Block: uploads one uncommitted block.</summary>
    public Task StageBlockAsync(string base64BlockId, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        StageBlockCoreAsync(base64BlockId, new ReadOnlyMemoryContent(content), cancellationToken);

    /// <summary>Put Block List: commits the staged blocks, in order, as the blob's content. Returns the ETag.</summary>
    public Task<string> CommitBlockListAsync(IEnumerable<string> blockIds, string? contentType = null, CancellationToken cancellationToken = default) =>
        CommitBlockListAsync(blockIds, contentType, overwrite: true, cancellationToken);

    /// <summary>
    /// Reads <paramref name="content"/> in blocks of <paramref name="blockSize"/> bytes, stages them (up to 4 at a
    /// time) and commits the list. Returns the ETag.
    /// </summary>
    public Task<string> UploadStagedAsync(Stream content, int blockSize, string? contentType = null, CancellationToken cancellationToken = default) =>
        UploadStagedAsync(content, blockSize, contentType, DefaultConcurrency, cancellationToken);

    /// <summary>As above, with <paramref name="maxConcurrency"/> blocks in flight.</summary>
    public Task<string> UploadStagedAsync(Stream content, int blockSize, string? contentType, int maxConcurrency, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(blockSize, MaxBlockSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        return UploadStagedCoreAsync(content, blockSize, contentType, overwrite: true, maxConcurrency, singlePutIfSmall: false, cancellationToken);
    }

    /// <summary>
    /// Downloads the blob, or the <paramref name="range"/> of it (status 206). The content streams; dispose the result.
    /// A missing blob → 404 <see cref="StorageRequestFailedException"/> (<c>BlobNotFound</c>).
    /// </summary>
    public async Task<BlobDownload> DownloadStreamingAsync(HttpRange? range = null, CancellationToken cancellationToken = default)
    {
        using var request = _pipeline.CreateRequest(HttpMethod.Get, Uri);
        if (range is { } r)
        {
            if (r.Offset < 0 || r.Length is <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(range), "The range needs a non-negative offset and a positive length.");
            }

            var end = r.Length is { } length ? (r.Offset + length - 1).ToString(CultureInfo.InvariantCulture) : string.Empty;
            request.Headers.TryAddWithoutValidation("x-ms-range", $"bytes={r.Offset.ToString(CultureInfo.InvariantCulture)}-{end}");
        }

        var response = await _pipeline.SendEnsureSuccessAsync(request, cancellationToken, streaming: true).ConfigureAwait(false);
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new BlobDownload(response, stream);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>Downloads the whole blob into memory.</summary>
    public async Task<byte[]> DownloadContentAsync(CancellationToken cancellationToken = default)
    {
        using var request = _pipeline.CreateRequest(HttpMethod.Get, Uri);
        using var response = await _pipeline.SendEnsureSuccessAsync(request, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The blob's properties, or null when it (or its container) does not exist.</summary>
    public async Task<BlobProperties?> GetPropertiesAsync(CancellationToken cancellationToken = default)
    {
        using var request = _pipeline.CreateRequest(HttpMethod.Head, Uri);
        using var response = await _pipeline.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await StoragePipeline.CreateExceptionAsync(response, cancellationToken).ConfigureAwait(false);
        }

        return new BlobProperties(
            response.Content.Headers.ContentLength ?? 0,
            response.Content.Headers.ContentType?.ToString(),
            StoragePipeline.ETag(response),
            response.Content.Headers.LastModified);
    }

    /// <summary>Deletes the blob (and its snapshots). Returns false if it did not exist.</summary>
    public async Task<bool> DeleteIfExistsAsync(CancellationToken cancellationToken = default)
    {
        using var request = _pipeline.CreateRequest(HttpMethod.Delete, Uri);
        request.Headers.TryAddWithoutValidation("x-ms-delete-snapshots", "include");
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

    /// <summary>
    /// A service SAS URL for this blob (signed version 2020-12-06), e.g. write-only
    /// (<c>Create | Write</c>) for a browser upload or <c>Read</c> for a short-lived download link.
    /// Needs a Shared Key client; with a bearer-token client use a user delegation SAS instead.
    /// </summary>
    public Uri GenerateSasUri(BlobSasPermissions permissions, DateTimeOffset expiresOn, DateTimeOffset? startsOn = null)
    {
        var key = _pipeline.SharedKey ?? throw new InvalidOperationException(
            "A service SAS must be signed with the account key, and this client authenticates with a token. " +
            "Create the client from a connection string or StorageSharedKeyCredential, or use a user delegation SAS.");
        if (startsOn is { } start && start >= expiresOn)
        {
            throw new ArgumentException("The SAS must start before it expires.", nameof(startsOn));
        }

        return new Uri(Uri.AbsoluteUri + "?" + BlobSas.BuildQuery(key, ContainerName, Name, permissions, expiresOn, startsOn));
    }

    internal static string EscapeBlobName(string blobName) =>
        string.Join('/', blobName.Split('/').Select(Uri.EscapeDataString));

    private async Task<string> PutBlobAsync(HttpContent content, string? contentType, bool overwrite, CancellationToken cancellationToken)
    {
        using var request = _pipeline.CreateRequest(HttpMethod.Put, Uri);
        request.Headers.TryAddWithoutValidation("x-ms-blob-type", "BlockBlob");
        if (!overwrite)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", "*");
        }

        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType ?? "application/octet-stream");
        request.Content = content;
        using var response = await _pipeline.SendEnsureSuccessAsync(request, cancellationToken).ConfigureAwait(false);
        return StoragePipeline.ETag(response) ?? string.Empty;
    }

    private async Task StageBlockCoreAsync(string base64BlockId, HttpContent content, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(base64BlockId);
        using var request = _pipeline.CreateRequest(HttpMethod.Put, new Uri(Uri.AbsoluteUri + "?comp=block&blockid=" + Uri.EscapeDataString(base64BlockId)));
        request.Content = content;
        using var response = await _pipeline.SendEnsureSuccessAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> CommitBlockListAsync(IEnumerable<string> blockIds, string? contentType, bool overwrite, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blockIds);
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
        foreach (var id in blockIds)
        {
            xml.Append("<Latest>").Append(SecurityElement.Escape(id)).Append("</Latest>");
        }

        xml.Append("</BlockList>");
        using var request = _pipeline.CreateRequest(HttpMethod.Put, new Uri(Uri.AbsoluteUri + "?comp=blocklist"));
        request.Headers.TryAddWithoutValidation("x-ms-blob-content-type", contentType ?? "application/octet-stream");
        if (!overwrite)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", "*");
        }

        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(xml.ToString()));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        using var response = await _pipeline.SendEnsureSuccessAsync(request, cancellationToken).ConfigureAwait(false);
        return StoragePipeline.ETag(response) ?? string.Empty;
    }

    private async Task<string> UploadStagedCoreAsync(
        Stream content, int blockSize, string? contentType, bool overwrite, int maxConcurrency, bool singlePutIfSmall, CancellationToken cancellationToken)
    {
        var blockIds = new List<string>();
        var inFlight = new List<Task>();
        using var gate = new SemaphoreSlim(maxConcurrency, maxConcurrency);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            while (true)
            {
                await gate.WaitAsync(failed.Token).ConfigureAwait(false);
                var buffer = ArrayPool<byte>.Shared.Rent(blockSize);
                int read;
                try
                {
                    read = await content.ReadAtLeastAsync(buffer.AsMemory(0, blockSize), blockSize, throwOnEndOfStream: false, failed.Token)
                        .ConfigureAwait(false);
                }
                catch
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    gate.Release();
                    throw;
                }

                if (read == 0 && !(singlePutIfSmall && blockIds.Count == 0))
                {
                    // End of content (an empty content commits an empty block list: an empty blob).
                    ArrayPool<byte>.Shared.Return(buffer);
                    gate.Release();
                    break;
                }

                if (singlePutIfSmall && blockIds.Count == 0 && read < blockSize)
                {
                    // The whole content fitted in the first block: one Put Blob is cheaper than stage + commit.
                    try
                    {
                        return await PutBlobAsync(new ByteArrayContent(buffer, 0, read), contentType, overwrite, cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        gate.Release();
                    }
                }

                var id = BlockId(blockIds.Count);
                blockIds.Add(id);
                inFlight.Add(StageAndReleaseAsync(id, buffer, read));
                inFlight.RemoveAll(t => t.IsCompletedSuccessfully);
                if (inFlight.FirstOrDefault(t => t.IsFaulted || t.IsCanceled) is { } broken)
                {
                    await broken.ConfigureAwait(false);
                }

                if (read < blockSize)
                {
                    break;
                }
            }

            await Task.WhenAll(inFlight).ConfigureAwait(false);
        }
        catch
        {
            await failed.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(inFlight.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default))).ConfigureAwait(false);
            throw;
        }

        return await CommitBlockListAsync(blockIds, contentType, overwrite, cancellationToken).ConfigureAwait(false);

        async Task StageAndReleaseAsync(string id, byte[] buffer, int length)
        {
            try
            {
                await StageBlockCoreAsync(id, new ByteArrayContent(buffer, 0, length), failed.Token).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
                gate.Release();
            }
        }
    }
}
