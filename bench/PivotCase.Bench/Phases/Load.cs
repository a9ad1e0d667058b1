using System.Diagnostics;
using System.Net;
using PivotCase.Api.Cases;
using PivotCase.Api.Steps;
using PivotCase.Bench.Data;
using PivotCase.Bench.Infrastructure;

namespace PivotCase.Bench.Phases;

public sealed record PhaseResult(Latencies Latencies, TimeSpan Elapsed, int SideRequests)
{
    public double Throughput => Latencies.Count / Math.Max(Elapsed.TotalSeconds, 1e-6);
}

/// <summary>
/// One of the concurrent clients: a pivot caseworker with a token of their own, who owns their cases (so no two clients
/// ever write to the same case) and logs steps on them, opening a new case when one has had its 5–60 steps.
/// </summary>
public sealed class LoadClient
{
    private readonly CaseFaker _faker;
    private readonly Random _random;

    public LoadClient(int index, ApiClient api, CaseFaker faker)
    {
        Index = index;
        Api = api;
        _faker = faker;
        _random = new Random(1000 + index);
    }

    public int Index { get; }
    public ApiClient Api { get; }
    public List<LoadCase> Cases { get; } = [];
    public string Organization => Population.LoadOrganization(Index);
    public string Worker => Population.LoadWorker(Index);

    /// <summary>Logs steps until <paramref name="stop"/>; every step's latency, 201 or not, goes to <paramref name="latencies"/>.</summary>
    public async Task<int> LogStepsAsync(Func<bool> stop, Latencies latencies, DateOnly today, CancellationToken token)
    {
        var opened = 0;
        var current = Cases.Count == 0 ? null : Cases[_random.Next(Cases.Count)];
        while (!stop())
        {
            if (current is null || current.Steps >= current.StepCap)
            {
                current = Cases.FirstOrDefault(candidate => candidate.Steps < candidate.StepCap) ?? await OpenCaseAsync(token);
                if (!Cases.Contains(current))
                {
                    Cases.Add(current);
                    opened++;
                }
            }

            var need = current.Needs.Count > 0 && _random.NextDouble() < 0.3 ? current.Needs[_random.Next(current.Needs.Count)] : null;
            var body = _faker.NextStep(today, need);
            var started = Stopwatch.GetTimestamp();
            try
            {
                var answer = await Api.PostAsync($"/api/cases/{current.Id}/steps", body, token);
                var elapsed = Stopwatch.GetTimestamp() - started;
                if (answer.Status == HttpStatusCode.Created)
                {
                    latencies.Record(elapsed);
                    current.Steps += body.Status == PlannedStepStatus.Planned || body.Status is null ? 1 : 2;
                }
                else latencies.Error($"POST steps answered {(int)answer.Status}: {ApiClient.Truncate(answer.Body)}");
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !token.IsCancellationRequested)
            {
                latencies.Error($"POST steps failed: {exception.Message}");
            }

            // Move between the client's cases the way a caseworker moves between survivors.
            if (_random.NextDouble() < 0.2) current = Cases[_random.Next(Cases.Count)];
        }

        return opened;
    }

    public async Task ReadCasesAsync(Func<bool> stop, Latencies latencies, CancellationToken token)
    {
        while (!stop())
        {
            var target = Cases[_random.Next(Cases.Count)];
            var started = Stopwatch.GetTimestamp();
            try
            {
                var answer = await Api.GetAsync($"/api/cases/{target.Id}", token);
                var elapsed = Stopwatch.GetTimestamp() - started;
                if (answer.Status == HttpStatusCode.OK) latencies.Record(elapsed);
                else latencies.Error($"GET case answered {(int)answer.Status}: {ApiClient.Truncate(answer.Body)}");
            }
            catch (HttpRequestException exception)
            {
                latencies.Error($"GET case failed: {exception.Message}");
            }
        }
    }

