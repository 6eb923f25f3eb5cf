using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TalentFunctions.Web.Security;
using TalentFunctions.Web.Tests.Hosting;
using TalentFunctions.Notifications.Links;
using TalentFunctions.TestSupport;
using static TalentFunctions.Web.Tests.Api.ApiTestKit;

namespace TalentFunctions.Web.Tests.Api;

/// <summary>
/// The authentication schemes and policies (Security/ApiAuthentication): which credential opens which
/// route, and that a refusal is the same answer the handlers gave before: the 404 problem of a missing
/// application on applicant routes, the 401 <c>unauthorized</c> problem on staff routes.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class AuthenticationTests(AzuriteFixture azurite, SeededApplications seeded) : IClassFixture<SeededApplications>
{
    private const string Apps = "/api/applications";

    private const string NotFoundBody =
        """{"type":"/problems/not-found","title":"No such application.","status":404,"detail":"There is no application with this id, or the credentials do not grant access to it.","code":"not-found"}""";

    private const string UnauthorizedBody =
        """{"type":"/problems/unauthorized","title":"A valid staff API key is required.","status":401,"detail":"Send it in the X-Api-Key header.","code":"unauthorized"}""";

    [Fact]
    public async Task A_token_for_one_application_used_on_another_is_the_404_of_a_missing_application()
    {
        var s = await seeded.StartAsync(azurite);

        using var wrong = await s.App.Client.SendAsync(Raw(HttpMethod.Get, $"{Apps}/{s.Other.Id}", token: s.Target.Token));
        Assert.Equal(NotFoundBody, WithoutTraceId(await AssertProblemAsync(wrong, 404, "not-found", "A's token on B")));
        Assert.Null(wrong.Headers.WwwAuthenticate.FirstOrDefault());

        // The same bytes (but the trace id) as the 404 a handler gives for an id that does not exist.
        using var missing = await s.App.Staff.GetAsync($"/api/staff/applications/app-{new string('0', 20)}");
        Assert.Equal(NotFoundBody, WithoutTraceId(await AssertProblemAsync(missing, 404, "not-found", "staff detail of a missing id")));

        using var own = await s.App.Client.SendAsync(Raw(HttpMethod.Get, $"{Apps}/{s.Other.Id}", token: s.Other.Token));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task A_resume_link_token_opens_its_own_application_only()
    {
        var s = await seeded.StartAsync(azurite);
        var links = s.App.Get<LinkTokenService>();
        var expires = s.App.Clock.GetUtcNow().AddDays(30);
        var resume = links.Create(LinkPurpose.Resume, s.Target.Id, s.Target.Id, expires);

        using var own = await s.App.Client.SendAsync(Raw(HttpMethod.Get, $"{Apps}/{s.Target.Id}", token: resume));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);

        foreach (var (what, url, token) in new (string, string, string)[]
                 {
                     ("on another application", $"{Apps}/{s.Other.Id}", resume),
                     ("for another subject", $"{Apps}/{s.Target.Id}", links.Create(LinkPurpose.Resume, s.Target.Id, s.Other.Id, expires)),
                     ("of another purpose", $"{Apps}/{s.Target.Id}", links.Create(LinkPurpose.Offer, s.Target.Id, s.Target.Id, expires)),
                     ("expired", $"{Apps}/{s.Target.Id}", links.Create(LinkPurpose.Resume, s.Target.Id, s.Target.Id, s.App.Clock.GetUtcNow().AddMinutes(-1))),
                 })
        {
            using var response = await s.App.Client.SendAsync(Raw(HttpMethod.Get, url, token: token));
            Assert.Equal(NotFoundBody, WithoutTraceId(await AssertProblemAsync(response, 404, "not-found", $"a resume token {what}")));
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong-staff-api-key-0123456789")]
    public async Task A_missing_or_wrong_staff_key_is_the_401_unauthorized_problem(string? key)
    {
        var s = await seeded.StartAsync(azurite);
        foreach (var (method, url) in new (HttpMethod, string)[]
                 {
                     (HttpMethod.Get, "/api/staff/applications?programId=hina-directors&stage=Draft"),
                     (HttpMethod.Get, "/api/staff/applications.csv?programId=hina-directors"),
                     (HttpMethod.Get, $"/api/staff/applications/{s.Target.Id}"),
                     (HttpMethod.Post, $"/api/staff/applications/{s.Target.Id}/assign-mentors"),
                     (HttpMethod.Get, "/api/staff/dashboard?programId=hina-directors"),
                 })
        {
            using var request = Raw(method, url, headers: key is null ? null : new Dictionary<string, string> { [StaffApiKeyAuthenticationHandler.Header] = key });
            using var response = await s.App.Client.SendAsync(request);
            Assert.Equal(UnauthorizedBody, WithoutTraceId(await AssertProblemAsync(response, 401, "unauthorized", $"{method} {url} with key '{key}'")));
            Assert.Null(response.Headers.WwwAuthenticate.FirstOrDefault());
        }
    }

    [Fact]
    public async Task The_staff_key_does_not_open_an_applicants_routes_nor_an_applicants_token_the_staff_routes()
    {
        var s = await seeded.StartAsync(azurite);

        using var staffOnApplicant = await s.App.Client.SendAsync(Raw(HttpMethod.Get, $"{Apps}/{s.Target.Id}", staffKey: TestSettings.StaffApiKey));
        Assert.Equal(NotFoundBody, WithoutTraceId(await AssertProblemAsync(staffOnApplicant, 404, "not-found", "the staff key on an applicant route")));

        using var staffAsBearer = await s.App.Client.SendAsync(Raw(HttpMethod.Get, $"{Apps}/{s.Target.Id}", token: TestSettings.StaffApiKey));
        Assert.Equal(NotFoundBody, WithoutTraceId(await AssertProblemAsync(staffAsBearer, 404, "not-found", "the staff key as a bearer token")));

        using var applicantOnStaff = await s.App.Client.SendAsync(Raw(HttpMethod.Get, $"/api/staff/applications/{s.Target.Id}", token: s.Target.Token));
        Assert.Equal(UnauthorizedBody, WithoutTraceId(await AssertProblemAsync(applicantOnStaff, 401, "unauthorized", "an applicant's token on a staff route")));

        using var staff = await s.App.Staff.GetAsync($"/api/staff/applications/{s.Target.Id}");
        Assert.Equal(HttpStatusCode.OK, staff.StatusCode);
    }

    [Fact]
    public async Task Public_routes_need_no_credentials()
    {
        var s = await seeded.StartAsync(azurite);
        using var programs = await s.App.Client.GetAsync("/api/programs");
        Assert.Equal(HttpStatusCode.OK, programs.StatusCode);
        using var health = await s.App.Client.GetAsync("/api/health");
        Assert.True(health.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"health answered {(int)health.StatusCode}");
    }

    /// <summary>Staff routes that need more than the reader role: deciding needs a decider, attention items and exports an admin.</summary>
    private static readonly Dictionary<string, string> StaffRolePolicies = new()
    {
        ["StaffExportApplications"] = ApiAuthentication.StaffAdminPolicy,
        ["StaffDecide"] = ApiAuthentication.StaffDeciderPolicy,
        ["StaffReleaseDecisions"] = ApiAuthentication.StaffDeciderPolicy,
        ["StaffMoveDecisionRelease"] = ApiAuthentication.StaffDeciderPolicy,
        ["StaffOverrideScreening"] = ApiAuthentication.StaffDeciderPolicy,
        ["StaffAssignMentors"] = ApiAuthentication.StaffDeciderPolicy,
        ["StaffResolveAttention"] = ApiAuthentication.StaffAdminPolicy,
        ["StaffRetryApplication"] = ApiAuthentication.StaffAdminPolicy,
        ["ConsoleDecide"] = ApiAuthentication.StaffDeciderPolicy,
        ["ConsoleOverrideScreening"] = ApiAuthentication.StaffDeciderPolicy,
        ["ConsoleAssignMentors"] = ApiAuthentication.StaffDeciderPolicy,
        ["ConsoleReleaseDecisions"] = ApiAuthentication.StaffDeciderPolicy,
        ["ConsoleResolveAttention"] = ApiAuthentication.StaffAdminPolicy,
        ["StaffExportApplication"] = ApiAuthentication.StaffAdminPolicy,
        ["StaffEraseApplication"] = ApiAuthentication.StaffAdminPolicy,
    };

    /// <summary>
    /// Every endpoint under /api/applications/{id} needs the applicant policy, every staff endpoint the staff one (and
    /// the role policy of <see cref="StaffRolePolicies"/>), the rest none.
    /// </summary>
    [Fact]
    public async Task Each_route_requires_the_policy_of_its_caller_kind()
    {
        var s = await seeded.StartAsync(azurite);
        var endpoints = s.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.NotEmpty(endpoints);
        foreach (var endpoint in endpoints)
        {
            var route = endpoint.RoutePattern.RawText ?? "";
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            // Staff routes (the JSON API and the console pages, except signing in and out) need the staff policy, and a
            // role policy on top where the role matters.
            var staff = route.StartsWith("/api/staff/", StringComparison.Ordinal)
                || (route.StartsWith("/console", StringComparison.Ordinal) && !route.StartsWith("/console/sign-", StringComparison.Ordinal));
            string?[] expected = staff
                    ? [ApiAuthentication.StaffPolicy, .. StaffRolePolicies.TryGetValue(endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? "", out var role) ? [role] : Array.Empty<string>()]
                : route.StartsWith("/api/applications/{id}", StringComparison.Ordinal) ? [ApiAuthentication.ApplicantOfRouteApplicationPolicy]
                : [];
            Assert.True(expected.SequenceEqual(policies), $"{route} ({endpoint.DisplayName}) requires [{string.Join(", ", policies)}], expected [{string.Join(", ", expected)}]");
        }
    }
}
