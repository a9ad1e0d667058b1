using System.Diagnostics;
using PivotCase.Api.Platform;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using Npgsql;
using PivotCase.Api.Platform.Auth;
using PivotCase.Bench.Data;
using PivotCase.Bench.Infrastructure;
using PivotCase.Bench.Phases;

namespace PivotCase.Bench;

/// <summary>
/// The whole benchmark, in the order it runs: database, history (bulk events) and projection rebuild, API cold start,
/// HTTP seed, pgbench reference, step logging, case reads, projection lag under load, statistics, memory.
/// </summary>
public static class BenchRunner
{
    public const double StepRatioTarget = 0.5;
    public const double StepP99TargetMs = 50;
    public const double ReadRatioTarget = 3;
    public const double ReadP99TargetMs = 20;
    public const double LagP95TargetMs = 1000;
    public const double RebuildTargetEventsPerSecond = 20_000;
    public const double StatisticsP95TargetMs = 200;
    public const double RssTargetMiB = 400;
    public const double ColdStartTargetSeconds = 5;

    public static async Task<Report> RunAsync(BenchOptions options, TextWriter output, CancellationToken token)
    {
        var clock = Stopwatch.StartNew();
        void Log(string line)
        {
            lock (output) output.WriteLine($"[bench {clock.Elapsed:mm\\:ss}] {line}");
        }

        var report = new Report { Mode = options.Quick ? "quick" : "full", StartedAt = DateTimeOffset.UtcNow };
        var connection = Databases.WithDatabase(options.ConnectionString, options.Database);
        var today = CoalitionToday();
        report.Context["machine"] = Machine();
        report.Context["loadAverageAtStart"] = LoadAverage();
        report.Context["clients"] = options.Clients;
        report.Context["phaseSeconds"] = options.PhaseDuration.TotalSeconds;
        Log($"{report.Mode} run: {options.Clients} clients, {options.PhaseDuration.TotalSeconds:F0} s phases, {options.HistoryCases:N0} historical cases; " +
            $"database {options.Database}, API {options.ApiDll}");

        // 1. A fresh database with the API's schema, applied by the API itself (db-apply, as run.sh does).
        var reset = Stopwatch.StartNew();
        if (options.ResetSchemasOnly) await Databases.ResetSchemasAsync(options.ConnectionString, options.Database, Api.Platform.Storage.SchemaName, token);
        else await Databases.RecreateAsync(options.ConnectionString, options.Database, token);
        Log($"database {options.Database} {(options.ResetSchemasOnly ? "reset" : "dropped and created")} in {reset.Elapsed.TotalSeconds:F1} s");
        if (options.PgbenchDatabase != options.Database && Pgbench.Find() is not null)
        {
            reset.Restart();
            await Databases.RecreateAsync(options.ConnectionString, options.PgbenchDatabase, token);
            Log($"database {options.PgbenchDatabase} dropped and created in {reset.Elapsed.TotalSeconds:F1} s");
        }

        report.Context["postgres"] = await ServerVersionAsync(connection, token);
        var server = new NpgsqlConnectionStringBuilder(connection);
        report.Context["connection"] = $"{server.Host}:{server.Port}, SSL Mode {server.SslMode} (the API and pgbench alike)";
        var dbApply = Stopwatch.StartNew();
        var (exitCode, dbApplyOutput) = await ApiProcess.RunCommandAsync(options.ApiDll, connection, "db-apply", token);
        if (exitCode != 0) throw new InvalidOperationException($"db-apply exited with {exitCode}:\n{dbApplyOutput}");
        Log($"schema applied (db-apply) in {dbApply.Elapsed.TotalSeconds:F1} s");

        // 2. History straight into the event store, then the rebuild.
        var organizations = Population.All(options.Clients);
        var history = await History.LoadAndRebuildAsync(connection, new CaseFaker(1, today, organizations), options.HistoryCases,
            options.RebuildAll, Log, token);
        report.Context["historyDetail"] = new
        {
            cases = history.Cases, events = history.Events, insertSeconds = Math.Round(history.InsertElapsed.TotalSeconds, 1),
            insertEventsPerSecond = Math.Round(history.InsertEventsPerSecond),
            rebuilds = history.Rebuilds.Select(rebuild => new
            {
                projection = rebuild.Projection, lifecycle = rebuild.Lifecycle.ToString(), seconds = Math.Round(rebuild.Elapsed.TotalSeconds, 1),
                eventsPerSecond = Math.Round(rebuild.EventsPerSecond), cpuSeconds = rebuild.Cpu.ToJson()
            })
        };
        report.Context["history"] = $"{history.Cases:N0} cases, {history.Events:N0} events inserted in {history.InsertElapsed.TotalSeconds:F1} s " +
                                    $"({history.InsertEventsPerSecond:N0} events/s, bulk COPY)";
        foreach (var rebuild in history.Rebuilds)
            report.Context[$"cpu.rebuild{rebuild.Projection}"] = rebuild.Cpu.Describe().Replace("load generator", "bench process (the daemon)");
        var caseload = history.Rebuilds.FirstOrDefault(rebuild => rebuild.Projection == "CaseloadEntry");
        if (caseload is null) report.NotAvailable("projection_rebuild", "n/a (no CaseloadEntry projection)", "≥ 20,000 events/s");
        else
            report.Add(new Figure("projection_rebuild", Report.Lines[5].Label,
                $"{Report.Number(caseload.EventsPerSecond)} events/s ({Report.Number(caseload.Events)} events, {caseload.Elapsed.TotalSeconds:F1} s)",
                caseload.EventsPerSecond, "events/s", "—", null, null, "≥ 20,000 events/s", caseload.EventsPerSecond >= RebuildTargetEventsPerSecond));

        // Nobody else may use the database: another API process on it would hold the daemon's leadership (HotCold) and
        // project in our API's place (a stale one once stalled every dashboard of a run).
        NpgsqlConnection.ClearAllPools();
        if (await OtherConnectionsAsync(connection, token) is > 0 and var others)
        {
            var warning = $"{others} other connection(s) to {options.Database} before the API starts: another process uses the benchmark's database";
            report.Notes.Add("WARNING: " + warning);
            Log("WARNING: " + warning);
        }

        // 3. Cold start: process start to the first healthy /health.
        var apiLog = Path.Combine(options.LogDirectory, $"pivotcase-bench-api-{options.Database}.log");
        await using var api = ApiProcess.Start(options.ApiDll, connection, apiLog, options.ApiEnvironment);
        var apiUptime = Stopwatch.StartNew();
        if (options.ApiEnvironment.Count > 0) report.Context["apiEnvironment"] = string.Join(" ", options.ApiEnvironment.Select(pair => $"{pair.Key}={pair.Value}"));
        var cpu = new CpuMeter(() => api.HasExited ? null : api.ProcessId, connection, options.Database, options.PgbenchDatabase);
        Log($"API starting on {api.BaseAddress} (log: {apiLog})");
        var coldStart = await api.WaitUntilHealthyAsync(TimeSpan.FromSeconds(120), token);
        var coldStartCpu = api.CpuTime();
        report.Context["coldStart"] = $"healthy after {coldStart.TotalSeconds:F2} s, API CPU {coldStartCpu.TotalSeconds:F2} s by then, " +
                                      $"load average {LoadAverage()}";
        report.Add(new Figure("cold_start", Report.Lines[8].Label, $"{coldStart.TotalSeconds:F2} s", Math.Round(coldStart.TotalSeconds, 3), "s",
            "—", null, null, "≤ 5 s", coldStart.TotalSeconds <= ColdStartTargetSeconds));
        Log($"API healthy {coldStart.TotalSeconds:F2} s after process start ({coldStartCpu.TotalSeconds:F2} s of CPU)");

        try
        {
            await RunLoadAsync(options, report, api, apiUptime, cpu, today, organizations, Log, token);
        }
        catch (Exception) when (api.HasExited)
        {
            throw new InvalidOperationException($"The API stopped during the run:\n{api.Tail()}");
        }

        // Memory: the API's peak resident set over the whole run.
        if (api.Memory() is { } memory)
        {
            report.Add(new Figure("api_peak_rss", Report.Lines[7].Label, $"{memory.PeakMiB:F0} MiB (now {memory.CurrentMiB:F0})",
                Math.Round(memory.PeakMiB, 1), "MiB", "—", null, null, "≤ 400 MB", memory.PeakMiB <= RssTargetMiB));
        }
        else report.NotAvailable("api_peak_rss", "n/a (no /proc)", "≤ 400 MB");

        report.Context["loadAverageAtEnd"] = LoadAverage();
        report.Context["totalSeconds"] = Math.Round(clock.Elapsed.TotalSeconds, 1);
        report.Notes.Add("Shared machine: the API, PostgreSQL and the load generator share its cores, and other work may run " +
                         "beside them; compare ratios from the same run, not absolute numbers across runs.");
        if (options.Quick) report.Notes.Add("Quick mode: a tiny run that shows the benchmark works; its numbers are not measurements.");

        output.WriteLine();
        output.WriteLine($"PivotCase benchmark ({report.Mode}), {report.StartedAt:yyyy-MM-dd HH:mm} UTC, {report.Context["machine"]}");
        output.WriteLine();
        output.Write(report.Table());
        output.WriteLine();
        foreach (var (key, value) in report.Context.Where(pair => pair.Value is string)) output.WriteLine($"  {key}: {value}");
        foreach (var note in report.Notes) output.WriteLine($"  note: {note}");

        if (options.JsonPath is { } jsonPath)
        {
            await File.WriteAllTextAsync(jsonPath, report.Json(), token);
            output.WriteLine($"  JSON written to {jsonPath}");
        }

        return report;
    }

