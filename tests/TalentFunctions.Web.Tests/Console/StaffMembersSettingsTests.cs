using TalentFunctions.Web.Settings;

namespace TalentFunctions.Web.Tests.Console;

/// <summary>Staff:Members is checked on start, each message naming the setting.</summary>
public sealed class StaffMembersSettingsTests
{
    private static StaffOptions Options(params StaffMemberOptions[] members) => new()
    {
        ApiKey = "test-staff-api-key-0123456789",
        Members = [.. members],
    };

    [Fact]
    public void Valid_members_pass()
    {
        var result = new StaffOptionsValidator().Validate(null, Options(
            new() { Email = "chen@program.example.org", Role = "admin", Name = "陈老师" },
            new() { Email = "li@program.example.org", Role = "Reader" }));
        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Bad_addresses_unknown_roles_and_duplicates_are_refused_by_name()
    {
        var result = new StaffOptionsValidator().Validate(null, Options(
            new() { Email = "not an address", Role = "admin" },
            new() { Email = "chen@program.example.org", Role = "owner" },
            new() { Email = "CHEN@program.example.org", Role = "reader" }));
        Assert.False(result.Succeeded);
        var failures = result.Failures!.ToList();
        Assert.Contains("Staff:Members:0:Email (app setting Staff__Members__0__Email) must be an email address.", failures);
        Assert.Contains("Staff:Members:1:Role (app setting Staff__Members__1__Role) must be one of: reader, decider, admin.", failures);
        Assert.Contains(failures, f => f.StartsWith("Staff:Members:2:Email (app setting Staff__Members__2__Email) lists an address already listed", StringComparison.Ordinal));
    }

    [Fact]
    public void Session_and_link_lifetimes_are_bounded()
    {
        var options = Options();
        options.SessionLifetime = TimeSpan.FromDays(30);
        options.SignInLinkLifetime = TimeSpan.Zero;
        var failures = new StaffOptionsValidator().Validate(null, options).Failures!.ToList();
        Assert.Contains(failures, f => f.StartsWith("Staff:SessionLifetime (app setting Staff__SessionLifetime)", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Staff:SignInLinkLifetime (app setting Staff__SignInLinkLifetime)", StringComparison.Ordinal));
    }
}
