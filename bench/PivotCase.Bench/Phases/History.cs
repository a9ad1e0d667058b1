using System.Diagnostics;
using System.Threading.Channels;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using PivotCase.Api.Cases;
using PivotCase.Api.Dashboards;
using PivotCase.Api.Platform;
using PivotCase.Bench.Data;
using PivotCase.Bench.Infrastructure;

namespace PivotCase.Bench.Phases;

public sealed record RebuildResult(string Projection, ProjectionLifecycle Lifecycle, long Events, TimeSpan Elapsed, CpuUse Cpu)
{
    public double EventsPerSecond => Events / Math.Max(Elapsed.TotalSeconds, 1e-6);
}

public sealed record HistoryResult(int Cases, long Events, TimeSpan InsertElapsed, IReadOnlyList<RebuildResult> Rebuilds)
{
    public double InsertEventsPerSecond => Events / Math.Max(InsertElapsed.TotalSeconds, 1e-6);
}

/// <summary>
/// The coalition's history, too large to send through HTTP here: generated cases written straight into the event
/// store with Marten's bulk event append (COPY), then projections rebuilt with the projection daemon and timed.
/// The store is the API's own Marten configuration (<see cref="Storage.AddPivotCaseStorage"/>), so the event types,
/// serializer, schema and projections are exactly the API's, including any projection added later.
/// </summary>
public static class History
{
    /// <summary>The per-case inline read models that the load phases never read for historical cases; rebuilt only on request.</summary>
    private static readonly HashSet<string> PerCaseInline = ["Case", "CaseDetails", "RecoveryProgress"];

    public static IDocumentStore OpenStore(string connectionString, out IAsyncDisposable owner)
    {
        // "Production": no service-provider validation of the Wolverine services this process never starts, and no schema
        // work at start-up (the API's db-apply has already created the schema).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", Args = [] });
        builder.Configuration["ConnectionStrings:PivotCase"] = connectionString;
        builder.Logging.ClearProviders();
        builder.AddPivotCaseStorage();
        var app = builder.Build();
        owner = app;
        return app.Services.GetRequiredService<IDocumentStore>();
    }

    public static async Task<HistoryResult> LoadAndRebuildAsync(
        string connectionString, CaseFaker faker, int cases, bool rebuildAll, Action<string> log, CancellationToken token)
    {
        var store = OpenStore(connectionString, out var owner);
        await using var _ = owner;

        var inserted = await InsertAsync(store, faker, cases, log, token);
        var events = await CountEventsAsync(connectionString, token);
        log($"history: {cases:N0} cases, {events:N0} events inserted in {inserted.TotalSeconds:F1} s ({events / inserted.TotalSeconds:N0} events/s)");

        // Planner statistics, as autovacuum keeps them in a live database. Without them, right after the bulk load, the
        // daemon's page query ("seq_id > from and seq_id <= to order by seq_id limit …") is planned as a bitmap scan that
        // reads and sorts every remaining event for each page, and the rebuild crawls.
        var analyze = Stopwatch.StartNew();
        await AnalyzeAsync(connectionString, token);
        log($"history: ANALYZE of the event tables in {analyze.Elapsed.TotalSeconds:F1} s");

        var rebuilds = new List<RebuildResult>();
        var projections = store.Options.Events.Projections()
            .OrderBy(projection => projection.Name == nameof(CaseloadEntry) ? 0 : 1)
            .ThenBy(projection => projection.Name, StringComparer.Ordinal)
            .ToList();
        using var daemon = await store.BuildProjectionDaemonAsync();
        foreach (var projection in projections)
        {
            // The async projections must be caught up before the API starts (its daemon would otherwise replay the
            // history during the load phases). Per-case inline ones only matter for reads of historical cases.
            var needed = projection.Lifecycle == ProjectionLifecycle.Async || !PerCaseInline.Contains(projection.Name) || rebuildAll;
            if (!needed) continue;

            var cpu = new CpuMeter(() => null, connectionString, new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database!);
            cpu.Start();
            var watch = Stopwatch.StartNew();
            await daemon.RebuildProjectionAsync(projection.Name, TimeSpan.FromMinutes(15), token);
            watch.Stop();
            var result = new RebuildResult(projection.Name, projection.Lifecycle, events, watch.Elapsed, cpu.Stop());
            rebuilds.Add(result);
            log($"rebuild {projection.Name} ({projection.Lifecycle}): {events:N0} events in {watch.Elapsed.TotalSeconds:F1} s = {result.EventsPerSecond:N0} events/s " +
                $"({result.Cpu.Describe().Replace("load generator", "bench process (the daemon)")})");
        }

        // Release the rebuild daemon's locks and connections before the API starts.
        await daemon.StopAllAsync();
        return new HistoryResult(cases, events, inserted, rebuilds);
    }

    private static async Task<TimeSpan> InsertAsync(IDocumentStore store, CaseFaker faker, int cases, Action<string> log, CancellationToken token)
    {
        const int casesPerBatch = 2_000;
        var registry = (IEventRegistry)((StoreOptions)store.Options).Events;
        var batches = Channel.CreateBounded<List<StreamAction>>(2);

        // Generation (CPU) and COPY (database) overlap: one batch is generated while the previous one is written.
        var producer = Task.Run(async () =>
        {
            try
            {
                for (var done = 0; done < cases; done += casesPerBatch)
                {
                    var batch = new List<StreamAction>(casesPerBatch);
                    for (var index = done; index < Math.Min(cases, done + casesPerBatch); index++)
                    {
                        var caseId = Guid.CreateVersion7();
                        var action = StreamAction.Start(registry, caseId, CaseEvents.For(caseId, faker.Next(CaseShape.History)).ToArray());
                        action.AggregateType = typeof(Case);
                        batch.Add(action);
                    }

                    await batches.Writer.WriteAsync(batch, token);
                }

                batches.Writer.Complete();
            }
            catch (Exception exception)
            {
                batches.Writer.Complete(exception);
            }
        }, token);

        var watch = Stopwatch.StartNew();
        var written = 0;
        var nextLog = Stopwatch.StartNew();
        await foreach (var batch in batches.Reader.ReadAllAsync(token))
        {
            await store.BulkInsertEventsAsync(batch, 10_000, token);
            written += batch.Count;
            if (nextLog.Elapsed > TimeSpan.FromSeconds(15))
            {
                log($"history: {written:N0}/{cases:N0} cases written");
                nextLog.Restart();
            }
        }

        await producer;
        return watch.Elapsed;
    }

    private static async Task AnalyzeAsync(string connectionString, CancellationToken token)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(token);
        await using var command = new NpgsqlCommand(
            $"analyze {Storage.SchemaName}.mt_events; analyze {Storage.SchemaName}.mt_streams", connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync(token);
    }

    public static async Task<long> CountEventsAsync(string connectionString, CancellationToken token)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(token);
        await using var command = new NpgsqlCommand($"select count(*) from {Storage.SchemaName}.mt_events", connection);
        return (long)(await command.ExecuteScalarAsync(token))!;
    }
}