    private static async Task RunLoadAsync(
        BenchOptions options, Report report, ApiProcess api, Stopwatch apiUptime, CpuMeter cpu, DateOnly today,
        IReadOnlyList<(string Organization, IReadOnlyList<string> Workers)> organizations, Action<string> Log, CancellationToken token)
    {
        var tokens = Tokens.For(options.ApiDll);
        using var http = ApiClient.CreateHttp(api.BaseAddress);

        // The first requests after start-up: each endpoint's first call pays for JIT and the first database round trips
        // (its Wolverine code is pre-generated, so nothing is compiled at run time).
        var probeFaker = new CaseFaker(7, today, organizations);
        var probeWorker = new ApiClient(http, tokens.Create(Roles.Caseworker, Population.LagProbeOrganization, "lag-probe-worker"));
        var probeSupervisor = new ApiClient(http, tokens.Create(Roles.Supervisor, Population.LagProbeOrganization, "lag-probe-supervisor"));
        var first = Stopwatch.StartNew();
        var probeCase = await Load.OpenProbeCaseAsync(probeWorker, probeFaker, today, token);
        var firstWrite = first.Elapsed;
        first.Restart();
        await probeWorker.ExpectAsync(HttpMethod.Get, $"/api/cases/{probeCase}", null, HttpStatusCode.OK, token);
        var firstRead = first.Elapsed;
        report.Context["firstRequestsAfterHealthy"] =
            $"POST /api/cases {firstWrite.TotalMilliseconds:F0} ms, GET /api/cases/{{id}} {firstRead.TotalMilliseconds:F0} ms (JIT and first queries; Wolverine's code is pre-generated)";
        Log($"first requests: {report.Context["firstRequestsAfterHealthy"]}; time since process start {api.SinceStart.Elapsed.TotalSeconds:F1} s");

        // 4. Seed through HTTP: the directory, then each client's cases with their needs, steps, assessments, consents,
        // referrals and immigration files.
        var seedWatch = Stopwatch.StartNew();
        await Seeder.RegisterDirectoryAsync(http, tokens, probeFaker, token);
        var partners = CaseFaker.DirectoryMembers.ToDictionary(code => code,
            code => new ApiClient(http, tokens.Create(Roles.Caseworker, code, $"{code}-intake")));
        var clients = Enumerable.Range(0, options.Clients)
            .Select(index => new LoadClient(index, new ApiClient(http, tokens.Create(Roles.Caseworker, Population.LoadOrganization(index), Population.LoadWorker(index))),
                new CaseFaker(100 + index, today, organizations)))
            .ToList();
        var shape = options.Quick ? CaseShape.Small : CaseShape.Active;
        var seedRequests = await Task.WhenAll(clients.Select(client => Task.Run(async () =>
        {
            var requests = 0;
            for (var index = client.Index; index < options.SeedCases; index += options.Clients)
            {
                var plan = new CaseFaker(10_000 + index, today, organizations).Next(shape, client.Organization, client.Worker);
                var (seeded, count) = await Seeder.SeedCaseAsync(client.Api, code => partners[code], plan, today, token);
                client.Cases.Add(seeded);
                requests += count;
            }

            return requests;
        }, token)));
        seedWatch.Stop();
        var seeded = clients.Sum(client => client.Cases.Count);
        report.Context["httpSeed"] = $"{seeded} cases, {seedRequests.Sum():N0} requests in {seedWatch.Elapsed.TotalSeconds:F1} s " +
                                     $"({seedRequests.Sum() / seedWatch.Elapsed.TotalSeconds:N0} requests/s, {options.Clients} clients)";
        Log($"seeded through HTTP: {report.Context["httpSeed"]}");

        // The API's sweeps first run a minute after its start (PeriodicMessages.FirstRunAfter): neither the reference nor
        // a measured phase should pay for them.
        var sweepsPassed = PeriodicMessages.FirstRunAfter + TimeSpan.FromSeconds(5) - apiUptime.Elapsed;
        if (options.WarmUp > TimeSpan.Zero && sweepsPassed > TimeSpan.Zero)
        {
            Log($"waiting {sweepsPassed.TotalSeconds:F0} s for the API's first sweeps, a minute after its start, before the warm-up");
            await Task.Delay(sweepsPassed, token);
        }

        // Unmeasured: the measured phases start in steady state (see BenchOptions.WarmUp).
        if (options.WarmUp > TimeSpan.Zero)
        {
            var warmUp = Stopwatch.StartNew();
            await Load.StepLoggingAsync(clients, options.WarmUp / 2, today, token);
            await Load.CaseReadsAsync(clients, options.WarmUp / 2, token);
            Log($"warm-up: {warmUp.Elapsed.TotalSeconds:F0} s of step logging and case reads, not measured");
        }

        // 5. The reference, right before the step logging it is compared with.
        PgbenchResult? pgbench = null;
        if (Pgbench.Find() is { } pgbenchPath)
        {
            var pgDatabase = options.PgbenchDatabase;

            // The CPU of the measured run only, not of the tables' initialisation.
            pgbench = await Pgbench.RunAsync(pgbenchPath, Databases.WithDatabase(options.ConnectionString, pgDatabase), options.PgbenchScale,
                options.Clients, options.PgbenchThreads, options.PhaseDuration, Log, token, initialised: cpu.Start);
            var pgCpu = cpu.Stop();
            report.Context["cpu.pgbench"] = pgCpu.Describe();
            report.Context["cpuSeconds.pgbench"] = pgCpu.ToJson();
            report.Add(new Figure("pgbench", Report.Lines[9].Label, $"{Report.Number(pgbench.Tps)} TPS", Math.Round(pgbench.Tps, 1), "tps",
                $"-c {options.Clients} -j {options.PgbenchThreads} -T {options.PhaseDuration.TotalSeconds:F0}, scale {options.PgbenchScale}", null, null, "—", null));
            Log($"pgbench -N: {pgbench.Tps:N0} TPS ({pgCpu.Describe()})");
        }
        else report.NotAvailable("pgbench", "n/a (pgbench not found)", "—");

        // 6. Step logging.
        var db = new DbMeter(Databases.WithDatabase(options.ConnectionString, options.Database));
        await db.StartAsync(token);
        cpu.Start();
        var steps = await Load.StepLoggingAsync(clients, options.PhaseDuration, today, token);
        var stepCpu = cpu.Stop();
        var stepWork = await db.StopAsync(token);
        report.Context["db.stepLogging"] = stepWork.PerRequest(steps.Latencies.Count + steps.SideRequests * 2);
        report.Context["cpu.stepLogging"] = stepCpu.Describe();
        report.Context["cpuSeconds.stepLogging"] = stepCpu.ToJson();
        ThrowOnErrors("step logging", steps);
        var stepLatency = $"{steps.Latencies.Percentile(50):F1} / {steps.Latencies.Percentile(95):F1} / {steps.Latencies.Percentile(99):F1} ms";
        report.Add(new Figure("step_logging_throughput", Report.Lines[0].Label, $"{Report.Number(steps.Throughput)} steps/s",
            Math.Round(steps.Throughput, 1), "requests/s",
            pgbench is null ? "n/a (pgbench not found)" : $"pgbench -N {Report.Number(pgbench.Tps)} TPS",
            pgbench?.Tps, pgbench is null ? null : Math.Round(steps.Throughput / pgbench.Tps, 3), "≥ 0.5 × pgbench",
            pgbench is null ? null : steps.Throughput / pgbench.Tps >= StepRatioTarget));
        report.Add(new Figure("step_logging_latency", Report.Lines[1].Label, stepLatency, Math.Round(steps.Latencies.Percentile(99), 2), "ms (p99)",
            "—", null, null, "p99 ≤ 50 ms", steps.Latencies.Percentile(99) <= StepP99TargetMs));
        report.Context["stepLogging"] = $"{steps.Latencies.Count:N0} steps in {steps.Elapsed.TotalSeconds:F1} s, {steps.SideRequests} cases opened on the way, " +
                                        $"max {steps.Latencies.Max:F0} ms";
        Log($"step logging: {steps.Throughput:N0} steps/s, p50/p95/p99 {stepLatency} ({stepCpu.Describe()}); database {report.Context["db.stepLogging"]}");

        // 7. Case reads.
        await db.StartAsync(token);
        cpu.Start();
        var reads = await Load.CaseReadsAsync(clients, options.PhaseDuration, token);
        var readCpu = cpu.Stop();
        report.Context["db.caseReads"] = (await db.StopAsync(token)).PerRequest(reads.Latencies.Count);
        report.Context["cpu.caseReads"] = readCpu.Describe();
        report.Context["cpuSeconds.caseReads"] = readCpu.ToJson();
        ThrowOnErrors("case reads", reads);
        var readLatency = $"{reads.Latencies.Percentile(50):F1} / {reads.Latencies.Percentile(95):F1} / {reads.Latencies.Percentile(99):F1} ms";
        report.Add(new Figure("case_read_throughput", Report.Lines[2].Label, $"{Report.Number(reads.Throughput)} reads/s", Math.Round(reads.Throughput, 1),
            "requests/s", $"step logging {Report.Number(steps.Throughput)}/s", Math.Round(steps.Throughput, 1),
            Math.Round(reads.Throughput / Math.Max(steps.Throughput, 1e-6), 3), "≥ 3 × step logging",
            reads.Throughput / Math.Max(steps.Throughput, 1e-6) >= ReadRatioTarget));
        report.Add(new Figure("case_read_latency", Report.Lines[3].Label, readLatency, Math.Round(reads.Latencies.Percentile(99), 2), "ms (p99)",
            "—", null, null, "p99 ≤ 20 ms", reads.Latencies.Percentile(99) <= ReadP99TargetMs));
        report.Context["caseReads"] = $"{reads.Latencies.Count:N0} reads over {clients.Sum(client => client.Cases.Count)} cases, max {reads.Latencies.Max:F0} ms";
        Log($"case reads: {reads.Throughput:N0} reads/s, p50/p95/p99 {readLatency} ({readCpu.Describe()}); database {report.Context["db.caseReads"]}");

        // 8. Projection lag: a few samples with nothing else running (context), then under the same write load.
        if (options.IdleLagSamples > 0)
        {
            var (idle, idleTimedOut, _, idleProgress) = await Load.ProjectionLagAsync([], probeWorker, probeSupervisor, probeCase, probeFaker,
                options.IdleLagSamples, options.LagMaxDuration, today, Databases.WithDatabase(options.ConnectionString, options.Database), token);
            report.Context["projectionLagIdle"] = $"p50 {idle.Percentile(50):F0} ms, max {idle.Max:F0} ms over {idle.Count} samples with no other load" +
                                                  (idleTimedOut > 0 ? $" ({idleTimedOut} timed out)" : "");
            Log($"projection lag, idle: {report.Context["projectionLagIdle"]}; {idleProgress.Describe()}");
        }

        cpu.Start();
        var (lag, timedOut, background, progress) = await Load.ProjectionLagAsync(clients, probeWorker, probeSupervisor, probeCase, probeFaker,
            options.LagSamples, options.LagMaxDuration, today, Databases.WithDatabase(options.ConnectionString, options.Database), token);
        report.Context["projectionLagDaemon"] = progress.Describe();
        var lagCpu = cpu.Stop();
        report.Context["cpu.projectionLag"] = lagCpu.Describe();
        report.Context["cpuSeconds.projectionLag"] = lagCpu.ToJson();
        if (lag.Count == 0) report.NotAvailable("projection_lag", "n/a (no sample)", "p95 ≤ 1 s");
        else
            report.Add(new Figure("projection_lag", Report.Lines[4].Label,
                $"{lag.Percentile(95):F0} ms (p50 {lag.Percentile(50):F0}, max {lag.Max:F0}; n={lag.Count}{(timedOut > 0 ? $", {timedOut} timed out" : "")})",
                Math.Round(lag.Percentile(95), 1), "ms", "—", null, null, "p95 ≤ 1 s", lag.Percentile(95) <= LagP95TargetMs && timedOut == 0));
        report.Context["projectionLagBackground"] = $"{background.Throughput:N0} steps/s logged meanwhile, p99 {background.Latencies.Percentile(99):F1} ms";
        Log($"projection lag: p95 {lag.Percentile(95):F0} ms over {lag.Count} samples, under {background.Throughput:N0} steps/s ({lagCpu.Describe()}); {progress.Describe()}");

        // The dashboard of a busy organisation (its history included), for context.
        var busySupervisor = new ApiClient(http, tokens.Create(Roles.Supervisor, Population.LoadOrganizations[0], "supervisor-1"));
        var contextRequests = options.Quick ? 2 : 5;
        var (dashboard, dashboardBytes) = await TimeAsync(busySupervisor, "/api/dashboard", contextRequests, token);
        var orgRows = await CountCaseloadRowsAsync(Databases.WithDatabase(options.ConnectionString, options.Database), Population.LoadOrganizations[0], token);
        report.Context["dashboardBusyOrganization"] =
            $"GET /api/dashboard for {Population.LoadOrganizations[0]} ({orgRows:N0} caseload rows, {dashboardBytes / 1024.0:N0} KiB): median {dashboard.Percentile(50):F0} ms, max {dashboard.Max:F0} ms";
        Log($"dashboard: {report.Context["dashboardBusyOrganization"]}");

        // The lists that find an organisation's cases among the whole coalition's, for context.
        var (listLatency, _) = await TimeAsync(busySupervisor, "/api/cases?pageSize=50", contextRequests, token);
        var referralsReceiver = partners[CaseFaker.DirectoryMembers[0]];
        var (incomingLatency, _) = await TimeAsync(referralsReceiver, "/api/referrals/incoming", contextRequests, token);
        report.Context["caseListsBusyOrganization"] =
            $"GET /api/cases?pageSize=50 for {Population.LoadOrganizations[0]}: median {listLatency.Percentile(50):F0} ms; " +
            $"GET /api/referrals/incoming for {CaseFaker.DirectoryMembers[0]}: median {incomingLatency.Percentile(50):F0} ms";
        Log($"lists: {report.Context["caseListsBusyOrganization"]}");

        // 9. Statistics over the whole coalition.
        var researcher = new ApiClient(http, tokens.Create(Roles.Researcher, Population.ResearcherOrganization, "researcher-1"));
        var statistics = await Statistics.RunAsync(researcher, options.StatisticsQueries, token);
        var totalCases = options.HistoryCases + clients.Sum(client => client.Cases.Count);
        if (statistics.Latencies is { Count: > 0 } statisticsLatency)
            report.Add(new Figure("statistics", $"{Report.Lines[6].Label} ({totalCases:N0} cases)",
                $"{statisticsLatency.Percentile(95):F1} ms (p50 {statisticsLatency.Percentile(50):F1}; n={statisticsLatency.Count}" +
                $"{(statisticsLatency.Errors > 0 ? $", {statisticsLatency.Errors} errors" : "")})",
                Math.Round(statisticsLatency.Percentile(95), 2), "ms", "—", null, null, "p95 ≤ 200 ms",
                statisticsLatency.Percentile(95) <= StatisticsP95TargetMs && statisticsLatency.Errors == 0));
        else
            report.Add(new Figure("statistics", $"{Report.Lines[6].Label} ({totalCases:N0} cases)",
                statistics.Unavailable ?? $"n/a ({statistics.Latencies?.FirstError})", null, null, "—", null, null, "p95 ≤ 200 ms", null));
        Log($"statistics: {report.Figures.First(figure => figure.Key == "statistics").Shown}");
    }

