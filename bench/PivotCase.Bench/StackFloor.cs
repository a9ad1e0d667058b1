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
/// phase, then the API itself (the last rung, <c>pivotcase</c>: the step-logging phase of the main run), between two
/// pgbench runs on the same server. Each server is warmed up right before its rung. Prints each rung's rate, its ratio to
/// the mean of the two pgbench runs and the CPU a request cost the server, PostgreSQL and the load generator.
/// </summary>
public static class StackFloor
{
    private static readonly string[] FloorRungs = ["http", "insert", "append", "aggregate", "readmodel"];
    private const string PivotCaseRung = "pivotcase";
    public static readonly IReadOnlyList<string> Rungs = [..FloorRungs, PivotCaseRung];
    private const int CasesPerClient = 20;
    private const string FloorSchema = "floor";

    public sealed record Rung(string Name, double PerSecond, double P50, double P99, int Errors, CpuUse Cpu);

    /// <param name="only">the rungs to run (all when empty), for comparing one of them across settings.</param>
    public static async Task<IReadOnlyList<Rung>> RunAsync(BenchOptions options, string floorDll, TextWriter output, CancellationToken token,
        IReadOnlyCollection<string>? only = null)
    {
        bool Runs(string rung) => only is null || only.Count == 0 || only.Contains(rung);
        if (only?.FirstOrDefault(rung => !Rungs.Contains(rung)) is { } unknown)
            throw new ArgumentException($"No rung '{unknown}': the rungs are {string.Join(", ", Rungs)}.");
        void Log(string line) => output.WriteLine($"[floor {DateTime.UtcNow:HH:mm:ss}] {line}");
        var pgbenchPath = Pgbench.Find() ?? throw new InvalidOperationException("pgbench not found: the floor is a ratio to it.");
        // Its own database unless --database names one: the main run's stays for inspection.
        var database = options.Database == "pivotcase_bench" ? "pivotcase_floor" : options.Database;
        var connection = Databases.WithDatabase(options.ConnectionString, database);
        if (options.ResetSchemasOnly)
        {
            await Databases.ResetSchemasAsync(options.ConnectionString, database, FloorSchema, token);
            await Databases.ResetSchemasAsync(options.ConnectionString, database, Api.Platform.Storage.SchemaName, token);
        }
        else await Databases.RecreateAsync(options.ConnectionString, database, token);
        if (options.PgbenchDatabase != database) await Databases.RecreateAsync(options.ConnectionString, options.PgbenchDatabase, token);

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var organizations = Population.All(options.Clients);
        int? serverProcess = null;
        var cpu = new CpuMeter(() => serverProcess, connection, database, options.PgbenchDatabase);

        async Task<PgbenchResult> ReferenceAsync()
        {
            serverProcess = null;
            cpu.Start();
            var result = await Pgbench.RunAsync(pgbenchPath, Databases.WithDatabase(options.ConnectionString, options.PgbenchDatabase),
                options.PgbenchScale, options.Clients, options.PgbenchThreads, options.PhaseDuration, Log, token);
            Log($"pgbench -N: {result.Tps:N0} TPS ({cpu.Stop().Describe()})");
            return result;
        }

        async Task<Rung> MeasureAsync(string name, ApiProcess server, Func<TimeSpan, Task<(Latencies Latencies, TimeSpan Elapsed)>> drive)
        {
            serverProcess = server.ProcessId;
            await drive(options.WarmUp);
            cpu.Start();
            var (latencies, elapsed) = await drive(options.PhaseDuration);
            var use = cpu.Stop();
            var rung = new Rung(name, latencies.Count / elapsed.TotalSeconds, latencies.Percentile(50), latencies.Percentile(99), latencies.Errors, use);
            Log($"{name}: {rung.PerSecond:N0} requests/s, p50/p99 {rung.P50:F1} / {rung.P99:F1} ms, {latencies.Errors} errors " +
                $"{latencies.FirstError} (after {options.WarmUp.TotalSeconds:F0} s of warm-up; {use.Describe()})");
            return rung;
        }

        var before = await ReferenceAsync();
        var rungs = new List<Rung>();

        if (FloorRungs.Any(Runs))
        await using (var floor = ApiProcess.Start(floorDll, connection, Path.Combine(options.LogDirectory, $"pivotcase-bench-floor-{database}.log"),
                         options.ApiEnvironment))
        {
            await floor.WaitUntilHealthyAsync(TimeSpan.FromSeconds(120), token);
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

            foreach (var name in FloorRungs.Where(Runs))
                rungs.Add(await MeasureAsync(name, floor, async duration =>
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
                            var answer = await client.Api.PostAsync($"/floor/{name}/cases/{caseId}/steps", client.Faker.NextStep(today), token);
                            if (answer.Status == HttpStatusCode.Created) parts[index].Record(Stopwatch.GetTimestamp() - started);
                            else parts[index].Error($"{name} answered {(int)answer.Status}: {ApiClient.Truncate(answer.Body)}");
                        }
                    }, token)));
                    return (Latencies.Merge(parts), watch.Elapsed);
                }));
        }

        // PivotCase's own step, as the main run's step-logging phase logs it, in the same database.
        if (Runs(PivotCaseRung))
        await using (var api = ApiProcess.Start(options.ApiDll, connection, Path.Combine(options.LogDirectory, $"pivotcase-bench-floor-api-{database}.log"),
                         options.ApiEnvironment))
        {
            await api.WaitUntilHealthyAsync(TimeSpan.FromSeconds(120), token);
            var tokens = Tokens.For(options.ApiDll);
            using var http = ApiClient.CreateHttp(api.BaseAddress);
            var clients = Enumerable.Range(0, options.Clients)
                .Select(index => new LoadClient(index, new ApiClient(http, tokens.Create(Roles.Caseworker, Population.LoadOrganization(index),
                    Population.LoadWorker(index))), new CaseFaker(100 + index, today, organizations)))
                .ToList();
            rungs.Add(await MeasureAsync(PivotCaseRung, api, async duration =>
            {
                var phase = await Load.StepLoggingAsync(clients, duration, today, token);
                return (phase.Latencies, phase.Elapsed);
            }));
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
