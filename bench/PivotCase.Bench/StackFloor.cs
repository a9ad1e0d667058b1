using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using PivotCase.Api.Platform.Auth;
using PivotCase.Bench.Data;
using PivotCase.Bench.Infrastructure;
using PivotCase.Bench.Phases;

namespace PivotCase.Bench;

/// <summary>
/// <c>--floor</c>: how close to <c>pgbench -N</c> a step can come on PivotCase's stack at all. Starts
/// <c>bench/PivotCase.Floor</c> (the API's HTTP server, JWT validation, request body and JSON options, with less and less
/// of a step's work behind them) and drives each of its rungs with the same clients and step bodies as the step-logging
/// phase, between two pgbench runs on the same server. Prints each rung's rate, its ratio to pgbench and the CPU a request
/// cost the server, PostgreSQL and the load generator.
/// </summary>
public static class StackFloor
{
    public static readonly string[] Rungs = ["http", "insert", "append", "aggregate"];
    private const int CasesPerClient = 20;
    private const string FloorSchema = "floor";

    public sealed record Rung(string Name, double PerSecond, double P50, double P99, int Errors, CpuUse Cpu);

    public static async Task<IReadOnlyList<Rung>> RunAsync(BenchOptions options, string floorDll, TextWriter output, CancellationToken token)
    {
        void Log(string line) => output.WriteLine($"[floor {DateTime.UtcNow:HH:mm:ss}] {line}");
        var pgbenchPath = Pgbench.Find() ?? throw new InvalidOperationException("pgbench not found: the floor is a ratio to it.");
        // Its own database unless --database names one: the main run's stays for inspection.
        var database = options.Database == "pivotcase_bench" ? "pivotcase_floor" : options.Database;
        var connection = Databases.WithDatabase(options.ConnectionString, database);
        if (options.ResetSchemasOnly) await Databases.ResetSchemasAsync(options.ConnectionString, database, FloorSchema, token);
        else await Databases.RecreateAsync(options.ConnectionString, database, token);
        if (options.PgbenchDatabase != database) await Databases.RecreateAsync(options.ConnectionString, options.PgbenchDatabase, token);

        var log = Path.Combine(options.LogDirectory, $"pivotcase-bench-floor-{database}.log");
        await using var floor = ApiProcess.Start(floorDll, connection, log, options.ApiEnvironment);
        await floor.WaitUntilHealthyAsync(TimeSpan.FromSeconds(120), token);
        var cpu = new CpuMeter(() => floor.HasExited ? null : floor.ProcessId, connection, database, options.PgbenchDatabase);

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var organizations = Population.All(options.Clients);
        var tokens = Tokens.For(floorDll);
        using var http = ApiClient.CreateHttp(floor.BaseAddress);
        var clients = Enumerable.Range(0, options.Clients).Select(index => (
            Api: new ApiClient(http, tokens.Create(Roles.Caseworker, Population.LoadOrganization(index), Population.LoadWorker(index))),
            Faker: new CaseFaker(100 + index, today, organizations),
            Cases: Enumerable.Range(0, CasesPerClient).Select(_ => Guid.CreateVersion7()).ToArray())).ToList();
        foreach (var client in clients)
        foreach (var caseId in client.Cases)
            await client.Api.ExpectAsync(HttpMethod.Post, $"/floor/cases/{caseId}", null, HttpStatusCode.Created, token);
        Log($"floor server healthy; {clients.Count} clients opened {clients.Count * CasesPerClient} cases");

        async Task<(Latencies Latencies, TimeSpan Elapsed)> DriveAsync(string rung, TimeSpan duration)
        {
            var parts = clients.Select(_ => new Latencies()).ToArray();
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(clients.Select((client, index) => Task.Run(async () =>
            {
                var random = new Random(index);
                while (watch.Elapsed < duration && !token.IsCancellationRequested)
                {
                    var caseId = client.Cases[random.Next(client.Cases.Length)];
                    var started = Stopwatch.GetTimestamp();
                    var answer = await client.Api.PostAsync($"/floor/{rung}/cases/{caseId}/steps", client.Faker.NextStep(today), token);
                    if (answer.Status == HttpStatusCode.Created) parts[index].Record(Stopwatch.GetTimestamp() - started);
                    else parts[index].Error($"{rung} answered {(int)answer.Status}: {ApiClient.Truncate(answer.Body)}");
                }
            }, token)));
            return (Latencies.Merge(parts), watch.Elapsed);
        }

        var warmUp = options.WarmUp / Rungs.Length;
        foreach (var rung in Rungs) await DriveAsync(rung, warmUp);
        Log($"warm-up: {options.WarmUp.TotalSeconds:F0} s over the rungs, not measured");

        async Task<PgbenchResult> ReferenceAsync()
        {
            cpu.Start();
            var result = await Pgbench.RunAsync(pgbenchPath, Databases.WithDatabase(options.ConnectionString, options.PgbenchDatabase),
                options.PgbenchScale, options.Clients, options.PgbenchThreads, options.PhaseDuration, Log, token);
            Log($"pgbench -N: {result.Tps:N0} TPS ({cpu.Stop().Describe()})");
            return result;
        }

        var before = await ReferenceAsync();
        var rungs = new List<Rung>();
        foreach (var rung in Rungs)
        {
            cpu.Start();
            var (latencies, elapsed) = await DriveAsync(rung, options.PhaseDuration);
            var use = cpu.Stop();
            var result = new Rung(rung, latencies.Count / elapsed.TotalSeconds, latencies.Percentile(50), latencies.Percentile(99), latencies.Errors, use);
            rungs.Add(result);
            Log($"{rung}: {result.PerSecond:N0} requests/s, p50/p99 {result.P50:F1} / {result.P99:F1} ms, {latencies.Errors} errors " +
                $"{latencies.FirstError} ({use.Describe()})");
        }

        var after = await ReferenceAsync();
        var reference = (before.Tps + after.Tps) / 2;
        output.WriteLine();
        output.WriteLine(Table(rungs, before.Tps, after.Tps, options.Clients));
        if (options.JsonPath is { } jsonPath)
        {
            await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(new
            {
                startedAt = DateTimeOffset.UtcNow, clients = options.Clients, seconds = options.PhaseDuration.TotalSeconds,
                pgbench = new { before = before.Tps, after = after.Tps },
                rungs = rungs.Select(rung => new
                {
                    rung.Name, rung.PerSecond, ratio = rung.PerSecond / reference, rung.P50, rung.P99, rung.Errors, cpu = rung.Cpu.ToJson()
                })
            }, new JsonSerializerOptions { WriteIndented = true }), token);
            output.WriteLine($"JSON written to {jsonPath}");
        }

        return rungs;
    }

    private static string Table(IReadOnlyList<Rung> rungs, double before, double after, int clients)
    {
        var reference = (before + after) / 2;
        var table = new StringBuilder();
        table.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"The stack's floor, {clients} clients; pgbench -N {before:N0} TPS before the rungs and {after:N0} after (mean {reference:N0})"));
        table.AppendLine();
        table.AppendLine("| rung | requests/s | ÷ pgbench -N | p50 / p99 ms | CPU ms per request: server / PostgreSQL / load generator |");
        table.AppendLine("| --- | --- | --- | --- | --- |");
        foreach (var rung in rungs)
        {
            double PerRequest(double seconds) => seconds * 1000 / Math.Max(1, rung.PerSecond * rung.Cpu.Wall);
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {rung.Name} | {rung.PerSecond:N0} | {rung.PerSecond / reference:F2} | {rung.P50:F1} / {rung.P99:F1} | " +
                $"{PerRequest(rung.Cpu.Api):F2} / {PerRequest(rung.Cpu.Postgres):F2} / {PerRequest(rung.Cpu.Bench):F2} |"));
        }

        return table.ToString();
    }
}