    private async Task<LoadCase> OpenCaseAsync(CancellationToken token)
    {
        var plan = _faker.Next(CaseShape.Active, Organization, Worker);
        var opened = await Api.ExpectAsync(HttpMethod.Post, "/api/cases", new OpenCase(plan.AccessPoint, plan.ExploitationTypes,
            plan.Trafficking, plan.AgeGroup, plan.Gender, plan.Region, plan.OpenedOn, plan.PersonalDetails), HttpStatusCode.Created, token);
        var caseId = opened.GetProperty("id").GetGuid();
        var need = plan.Needs[0];
        var needId = (await Api.ExpectAsync(HttpMethod.Post, $"/api/cases/{caseId}/needs", new RecordNeed(need.Domain, need.Timeframe, need.Description),
            HttpStatusCode.Created, token)).GetProperty("needId").GetGuid();
        return new LoadCase(caseId, 0, plan.Steps.Count, [new RecordedNeed(needId, need.Domain)]);
    }
}

public static class Load
{
    public static async Task<PhaseResult> StepLoggingAsync(IReadOnlyList<LoadClient> clients, TimeSpan duration, DateOnly today, CancellationToken token)
    {
        var parts = clients.Select(_ => new Latencies()).ToArray();
        var watch = Stopwatch.StartNew();
        bool Stop() => watch.Elapsed >= duration || token.IsCancellationRequested;
        var opened = await Task.WhenAll(clients.Select((client, index) => Task.Run(() => client.LogStepsAsync(Stop, parts[index], today, token), token)));
        watch.Stop();
        return new PhaseResult(Latencies.Merge(parts), watch.Elapsed, opened.Sum());
    }

    public static async Task<PhaseResult> CaseReadsAsync(IReadOnlyList<LoadClient> clients, TimeSpan duration, CancellationToken token)
    {
        var parts = clients.Select(_ => new Latencies()).ToArray();
        var watch = Stopwatch.StartNew();
        bool Stop() => watch.Elapsed >= duration || token.IsCancellationRequested;
        await Task.WhenAll(clients.Select((client, index) => Task.Run(() => client.ReadCasesAsync(Stop, parts[index], token), token)));
        watch.Stop();
        return new PhaseResult(Latencies.Merge(parts), watch.Elapsed, 0);
    }

    /// <summary>
    /// Projection lag under load: the clients keep logging steps while a probe plans overdue steps (due two days ago) on
    /// its own case and polls its supervisor's dashboard until each appears in <c>overdueSteps</c>; the lag is the time
    /// from the step's 201 to the first dashboard answer that shows it.
    /// </summary>
    public static async Task<(Latencies Lag, int TimedOut, PhaseResult Background, DaemonProgress Progress)> ProjectionLagAsync(
        IReadOnlyList<LoadClient> clients, ApiClient probeWorker, ApiClient probeSupervisor, Guid probeCase, CaseFaker faker,
        int samples, TimeSpan maxDuration, DateOnly today, string connectionString, CancellationToken token)
    {
        using var watchDaemon = CancellationTokenSource.CreateLinkedTokenSource(token);
        var progress = DaemonProgress.SampleAsync(connectionString, watchDaemon.Token);
        var lag = new Latencies();
        var timedOut = 0;
        var parts = clients.Select(_ => new Latencies()).ToArray();
        var watch = Stopwatch.StartNew();
        var probeDone = false;
        bool Stop() => probeDone || watch.Elapsed >= maxDuration + TimeSpan.FromSeconds(35) || token.IsCancellationRequested;
        var background = clients.Select((client, index) => Task.Run(() => client.LogStepsAsync(Stop, parts[index], today, token), token)).ToArray();

        var random = new Random(7);
        var overdue = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-2);
        var caseId = probeCase;
        var stepsOnCase = 0;
        try
        {
            // Let the background load settle before the first sample.
            await Task.Delay(TimeSpan.FromSeconds(Math.Min(2, maxDuration.TotalSeconds / 10)), token);
            for (var sample = 0; sample < samples && watch.Elapsed < maxDuration; sample++)
            {
                if (++stepsOnCase > 40)
                {
                    caseId = await OpenProbeCaseAsync(probeWorker, faker, today, token);
                    stepsOnCase = 1;
                }

                var stepId = (await probeWorker.ExpectAsync(HttpMethod.Post, $"/api/cases/{caseId}/steps",
                        new PlanStep(ServiceDomain.Housing, "Lag probe: shelter follow-up", Timeframe.Immediate, null, overdue), HttpStatusCode.Created, token))
                    .GetProperty("stepId").GetGuid().ToString();
                var written = Stopwatch.GetTimestamp();
                var seen = false;
                while (Stopwatch.GetElapsedTime(written) < TimeSpan.FromSeconds(30))
                {
                    var dashboard = await probeSupervisor.GetAsync("/api/dashboard", token);
                    if (dashboard.Status != HttpStatusCode.OK)
                        throw new InvalidOperationException($"GET /api/dashboard answered {(int)dashboard.Status}: {ApiClient.Truncate(dashboard.Body)}");
                    if (dashboard.Body.Contains(stepId, StringComparison.Ordinal))
                    {
                        lag.Record(Stopwatch.GetTimestamp() - written);
                        seen = true;
                        break;
                    }

                    await Task.Delay(10, token);
                }

                if (!seen)
                {
                    timedOut++;
                    lag.Record(Stopwatch.GetTimestamp() - written);
                }

                await Task.Delay(random.Next(100, 400), token);
            }
        }
        finally
        {
            probeDone = true;
            await Task.WhenAll(background);
            await watchDaemon.CancelAsync();
        }

