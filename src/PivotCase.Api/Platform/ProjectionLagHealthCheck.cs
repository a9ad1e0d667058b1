using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PivotCase.Api.Platform;

/// <summary>
/// How far the async projections trail the newest event, measured against <c>max(seq_id)</c> rather than the daemon's
/// high-water mark, which only a running daemon moves (ADR 0014): by count, and by the age of the oldest event not yet
/// projected, so that a stopped daemon shows even where few events are written (a small coalition may write fewer than
/// <see cref="MaxEventsBehind"/> a day). Lagging projections make the answer <c>degraded</c> (still 200): the node serves
/// writes and reads, and a load balancer routing on <c>/health</c> must not drop every node at once while a restarted
/// leader catches up. Only an unreachable database makes a node unhealthy (503); this check failing, for instance on a
/// saturated pool, degrades it (Storage.cs).
/// </summary>
public sealed class ProjectionLagHealthCheck(IDocumentStore store, IConfiguration configuration) : IHealthCheck
{
    public const long MaxEventsBehind = 500;
    public const string MaxStallSetting = "Projections:MaxStallSeconds";
    public const int DefaultMaxStallSeconds = 60;

    /// <summary>The check's data, as <c>/health</c> answers them (Health.cs) and the OpenAPI document describes them.</summary>
    public const string EventsBehind = "eventsBehind", OldestUnprojectedSeconds = "oldestUnprojectedSeconds";

    private readonly int _maxStallSeconds = configuration.GetValue(MaxStallSetting, DefaultMaxStallSeconds);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var asyncShards = store.Options.Events.Projections()
            .Where(projection => projection.Lifecycle == ProjectionLifecycle.Async)
            .Select(projection => $"{projection.Name}:All")
            .ToHashSet();

        await using var session = store.QuerySession();
        var events = $"{store.Options.Events.DatabaseSchemaName}.mt_events";
        var newest = (await session.QueryAsync<long>($"select coalesce(max(seq_id), 0) from {events}", cancellationToken)).Single();
        var progress = (await store.Advanced.AllProjectionProgress(token: cancellationToken))
            .Where(shard => asyncShards.Contains(shard.ShardName))
            .ToDictionary(shard => shard.ShardName, shard => shard.Sequence);
        var slowest = asyncShards.Select(shard => progress.GetValueOrDefault(shard)).DefaultIfEmpty(newest).Min();
        var eventsBehind = Math.Max(0, newest - slowest);
        // Ages by the database's clock, the one that stamped the events.
        var oldestUnprojectedSeconds = eventsBehind == 0
            ? 0
            : (await session.QueryAsync<double>(
                $"select coalesce(extract(epoch from now() - min(timestamp)), 0)::float8 from " +
                $"(select timestamp from {events} where seq_id > ? order by seq_id limit 1) oldest", cancellationToken, slowest)).Single();

        var data = new Dictionary<string, object>
        {
            [EventsBehind] = eventsBehind, [OldestUnprojectedSeconds] = Math.Round(Math.Max(0, oldestUnprojectedSeconds), 1)
        };
        if (eventsBehind > MaxEventsBehind)
            return HealthCheckResult.Degraded($"Async projections are {eventsBehind} events behind.", data: data);
        return oldestUnprojectedSeconds > _maxStallSeconds
            ? HealthCheckResult.Degraded($"An event has waited {oldestUnprojectedSeconds:0} s for the async projections.", data: data)
            : HealthCheckResult.Healthy(data: data);
    }
}
