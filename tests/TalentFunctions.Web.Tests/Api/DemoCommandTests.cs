using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Standalone.Demo;
using TalentFunctions.Web.Materials;
using TalentFunctions.Web.Tests.Hosting;
using TalentFunctions.Web.Tests.Infrastructure;
using TalentFunctions.Workflow.Queries;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Web.Tests.Api;

/// <summary>
/// The <c>demo</c> verb's run against the real app listening on a loopback port, with its local queue and timer
/// runners on and the dev mailbox as the email sender, exactly as <c>dotnet run</c> starts it.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class DemoCommandTests(AzuriteFixture azurite, Xunit.Abstractions.ITestOutputHelper log)
{
    [Fact]
    public async Task The_demo_takes_one_application_to_accepted_over_http_against_the_running_app()
    {
        var settings = TestSettings.Valid(azurite.ConnectionString);
        settings["Orchestration:TablePrefix"] = AzuriteFixture.UniqueTableName("demo")[..14];
        settings["Hosting:QueueMaxPollingInterval"] = "00:00:00.250";
        // Business time starts inside the program's application window and runs at the real pace, so the
        // runners' waits are real while the outcome does not depend on today's date.
        await using var factory = new HostingAppFactory(settings, s => s.AddSingleton<TimeProvider>(new RunningClock(TestApp.Start)));
        factory.UseKestrel(0);
        factory.StartServer();
        var baseUrl = ServerAddress(factory);
        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(baseUrl.Host)), $"the app listens on {baseUrl}");

        using var api = new HttpClient { BaseAddress = baseUrl };
        using var storage = new HttpClient();
        var output = new StringWriter();
        var run = new DemoRun(api, storage, TestSettings.StaffApiKey, factory.Services.GetRequiredService<ProgramCatalog>(), output, TimeSpan.FromSeconds(60));
        DemoResult result;
        try
        {
            result = await run.RunAsync();
        }
        catch (DemoException ex)
        {
            Assert.Fail($"{ex.Message}\n{output}");
            throw;
        }
        finally
        {
            log.WriteLine($"demo against {baseUrl}:\n{output}");
        }

        Assert.Equal("Accepted", result.Stage);
        foreach (var step in new[] { "draft-created", "material-attached", "submitted", "screened-in", "reviewed", "offer-made", "offer-accepted" })
        {
            Assert.True(result.Timeline.Any(l => l.Contains(" " + step + " ", StringComparison.Ordinal)), $"no {step} in the timeline:\n{output}");
        }
        var text = output.ToString();
        Assert.Contains("Timeline of " + result.ApplicationId, text, StringComparison.Ordinal);

        // What storage holds agrees: two verified materials, two mentor reviews, an accepted offer.
        var state = await factory.Services.GetRequiredService<ApplicationQueries>().GetAsync(result.ApplicationId);
        Assert.NotNull(state);
        Assert.Equal(Stage.Accepted, state.Stage);
        Assert.Equal(2, state.Materials.Count(m => m.Status == MaterialStatus.Verified));
        Assert.Equal(2, state.Assignments.Count(a => a.Review is not null));
        Assert.Equal("陈思远", state.Applicant.Name);
    }

    [Fact]
    public async Task Against_nothing_the_demo_says_to_start_the_app()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        using var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        using var storage = new HttpClient();
        var run = new DemoRun(api, storage, TestSettings.StaffApiKey, ProgramCatalog.LoadDefault(), TextWriter.Null, TimeSpan.FromSeconds(5));
        var failure = await Assert.ThrowsAsync<DemoException>(() => run.RunAsync());
        Assert.Contains("nothing answers at http://127.0.0.1:" + port, failure.Message, StringComparison.Ordinal);
        Assert.Contains("dotnet run --project src/TalentFunctions.Standalone", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sample_files_pass_the_apps_own_checks()
    {
        Assert.Equal((MaterialFamily.Video, "mp4"), MaterialStorage.Detect(DemoSamples.Mp4()));
        Assert.Equal((MaterialFamily.Pdf, "pdf"), MaterialStorage.Detect(DemoSamples.Pdf()));
        var pdf = System.Text.Encoding.ASCII.GetString(DemoSamples.Pdf());
        Assert.EndsWith("%%EOF\n", pdf, StringComparison.Ordinal);
        var startxref = int.Parse(pdf.Split("startxref\n")[1].Split('\n')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith("xref", pdf[startxref..], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], "http://localhost:7071/", null, 60)]
    [InlineData(new[] { "--base-url", "http://127.0.0.1:5000" }, "http://127.0.0.1:5000/", null, 60)]
    [InlineData(new[] { "--base-url=http://127.0.0.1:5000/", "--timeout", "5" }, "http://127.0.0.1:5000/", null, 5)]
    [InlineData(new[] { "--staff-key", "k-0123456789012345678901234" }, "http://localhost:7071/", "k-0123456789012345678901234", 60)]
    public void The_verb_reads_its_options(string[] args, string baseUrl, string? staffKey, int timeoutSeconds)
    {
        Assert.True(DemoCommand.TryParse(args, out var url, out var key, out var timeout, out var problem), problem);
        Assert.Equal(new Uri(baseUrl), url);
        Assert.Equal(staffKey, key);
        Assert.Equal(TimeSpan.FromSeconds(timeoutSeconds), timeout);
    }

    [Theory]
    [InlineData("--base-url", "ftp://example.com")]
    [InlineData("--base-url", "not a url")]
    [InlineData("--timeout", "soon")]
    [InlineData("--verbose", "yes")]
    public void The_verb_refuses_bad_options(string name, string value)
    {
        Assert.False(DemoCommand.TryParse([name, value], out _, out _, out _, out var problem));
        Assert.Contains(name, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_verb_is_recognised_only_in_first_place()
    {
        Assert.True(DemoCommand.IsDemo(["demo", "--base-url", "http://localhost:7071"]));
        Assert.False(DemoCommand.IsDemo(["--urls", "http://127.0.0.1:7072", "demo"]));
        Assert.False(DemoCommand.IsDemo([]));
    }

    private static Uri ServerAddress(HostingAppFactory factory)
    {
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal))
                      ?? throw new InvalidOperationException("The app has no HTTP address: " + string.Join(", ", addresses));
        var uri = new Uri(address);
        // "localhost" may resolve to ::1 first; the app listens on 127.0.0.1 too.
        return new Uri($"http://{(uri.Host == "localhost" ? "127.0.0.1" : uri.Host)}:{uri.Port}/");
    }

    /// <summary>Real time, shifted to start at <paramref name="start"/>: it runs at the real pace, timers included.</summary>
    private sealed class RunningClock(DateTimeOffset start) : TimeProvider
    {
        private readonly long startedAt = TimeProvider.System.GetTimestamp();

        public override DateTimeOffset GetUtcNow() => start + TimeProvider.System.GetElapsedTime(startedAt);
    }
}
