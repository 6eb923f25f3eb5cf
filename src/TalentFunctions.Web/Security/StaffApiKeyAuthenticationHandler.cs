using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using TalentFunctions.Web.Api;
using TalentFunctions.Web.Settings;
using TalentFunctions.Web.Hosting;

namespace TalentFunctions.Web.Security;

/// <summary>
/// Staff send <c>X-Api-Key</c> equal to <c>Staff:ApiKey</c> (compared in constant time); the caller then
/// has every staff role (reader, decider, admin). Without it, or with another key, the answer is the 401 problem
/// <c>/problems/unauthorized</c>. In Azure the same endpoints can additionally sit behind the
/// platform's authentication.
/// </summary>
public sealed class StaffApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<StaffOptions> staff)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string Header = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[Header].ToString();
        if (presented.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        if (!KeyMatches(presented, staff.Value.ApiKey ?? ""))
        {
            return Task.FromResult(AuthenticateResult.Fail("The staff API key is not the configured one."));
        }
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, StaffApiKeyName),
                new Claim(ClaimTypes.Role, ApiAuthentication.StaffReaderRole),
                new Claim(ClaimTypes.Role, ApiAuthentication.StaffDeciderRole),
                new Claim(ClaimTypes.Role, ApiAuthentication.StaffAdminRole),
            ],
            Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    /// <summary>Constant time, whatever the lengths: both sides are hashed first.</summary>
    public static bool KeyMatches(string presented, string expected) =>
        presented.Length > 0 && expected.Length > 0
        && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => Problems.Unauthorized().ExecuteAsync(Context);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => Problems.Unauthorized().ExecuteAsync(Context);

    private const string StaffApiKeyName = "staff-api-key";
}
