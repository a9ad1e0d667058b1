using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PivotCase.Api.Platform;

/// <summary>
/// <c>GET /health</c>: liveness plus each dependency, as JSON (no connection details, no exception text): 200 healthy,
/// 200 degraded when async projections lag (<see cref="ProjectionLagHealthCheck"/>), 503 when the database is unreachable.
/// </summary>
public static class Health
{
    public static IEndpointConventionBuilder MapPivotCaseHealth(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteAsync }).AllowAnonymous().DisableRateLimiting();

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString().ToLowerInvariant(),
            checks = report.Entries.Select(entry => new
            {
                name = entry.Key,
                status = entry.Value.Status.ToString().ToLowerInvariant(),
                durationMs = Math.Round(entry.Value.Duration.TotalMilliseconds, 1),
                eventsBehind = entry.Value.Data.GetValueOrDefault(ProjectionLagHealthCheck.EventsBehind),
                oldestUnprojectedSeconds = entry.Value.Data.GetValueOrDefault(ProjectionLagHealthCheck.OldestUnprojectedSeconds)
            })
        }));
    }
}
