using System.Net;
using System.Security.Cryptography;
using System.Text;
using Azure;
using TalentFunctions.Storage.Blobs;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Storage.Tests;

[Collection(AzuriteFixture.Collection)]
public sealed class BlobClientTests(AzuriteFixture azurite)
{
    private readonly BlobServiceClient _service = new(azurite.ConnectionString);

    [Fact]
    public async Task Container_create_is_idempotent_and_delete_reports_existence()
    {
        var container = _service.GetBlobContainerClient(AzuriteFixture.UniqueContainerName());

        Assert.True(await container.CreateIfNotExistsAsync());
        Assert.False(await container.CreateIfNotExistsAsync());
        Assert.True(await container.DeleteIfExistsAsync());
        Assert.False(await container.DeleteIfExistsAsync());
    }

    [Fact]
    public async Task Upload_download_and_properties_round_trip()
    {
        var container = await NewContainerAsync();
        var blob = container.GetBlobClient("materials/app-1/showreel notes+v2.txt");
        var bytes = Encoding.UTF8.GetBytes("Showreel notes — 林小雨 🎬");

        var etag = await blob.UploadAsync(bytes, "text/plain; charset=utf-8");

        Assert.Equal(bytes, await blob.DownloadContentAsync());
        var properties = await blob.GetPropertiesAsync();
        Assert.NotNull(properties);
        Assert.Equal(bytes.Length, properties.Length);
        Assert.Equal("text/plain; charset=utf-8", properties.ContentType);
        Assert.Equal(etag, properties.ETag);
        Assert.NotNull(properties.LastModified);
    }

    [Fact]
    public async Task Upload_from_streams_and_binary_data()
    {
        var container = await NewContainerAsync();
        var seekable = new MemoryStream(Encoding.UTF8.GetBytes("xxHELLO"));
        seekable.Position = 2;

        await container.GetBlobClient("a").UploadAsync(seekable);
        await container.GetBlobClient("b").UploadAsync(new NonSeekableStream(Encoding.UTF8.GetBytes("piped")), "text/plain");
        await container.GetBlobClient("c").UploadAsync(BinaryData.FromString("data"));

        Assert.Equal("HELLO", Encoding.UTF8.GetString(await container.GetBlobClient("a").DownloadContentAsync()));
        Assert.Equal("piped", Encoding.UTF8.GetString(await container.GetBlobClient("b").DownloadContentAsync()));
        Assert.Equal("data", Encoding.UTF8.GetString(await container.GetBlobClient("c").DownloadContentAsync()));
        Assert.Equal("application/octet-stream", (await container.GetBlobClient("a").GetPropertiesAsync())!.ContentType);
    }

    [Fact]
    public async Task Upload_without_overwrite_refuses_an_existing_blob()
    {
        var container = await NewContainerAsync();
        var blob = container.GetBlobClient("once");
        await blob.UploadAsync(new byte[] { 1 }, overwrite: false);

        var error = await Assert.ThrowsAsync<StorageRequestFailedException>(() => blob.UploadAsync(new byte[] { 2 }, overwrite: false));

        Assert.Equal(409, error.Status);
        Assert.Equal("BlobAlreadyExists", error.ErrorCode);
        Assert.Equal([1], await blob.DownloadContentAsync());
    }

    [Fact]
    public async Task Missing_blobs_give_null_properties_404_downloads_and_false_deletes()
    {
        var container = await NewContainerAsync();
        var blob = container.GetBlobClient("missing");

        Assert.Null(await blob.GetPropertiesAsync());
        var error = await Assert.ThrowsAsync<StorageRequestFailedException>(() => blob.DownloadStreamingAsync());
        Assert.Equal(404, error.Status);
        Assert.Equal("BlobNotFound", error.ErrorCode);
        Assert.False(await blob.DeleteIfExistsAsync());
    }

    [Fact]
    public async Task Delete_removes_the_blob()
    {
        var container = await NewContainerAsync();
        var blob = container.GetBlobClient("gone");
        await blob.UploadAsync(new byte[] { 1, 2, 3 });

        Assert.True(await blob.DeleteIfExistsAsync());
        Assert.Null(await blob.GetPropertiesAsync());
    }

    [Fact]
    public async Task A_range_download_returns_206_and_only_those_bytes()
    {
        var container = await NewContainerAsync();
        var blob = container.GetBlobClient("range");
        var bytes = Enumerable.Range(0, 20).Select(i => (byte)i).ToArray();
        await blob.UploadAsync(bytes);

        await using (var download = await blob.DownloadStreamingAsync(new HttpRange(8, 5)))
        {
            Assert.Equal(206, download.Status);
            Assert.True(download.IsPartial);
            Assert.Equal(5, download.ContentLength);
            Assert.Equal("bytes 8-12/20", download.ContentRange);
            Assert.Equal(bytes[8..13], await ReadAllAsync(download.Content));
        }

        await using (var tail = await blob.DownloadStreamingAsync(new HttpRange(15)))
        {
            Assert.Equal(bytes[15..], await ReadAllAsync(tail.Content));
        }

        await using var whole = await blob.DownloadStreamingAsync();
        Assert.Equal(200, whole.Status);
        Assert.Equal(bytes, await ReadAllAsync(whole.Content));
    }

