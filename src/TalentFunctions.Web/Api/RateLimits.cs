using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace TalentFunctions.Web.Api;

public sealed class RateLimitOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Requests per minute per client address on public routes.</summary>
    public int PermitsPerMinute { get; set; } = 120;

    /// <summary>Staff sign-in link requests per minute per client address (on top of <see cref="PermitsPerMinute"/>).</summary>
    public int SignInPermitsPerMinute { get; set; } = 10;
}

/// <summary>Public routes are limited per client address; over the limit: 429, Retry-After and a ProblemDetails.</summary>
public static class RateLimits
{
    public const string Public = "public";

    /// <summary>Asking for a staff sign-in link: few per client address, as it sends email.</summary>
    public const string SignIn = "sign-in";

    /// <summary>The problem code of a request over the limit.</summary>
    public const string Rejected = "rate-limited";

    public static IServiceCollection AddPublicRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section);
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(Public, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = Math.Max(1, context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.PermitsPerMinute),
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
            limiter.AddPolicy(SignIn, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = Math.Max(1, context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.SignInPermitsPerMinute),
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
            limiter.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                context.HttpContext.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                var problem = Problems.Create(StatusCodes.Status429TooManyRequests, Rejected, "Too many requests.",
                    $"Try again in {Math.Ceiling(retryAfter.TotalSeconds)} seconds.");
                await problem.ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }
}
