using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using Azure.Core;
using TalentFunctions.Storage.Auth;
using TalentFunctions.Storage.Internal;

namespace TalentFunctions.Storage.Blobs;

/// <summary>
/// Entry point to the Blob service of one account. Create it once (it owns the HTTP pipeline);
/// container and blob clients obtained from it share that pipeline.
/// </summary>
public sealed class BlobServiceClient
{
    private readonly StoragePipeline _pipeline;

    public BlobServiceClient(string connectionString, StorageClientOptions? options = null)
        : this(StorageConnectionString.Parse(connectionString), options)
    {
    }

    public BlobServiceClient(StorageConnectionString connectionString, StorageClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        _pipeline = new StoragePipeline(
            StorageServiceKind.Blob, connectionString.GetEndpoint(StorageServiceKind.Blob), connectionString.Credential, null, options);
    }

    public BlobServiceClient(Uri endpoint, StorageSharedKeyCredential credential, StorageClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(credential);
        _pipeline = new StoragePipeline(StorageServiceKind.Blob, endpoint, credential, null, options);
    }

    /// <summary>Authenticates with bearer tokens (scope https://storage.azure.com/.default). Such clients cannot sign SAS URLs.</summary>
    public BlobServiceClient(Uri endpoint, TokenCredential credential, StorageClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(credential);
        _pipeline = new StoragePipeline(StorageServiceKind.Blob, endpoint, null, credential, options);
    }

    public Uri Uri => _pipeline.Endpoint;

    public string? AccountName => _pipeline.SharedKey?.AccountName;

    public BlobContainerClient GetBlobContainerClient(string containerName) => new(_pipeline, containerName);

    /// <summary>
    /// Replaces the Blob service's CORS rules (at most 5); an empty list removes them. Other service
    /// properties are left as they are.
    /// </summary>
    public async Task SetCorsRulesAsync(IReadOnlyList<BlobCorsRule> rules, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (rules.Count > 5)
        {
            throw new ArgumentException("The Blob service accepts at most 5 CORS rules.", nameof(rules));
        }

        var cors = new XElement("Cors", rules.Select(rule => new XElement(
            "CorsRule",
            new XElement("AllowedOrigins", rule.AllowedOrigins),
            new XElement("AllowedMethods", rule.AllowedMethods),
            new XElement("MaxAgeInSeconds", rule.MaxAgeInSeconds),
            new XElement("ExposedHeaders", rule.ExposedHeaders),
            new XElement("AllowedHeaders", rule.AllowedHeaders))));
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>" + new XElement("StorageServiceProperties", cors).ToString(SaveOptions.DisableFormatting);

        using var request = _pipeline.CreateRequest(HttpMethod.Put, _pipeline.BuildUri(string.Empty, "restype=service&comp=properties"));
        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(xml));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        using var response = await _pipeline.SendEnsureSuccessAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
