using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Npgsql;
using PivotCase.Api.Platform.Auth;
using PivotCase.Bench.Data;
using PivotCase.Bench.Infrastructure;
using PivotCase.Bench.Phases;

namespace PivotCase.Bench;

/// <summary>
/// <c>--floor</c>: how close to <c>pgbench -N</c> a step can come on PivotCase's stack at all. Starts
/// <c>bench/PivotCase.Floor</c> (the API's HTTP server, JWT validation, request body and JSON options, with less and less
/// of a step's work behind them) and drives each of its rungs with the same clients and step bodies as the step-logging
/// phase, then the API itself (the last rung, <c>pivotcase</c>: the step-logging phase of the main run, on an empty
/// database), between two pgbench runs on the same server. Each server is warmed up right before its rung. Prints each
/// rung's rate, its ratio to the mean of the two pgbench runs, the events it appended per request and the CPU a request
/// cost the server, PostgreSQL and the load generator.
/// </summary>
public static class StackFloor
{
    private static readonly string[] FloorRungs = ["http", "insert", "append", "aggregate", "readmodel"];
    private const string PivotCaseRung = "pivotcase";
    public static readonly IReadOnlyList<string> Rungs = [..FloorRungs, PivotCaseRung];
    private const int CasesPerClient = 20;

    /// <summary>The events PivotCase's step endpoint appends (a step recorded in progress or done adds the second).</summary>
    public static readonly string[] StepEventTypes = ["step_planned", "step_started", "step_completed"];
    private const string FloorSchema = "floor";

    /// <param name="Requests">201s in the measured phase.</param>
    /// <param name="Events">events the rung's server appended in the measured phase.</param>
    /// <param name="SideRequests">requests besides the measured ones (the API's rung opens cases on the way).</param>
    public sealed record Rung(
        string Name, int Requests, double PerSecond, double P50, double P99, int Errors, string? FirstError, long Events,
        int SideRequests, CpuUse Cpu)
    {
        public double CpuPerRequest(double seconds) => Requests == 0 ? double.NaN : seconds * 1000 / Requests;
    }