    [Fact]
    public async Task A_20_MB_staged_upload_round_trips_byte_for_byte()
    {
        var container = await NewContainerAsync();
        var blob = container.GetBlobClient("media/showreel.mp4");
        var bytes = RandomNumberGenerator.GetBytes((20 * 1024 * 1024) + 12345);

        var etag = await blob.UploadStagedAsync(new MemoryStream(bytes), 4 * 1024 * 1024, "video/mp4");

        var properties = await blob.GetPropertiesAsync();
        Assert.Equal(bytes.Length, properties!.Length);
        Assert.Equal("video/mp4", properties.ContentType);
        Assert.Equal(etag, properties.ETag);
        await using var download = await blob.DownloadStreamingAsync();
        Assert.Equal(SHA256.HashData(bytes), await SHA256.HashDataAsync(download.Content));
    }

    [Fact]
    public async Task Blocks_staged_by_hand_commit_in_the_listed_order()
    {
        var container = await NewContainerAsync();
        var blob = container.GetBlobClient("manual");

        await blob.StageBlockAsync(BlobClient.BlockId(1), new MemoryStream(Encoding.UTF8.GetBytes("world")));
        await blob.StageBlockAsync(BlobClient.BlockId(0), Encoding.UTF8.GetBytes("hello "));
        await blob.CommitBlockListAsync([BlobClient.BlockId(0), BlobClient.BlockId(1)], "text/plain");

        Assert.Equal("hello world", Encoding.UTF8.GetString(await blob.DownloadContentAsync()));
        Assert.Equal(BlobClient.BlockId(0).Length, BlobClient.BlockId(123_456).Length);
    }

    [Fact]
    public async Task Large_non_seekable_streams_are_staged_automatically()
    {
        var container = await NewContainerAsync();
        var blob = container.GetBlobClient("piped-large");
        var bytes = RandomNumberGenerator.GetBytes((9 * 1024 * 1024) + 7);

        await blob.UploadAsync(new NonSeekableStream(bytes), "application/zip");

        Assert.Equal(bytes, await blob.DownloadContentAsync());
        Assert.Equal("application/zip", (await blob.GetPropertiesAsync())!.ContentType);
    }

    [Fact]
    public async Task Listing_by_prefix_follows_markers()
    {
        var container = await NewContainerAsync();
        foreach (var name in new[] { "app-1/a.pdf", "app-1/b.pdf", "app-1/c d.pdf", "app-10/x.pdf", "app-2/y.pdf", "z.txt" })
        {
            await container.GetBlobClient(name).UploadAsync(Encoding.UTF8.GetBytes(name), "application/pdf");
        }

        var items = new List<BlobItem>();
        await foreach (var item in container.GetBlobsAsync("app-1/", pageSizeHint: 2))
        {
            items.Add(item);
        }

        Assert.Equal(["app-1/a.pdf", "app-1/b.pdf", "app-1/c d.pdf"], items.Select(i => i.Name));
        Assert.All(items, i => Assert.Equal("application/pdf", i.ContentType));
        Assert.Equal("app-1/a.pdf".Length, items[0].Length);
        Assert.Equal((await container.GetBlobClient("app-1/a.pdf").GetPropertiesAsync())!.ETag, items[0].ETag);
        var all = new List<string>();
        await foreach (var item in container.GetBlobsAsync())
        {
            all.Add(item.Name);
        }

        Assert.Equal(6, all.Count);
    }