        watch.Stop();
        return (Latencies.Merge([lag]), timedOut, new PhaseResult(Latencies.Merge(parts), watch.Elapsed, 0), await progress);
    }

    public static async Task<Guid> OpenProbeCaseAsync(ApiClient probeWorker, CaseFaker faker, DateOnly today, CancellationToken token)
    {
        var plan = faker.Next(CaseShape.Small, Population.LagProbeOrganization);
        return (await probeWorker.ExpectAsync(HttpMethod.Post, "/api/cases", new OpenCase(plan.AccessPoint, plan.ExploitationTypes,
                plan.Trafficking, plan.AgeGroup, plan.Gender, plan.Region, today.AddDays(-10)), HttpStatusCode.Created, token))
            .GetProperty("id").GetGuid();
    }
}

/// <summary>
/// Where the dashboard's lag comes from, sampled every 100 ms while the probe runs: how far the daemon's high-water mark
/// trails the newest event (detection: the daemon only reads up to a mark with no uncommitted gap below it), and how far
/// the CaseloadEntry projection trails the mark (processing).
/// </summary>
public sealed record DaemonProgress(int Samples, double MeanEventsBehindMark, double MeanEventsMarkBehindNewest, double MaxEventsMarkBehindNewest)
{
    public string Describe() => Samples == 0
        ? "n/a"
        : $"high-water mark behind newest event: mean {MeanEventsMarkBehindNewest:F0}, max {MaxEventsMarkBehindNewest:F0} events; " +
          $"CaseloadEntry behind the mark: mean {MeanEventsBehindMark:F0} events ({Samples} samples)";

    public static async Task<DaemonProgress> SampleAsync(string connectionString, CancellationToken token)
    {
        var markBehind = new List<long>();
        var projectionBehind = new List<long>();
        try
        {
            await using var connection = new Npgsql.NpgsqlConnection(connectionString);
            await connection.OpenAsync(token);
            var schema = PivotCase.Api.Platform.Storage.SchemaName;
            await using var command = new Npgsql.NpgsqlCommand(
                $"select (select max(seq_id) from {schema}.mt_events), " +
                $"(select last_seq_id from {schema}.mt_event_progression where name = 'HighWaterMark'), " +
                $"(select last_seq_id from {schema}.mt_event_progression where name = 'CaseloadEntry:All')", connection);
            while (!token.IsCancellationRequested)
            {
                await using (var reader = await command.ExecuteReaderAsync(token))
                {
                    if (await reader.ReadAsync(token) && !reader.IsDBNull(0) && !reader.IsDBNull(1) && !reader.IsDBNull(2))
                    {
                        markBehind.Add(reader.GetInt64(0) - reader.GetInt64(1));
                        projectionBehind.Add(reader.GetInt64(1) - reader.GetInt64(2));
                    }
                }

                await Task.Delay(100, token);
            }
        }
        catch (OperationCanceledException)
        {
        }

        return markBehind.Count == 0
            ? new DaemonProgress(0, 0, 0, 0)
            : new DaemonProgress(markBehind.Count, projectionBehind.Average(), markBehind.Average(), markBehind.Max());
    }
}
