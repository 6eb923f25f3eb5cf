using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using TalentFunctions.Web.Api;
using TalentFunctions.Web.Tests.Hosting;
using TalentFunctions.Web.Tests.Infrastructure;
using TalentFunctions.TestSupport;
using static TalentFunctions.Web.Tests.Api.ApiTestKit;

namespace TalentFunctions.Web.Tests.Api;

/// <summary>
/// Oversized and odd requests over a real socket: Kestrel enforces the 1 MiB body limit itself (the in-memory test
/// server does not), so a chunked body over the limit must still be a 413 ProblemDetails, never a 500.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class KestrelBodyLimitTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Bodies_over_1_MiB_are_413_problems_over_a_real_socket_chunked_or_not()
    {
        var settings = TestSettings.Valid(azurite.ConnectionString);
        settings["Orchestration:TablePrefix"] = AzuriteFixture.UniqueTableName("kbody")[..14];
        settings["Orchestration:WorkItemQueue"] = AzuriteFixture.UniqueQueueName("work");
        await using var factory = new HostingAppFactory(settings);
        factory.UseKestrel(0);
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var client = new HttpClient { BaseAddress = new Uri(address.Replace("localhost", "127.0.0.1", StringComparison.Ordinal)) };

        var created = await client.PostAsync("/api/applications", new StringContent(TestApp.CreateBody("kestrel@example.com").ToJsonString(), Encoding.UTF8, "application/json"));
        var body = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        var id = body.GetProperty("id").GetString()!;
        var token = body.GetProperty("accessToken").GetString()!;

        var over = Encoding.UTF8.GetBytes("{\"reason\":\"" + new string('x', JsonBody.MaxBytes) + "\"}");
        foreach (var (method, path, chunked) in new (HttpMethod, string, bool)[]
                 {
                     (HttpMethod.Post, "/api/applications", false),
                     (HttpMethod.Post, "/api/applications", true),
                     (HttpMethod.Patch, $"/api/applications/{id}", true),
                     (HttpMethod.Post, $"/api/applications/{id}/withdraw", true),
                     (HttpMethod.Post, $"/api/applications/{id}/materials", true),
                     (HttpMethod.Post, $"/api/staff/applications/{id}/decision", true),
                 })
        {
            using var request = new HttpRequestMessage(method, path) { Content = chunked ? new UnknownLengthContent(over) : new ByteArrayContent(over) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Add("X-Api-Key", TestSettings.StaffApiKey);
            using var response = await client.SendAsync(request);
            await AssertProblemAsync(response, 413, "body-too-large", $"{method} {path} with {(chunked ? "a chunked" : "a Content-Length")} body over 1 MiB");
        }

        // Nothing happened to the application.
        using var view = await client.SendAsync(TestApp.As(token, HttpMethod.Get, $"/api/applications/{id}"));
        Assert.Contains("\"version\":1", await view.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A chunked body within the limit is read, not ignored: the withdrawal keeps its reason.
        using var withdraw = new HttpRequestMessage(HttpMethod.Post, $"/api/applications/{id}/withdraw")
        {
            Content = new UnknownLengthContent(Encoding.UTF8.GetBytes("{\"reason\":\"计划有变 Plans changed\"}")),
        };
        withdraw.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        withdraw.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using (var withdrawn = await client.SendAsync(withdraw))
        {
            Assert.Equal(System.Net.HttpStatusCode.Accepted, withdrawn.StatusCode);
        }
        using var staff = new HttpRequestMessage(HttpMethod.Get, $"/api/staff/applications/{id}");
        staff.Headers.Add("X-Api-Key", TestSettings.StaffApiKey);
        using var detail = await client.SendAsync(staff);
        var application = System.Text.Json.JsonDocument.Parse(await detail.Content.ReadAsStringAsync()).RootElement.GetProperty("application");
        Assert.Equal("计划有变 Plans changed", application.GetProperty("withdrawalReason").GetString());
    }

    /// <summary>A body sent without Content-Length (chunked).</summary>
    private sealed class UnknownLengthContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