    [Fact]
    public async Task Anonymous_put_and_get_through_sas_urls_work_and_bad_ones_are_refused()
    {
        var container = await NewContainerAsync();
        var blob = container.GetBlobClient("uploads/app-1/reel.mp4");
        var other = container.GetBlobClient("uploads/app-2/reel.mp4");
        await other.UploadAsync(new byte[] { 9 });
        var now = DateTimeOffset.UtcNow;
        using var browser = new HttpClient();

        var writeSas = blob.GenerateSasUri(BlobSasPermissions.Create | BlobSasPermissions.Write, now.AddMinutes(10), now.AddMinutes(-5));
        Assert.Contains("sp=cw", writeSas.Query);
        using (var put = await browser.SendAsync(BlobPut(writeSas, "reel")))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        var readSas = blob.GenerateSasUri(BlobSasPermissions.Read, now.AddMinutes(10));
        Assert.Equal("reel", await browser.GetStringAsync(readSas));

        // Write-only cannot read; read-only cannot write.
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(browser, new HttpRequestMessage(HttpMethod.Get, writeSas)));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(browser, BlobPut(readSas, "overwrite")));

        // Expired.
        var expired = blob.GenerateSasUri(BlobSasPermissions.Read, now.AddMinutes(-1), now.AddMinutes(-10));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(browser, new HttpRequestMessage(HttpMethod.Get, expired)));

        // Not yet valid.
        var future = blob.GenerateSasUri(BlobSasPermissions.Read, now.AddHours(2), now.AddHours(1));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(browser, new HttpRequestMessage(HttpMethod.Get, future)));

        // Tampered: permissions widened without re-signing, and a flipped signature.
        var widened = new Uri(readSas.AbsoluteUri.Replace("sp=r", "sp=rcw", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(browser, BlobPut(widened, "evil")));
        var badSignature = new Uri(readSas.AbsoluteUri.Replace("sig=", "sig=A", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(browser, new HttpRequestMessage(HttpMethod.Get, badSignature)));

        // Another blob's SAS on this blob.
        var otherSas = other.GenerateSasUri(BlobSasPermissions.Read, now.AddMinutes(10));
        var reused = new Uri(blob.Uri.AbsoluteUri + otherSas.Query);
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(browser, new HttpRequestMessage(HttpMethod.Get, reused)));

        // No SAS at all.
        Assert.NotEqual(HttpStatusCode.OK, await StatusAsync(browser, new HttpRequestMessage(HttpMethod.Get, blob.Uri)));
        Assert.Equal("reel", Encoding.UTF8.GetString(await blob.DownloadContentAsync()));
    }

    [Fact]
    public void Sas_permissions_are_emitted_in_canonical_order_and_need_a_shared_key()
    {
        var blob = _service.GetBlobContainerClient("c").GetBlobClient("b");

        var sas = blob.GenerateSasUri(BlobSasPermissions.All, DateTimeOffset.UtcNow.AddMinutes(5));

        Assert.Contains("sp=racwd", sas.Query);
        Assert.Contains("sr=b", sas.Query);
        Assert.True(blob.CanGenerateSasUri);
        var tokenBlob = new BlobServiceClient(azurite.BlobEndpoint, new StaticTokenCredential("t"))
            .GetBlobContainerClient("c").GetBlobClient("b");
        Assert.False(tokenBlob.CanGenerateSasUri);
        var error = Assert.Throws<InvalidOperationException>(() => tokenBlob.GenerateSasUri(BlobSasPermissions.Read, DateTimeOffset.UtcNow.AddMinutes(5)));
        Assert.Contains("user delegation", error.Message);
    }

    [Fact]
    public async Task Cors_rules_are_set_and_a_preflight_is_answered()
    {
        await _service.SetCorsRulesAsync(
        [
            new BlobCorsRule
            {
                AllowedOrigins = "http://localhost:5173",
                AllowedMethods = "PUT,GET,OPTIONS",
                AllowedHeaders = "*",
                ExposedHeaders = "*",
                MaxAgeInSeconds = 600,
            },
        ]);
        var container = await NewContainerAsync();
        var blob = container.GetBlobClient("cors/target.bin");
        using var browser = new HttpClient();

        using var allowed = new HttpRequestMessage(HttpMethod.Options, blob.Uri);
        allowed.Headers.Add("Origin", "http://localhost:5173");
        allowed.Headers.Add("Access-Control-Request-Method", "PUT");
        allowed.Headers.Add("Access-Control-Request-Headers", "x-ms-blob-type,content-type");
        using var answer = await browser.SendAsync(allowed);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("http://localhost:5173", answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("PUT", string.Join(",", answer.Headers.GetValues("Access-Control-Allow-Methods")));

        using var denied = new HttpRequestMessage(HttpMethod.Options, blob.Uri);
        denied.Headers.Add("Origin", "http://evil.example");
        denied.Headers.Add("Access-Control-Request-Method", "PUT");
        using var refused = await browser.SendAsync(denied);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    private static HttpRequestMessage BlobPut(Uri uri, string text)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, uri) { Content = new StringContent(text) };
        request.Headers.Add("x-ms-blob-type", "BlockBlob");
        return request;
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, HttpRequestMessage request)
    {
        using (request)
        using (var response = await client.SendAsync(request))
        {
            return response.StatusCode;
        }
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private async Task<BlobContainerClient> NewContainerAsync()
    {
        var container = _service.GetBlobContainerClient(AzuriteFixture.UniqueContainerName());
        await container.CreateIfNotExistsAsync();
        return container;
    }

    /// <summary>A stream that cannot seek, like a request body or a pipe.</summary>
    private sealed class NonSeekableStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 1000));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
