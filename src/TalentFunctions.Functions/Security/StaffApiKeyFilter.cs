using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using TalentFunctions.Functions.Api;
using TalentFunctions.Functions.Hosting;

namespace TalentFunctions.Functions.Security;

/// <summary>
/// Staff endpoints require <c>X-Api-Key</c> equal to <c>Staff:ApiKey</c> (compared in constant time).
/// In Azure the same endpoints can additionally sit behind the platform's authentication.
/// </summary>
public sealed class StaffApiKeyFilter(IOptions<StaffOptions> options) : IEndpointFilter
{
    public const string Header = "X-Api-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var presented = context.HttpContext.Request.Headers[Header].ToString();
        var expected = options.Value.ApiKey ?? "";
        var ok = presented.Length > 0 && expected.Length > 0
            && CryptographicOperations.FixedTimeEquals(
                SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
                SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
        return ok ? await next(context).ConfigureAwait(false) : Problems.Unauthorized();
    }
}