    /// <summary>A few GETs one after another, for a context line: their latencies and the size of the last answer.</summary>
    private static async Task<(Latencies Latencies, int Bytes)> TimeAsync(ApiClient client, string url, int times, CancellationToken token)
    {
        var latencies = new Latencies();
        var bytes = 0;
        for (var index = 0; index < times; index++)
        {
            var started = Stopwatch.GetTimestamp();
            var answer = await client.GetAsync(url, token);
            if (answer.Status != HttpStatusCode.OK) throw new InvalidOperationException($"GET {url} answered {(int)answer.Status}.");
            latencies.Record(Stopwatch.GetTimestamp() - started);
            bytes = answer.Body.Length;
        }

        return (Latencies.Merge([latencies]), bytes);
    }

    private static void ThrowOnErrors(string phase, PhaseResult result)
    {
        if (result.Latencies.Errors > 0)
            throw new InvalidOperationException($"{phase}: {result.Latencies.Errors} failed requests; first: {result.Latencies.FirstError}");
        if (result.Latencies.Count == 0) throw new InvalidOperationException($"{phase}: no request completed.");
    }

    private static async Task<long> CountCaseloadRowsAsync(string connectionString, string organization, CancellationToken token)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(token);
        await using var command = new NpgsqlCommand($"select count(*) from {Api.Platform.Storage.SchemaName}.mt_doc_caseloadentry where organization = @org", connection);
        command.Parameters.AddWithValue("org", organization);
        try
        {
            return (long)(await command.ExecuteScalarAsync(token))!;
        }
        catch (PostgresException)
        {
            return -1;
        }
    }

    private static async Task<long> OtherConnectionsAsync(string connectionString, CancellationToken token)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(token);
        await using var command = new NpgsqlCommand(
            // Client backends only: after the history's bulk insert an autovacuum worker is often busy in the database,
            // and it holds no lock or leadership that the API could wait for.
            "select count(*) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() " +
            "and backend_type = 'client backend'", connection);
        return (long)(await command.ExecuteScalarAsync(token))!;
    }

    private static async Task<string> ServerVersionAsync(string connectionString, CancellationToken token)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(token);
        return $"PostgreSQL {connection.PostgreSqlVersion}";
    }

    /// <summary>"Today" as the API sees it (the coalition's zone), so that no generated date is in its future.</summary>
    public static DateOnly CoalitionToday()
    {
        try
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById("America/Toronto");
            return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).DateTime);
        }
        catch (TimeZoneNotFoundException)
        {
            return DateOnly.FromDateTime(DateTime.UtcNow);
        }
    }

    private static string Machine()
    {
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(line => line.StartsWith("MemTotal:")) is { } line
                ? $", {double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024 / 1024:F0} GiB"
                : ""
            : "";
        var model = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("model name"))?.Split(':', 2)[1].Trim()
            : null;
        return $"{Environment.ProcessorCount} cores{(model is null ? "" : $" ({model})")}{memory}, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }

    internal static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
