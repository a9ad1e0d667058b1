using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PivotCase.Api.Platform;

/// <summary>
/// How far the async projections trail the newest event, measured against <c>max(seq_id)</c> rather than the daemon's
/// high-water mark, which only a running daemon moves (ADR 0014). Lagging projections make the answer <c>degraded</c>
/// (still 200): the node serves writes and reads, and a load balancer routing on <c>/health</c> must not drop every node
/// at once while a restarted leader catches up. Only an unreachable database makes a node unhealthy (503).
/// </summary>
public sealed class ProjectionLagHealthCheck(IDocumentStore store) : IHealthCheck
{
    public const long MaxEventsBehind = 500;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var asyncShards = store.Options.Events.Projections()
            .Where(projection => projection.Lifecycle == ProjectionLifecycle.Async)
            .Select(projection => $"{projection.Name}:All")
            .ToHashSet();

        await using var session = store.QuerySession();
        var newest = (await session.QueryAsync<long>(
            $"select coalesce(max(seq_id), 0) from {store.Options.Events.DatabaseSchemaName}.mt_events", cancellationToken)).Single();
        var progress = (await store.Advanced.AllProjectionProgress(token: cancellationToken))
            .Where(shard => asyncShards.Contains(shard.ShardName))
            .ToDictionary(shard => shard.ShardName, shard => shard.Sequence);

        var eventsBehind = asyncShards.Select(shard => newest - progress.GetValueOrDefault(shard)).DefaultIfEmpty(0).Max();
        var data = new Dictionary<string, object> { ["eventsBehind"] = Math.Max(0, eventsBehind) };
        return eventsBehind > MaxEventsBehind
            ? HealthCheckResult.Degraded($"Async projections are {eventsBehind} events behind.", data: data)
            : HealthCheckResult.Healthy(data: data);
    }
}