    /// <param name="only">the rungs to run (all when empty), for comparing one of them across settings.</param>
    public static async Task<IReadOnlyList<Rung>> RunAsync(BenchOptions options, string floorDll, TextWriter output, CancellationToken token,
        IReadOnlyCollection<string>? only = null)
    {
        bool Runs(string rung) => only is null || only.Count == 0 || only.Contains(rung);
        if (only?.FirstOrDefault(rung => !Rungs.Contains(rung)) is { } unknown)
            throw new ArgumentException($"No rung '{unknown}': the rungs are {string.Join(", ", Rungs)}.");
        void Log(string line) => output.WriteLine($"[floor {DateTime.UtcNow:HH:mm:ss}] {line}");
        var startedAt = DateTimeOffset.UtcNow;
        var pgbenchPath = Pgbench.Find();
        if (pgbenchPath is null) Log("pgbench not found: the ratios read n/a (install postgresql-client)");

        var database = options.FloorDatabase;
        var connection = Databases.WithDatabase(options.ConnectionString, database);
        if (options.ResetSchemasOnly)
        {
            await Databases.ResetSchemasAsync(options.ConnectionString, database, FloorSchema, token);
            await Databases.ResetSchemasAsync(options.ConnectionString, database, Api.Platform.Storage.SchemaName, token);
        }
        else await Databases.RecreateAsync(options.ConnectionString, database, token);
        if (pgbenchPath is not null && options.PgbenchDatabase != database)
            await Databases.RecreateAsync(options.ConnectionString, options.PgbenchDatabase, token);

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var organizations = Population.All(options.Clients);
        int? serverProcess = null;
        var cpu = new CpuMeter(() => serverProcess, connection, database, options.PgbenchDatabase);

        async Task<double?> ReferenceAsync()
        {
            if (pgbenchPath is null) return null;
            serverProcess = null;
            var result = await Pgbench.RunAsync(pgbenchPath, Databases.WithDatabase(options.ConnectionString, options.PgbenchDatabase),
                options.PgbenchScale, options.Clients, options.PgbenchThreads, options.PhaseDuration, Log, token, initialised: cpu.Start);
            Log($"pgbench -N: {result.Tps:N0} TPS ({cpu.Stop().Describe()})");
            return result.Tps;
        }

        async Task<long> EventsAsync(string schema)
        {
            await using var events = new NpgsqlConnection(connection);
            await events.OpenAsync(token);
            // A step's events, not those of the cases the API's rung opens on the way.
            await using var count = new NpgsqlCommand(
                $"select count(*) from {schema}.mt_events where type like 'floor\\_step\\_%' or type in ({string.Join(", ", StepEventTypes.Select(type => $"'{type}'"))})",
                events);
            return (long)(await count.ExecuteScalarAsync(token))!;
        }

        async Task<Rung> MeasureAsync(string name, ApiProcess server, string schema, Func<TimeSpan, Task<PhaseResult>> drive)
        {
            serverProcess = server.ProcessId;
            var warmUp = await drive(options.WarmUp);
            if (warmUp.Latencies.Errors > 0) Log($"{name}: {warmUp.Latencies.Errors} errors during the warm-up, the first: {warmUp.Latencies.FirstError}");
            var eventsBefore = await EventsAsync(schema);
            cpu.Start();
            var phase = await drive(options.PhaseDuration);
            var use = cpu.Stop();
            var latencies = phase.Latencies;
            var rung = new Rung(name, latencies.Count, phase.Throughput, latencies.Percentile(50), latencies.Percentile(99), latencies.Errors,
                latencies.FirstError, await EventsAsync(schema) - eventsBefore, phase.SideRequests, use);
            Log(string.Create(CultureInfo.InvariantCulture,
                $"{name}: {rung.PerSecond:N0} requests/s, p50/p99 {rung.P50:F1} / {rung.P99:F1} ms, {rung.Events:N0} events appended, " +
                $"{rung.SideRequests} side requests, {rung.Errors} errors {rung.FirstError} " +
                $"(after {options.WarmUp.TotalSeconds:F0} s of warm-up; {use.Describe()})"));
            return rung;
        }

        var before = await ReferenceAsync();
        var rungs = new List<Rung>();

        if (FloorRungs.Any(Runs))
        {
            await using var floor = ApiProcess.Start(floorDll, connection,
                Path.Combine(options.LogDirectory, $"pivotcase-bench-floor-{database}.log"), options.ApiEnvironment);
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
                rungs.Add(await MeasureAsync(name, floor, FloorSchema, async duration =>
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
                            try
                            {
                                var answer = await client.Api.PostAsync($"/floor/{name}/cases/{caseId}/steps", client.Faker.NextStep(today), token);
                                if (answer.Status == HttpStatusCode.Created) parts[index].Record(Stopwatch.GetTimestamp() - started);
                                else parts[index].Error($"{name} answered {(int)answer.Status}: {ApiClient.Truncate(answer.Body)}");
                            }
                            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !token.IsCancellationRequested)
                            {
                                parts[index].Error($"{name} failed: {exception.Message}");
                            }
                        }
                    }, token)));
                    watch.Stop();
                    return new PhaseResult(Latencies.Merge(parts), watch.Elapsed, 0);
                }));
        }

        if (Runs(PivotCaseRung))
        {
            await using var api = ApiProcess.Start(options.ApiDll, connection,
                Path.Combine(options.LogDirectory, $"pivotcase-bench-floor-api-{database}.log"), options.ApiEnvironment);
            await api.WaitUntilHealthyAsync(TimeSpan.FromSeconds(120), token);
            var tokens = Tokens.For(options.ApiDll);
            using var http = ApiClient.CreateHttp(api.BaseAddress);
            var clients = Enumerable.Range(0, options.Clients)
                .Select(index => new LoadClient(index, new ApiClient(http, tokens.Create(Roles.Caseworker, Population.LoadOrganization(index),
                    Population.LoadWorker(index))), new CaseFaker(100 + index, today, organizations)))
                .ToList();
            // Each case opened on the way is two requests (the case and its first need), as in the main run.
            rungs.Add(await MeasureAsync(PivotCaseRung, api, Api.Platform.Storage.SchemaName, async duration =>
            {
                var phase = await Load.StepLoggingAsync(clients, duration, today, token);
                return phase with { SideRequests = phase.SideRequests * 2 };
            }));
        }

        var after = await ReferenceAsync();
        double? reference = before is { } first && after is { } second ? (first + second) / 2 : null;
        output.WriteLine();
        output.WriteLine(Table(rungs, before, after, reference, options.Clients));
        if (options.JsonPath is { } jsonPath)
        {
            await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(new
            {
                startedAt, clients = options.Clients, phaseSeconds = options.PhaseDuration.TotalSeconds,
                warmUpSeconds = options.WarmUp.TotalSeconds, rungsRun = rungs.Select(rung => rung.Name),
                pgbench = new { before, after, mean = reference, scale = options.PgbenchScale },
                rungs = rungs.Select(rung => new
                {
                    rung.Name, rung.Requests, rung.PerSecond, Ratio = rung.PerSecond / reference, rung.P50, rung.P99, rung.Errors,
                    rung.FirstError, rung.Events, rung.SideRequests, Cpu = rung.Cpu.ToJson()
                })
            }, new JsonSerializerOptions
            {
                WriteIndented = true,
                PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
                NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals
            }), token);
            output.WriteLine($"JSON written to {jsonPath}");
        }

        return rungs;
    }

    private static string Table(IReadOnlyList<Rung> rungs, double? before, double? after, double? reference, int clients)
    {
        var table = new StringBuilder();
        table.AppendLine(reference is null
            ? $"The stack's floor, {clients} clients; pgbench not found, so no ratios"
            : string.Create(CultureInfo.InvariantCulture,
                $"The stack's floor, {clients} clients; pgbench -N {before:N0} TPS before the rungs and {after:N0} after (mean {reference:N0})"));
        table.AppendLine();
        table.AppendLine("| rung | requests/s | ÷ pgbench -N | p50 / p99 ms | events per request | CPU ms per request: server / PostgreSQL / load generator |");
        table.AppendLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var rung in rungs)
        {
            var ratio = reference is { } mean ? (rung.PerSecond / mean).ToString("F2", CultureInfo.InvariantCulture) : "n/a";
            var side = rung.SideRequests > 0
                ? string.Create(CultureInfo.InvariantCulture, $" (+{rung.SideRequests * rung.PerSecond / rung.Requests:N0}/s opening cases)")
                : "";
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {rung.Name} | {rung.PerSecond:N0}{side} | {ratio} | {rung.P50:F1} / {rung.P99:F1} | " +
                $"{(rung.Requests == 0 ? 0 : (double)rung.Events / rung.Requests):F2} | " +
                $"{rung.CpuPerRequest(rung.Cpu.Api):F2} / {rung.CpuPerRequest(rung.Cpu.Postgres):F2} / {rung.CpuPerRequest(rung.Cpu.Bench):F2} |"));
        }

        return table.ToString();
    }
}
