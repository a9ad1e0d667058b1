using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using PivotCase.Api.Platform.Auth;

namespace PivotCase.Api.Platform.Http;

/// <summary>The <c>RateLimiting</c> configuration section: requests per minute, per user and per organisation.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimiting";

    public int PermitsPerUserPerMinute { get; set; } = 600;
    public int PermitsPerOrganizationPerMinute { get; set; } = 3000;
}

/// <summary>
/// A runaway client or a stolen token cannot flood the API: every authenticated request counts against its user and its
/// organisation (sliding one-minute windows); anonymous requests (a missing, expired or forged token) count against
/// the remote address only, so one client's anonymous retries never use up a bucket that every anonymous caller
/// shares. <c>/health</c> is never limited: a balancer must always be able to ask. Over the limit the answer is 429
/// problem+json with Retry-After.
/// </summary>
public static class RateLimits
{
    private static readonly TimeSpan WindowLength = TimeSpan.FromMinutes(1);
    private const int SegmentsPerWindow = 6;

    public static WebApplicationBuilder AddPivotCaseRateLimits(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        if (options.PermitsPerUserPerMinute < 1 || options.PermitsPerOrganizationPerMinute < 1)
            throw new InvalidOperationException(
                "RateLimiting:PermitsPerUserPerMinute and RateLimiting:PermitsPerOrganizationPerMinute must be at least 1.");

        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    Window($"user:{context.User.FindFirst(Caller.UserIdClaim)?.Value ?? context.Connection.RemoteIpAddress?.ToString()}",
                        options.PermitsPerUserPerMinute)),
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    context.User.FindFirst(Caller.OrganizationClaim)?.Value is { } organization
                        ? Window($"org:{organization}", options.PermitsPerOrganizationPerMinute)
                        : RateLimitPartition.GetNoLimiter("anonymous")));
            limiter.OnRejected = async (rejected, token) =>
            {
                // A sliding window gives permits back one segment at a time; the limiter itself attaches no hint.
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : WindowLength / SegmentsPerWindow;
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                var response = rejected.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = rejected.HttpContext,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests",
                        Detail = $"Slow down: try again in {seconds} seconds."
                    }
                });
            };
        });
        return builder;
    }

    private static RateLimitPartition<string> Window(string key, int permitsPerMinute) =>
        RateLimitPartition.GetSlidingWindowLimiter(key, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = permitsPerMinute,
            Window = WindowLength,
            SegmentsPerWindow = SegmentsPerWindow,
            QueueLimit = 0
        });
}
