using System.Text.Json.Nodes;
using PivotCase.Api.Dashboards;
using PivotCase.Api.Platform;
using PivotCase.Api.Statistics;
using PivotCase.Tests.Support;
using Xunit.Abstractions;

namespace PivotCase.Tests.Reliability;

/// <summary>
/// The API restarted while its async projections are far behind the events (written meanwhile by a node whose daemon
/// is disabled, <c>Projections:Daemon=Disabled</c>): after catching up, every read model equals a rebuild from the
/// events, also when the API is killed (SIGKILL) in the middle of catching up.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class RestartTests(ITestOutputHelper console)
{
    private const int BacklogStepsPerCase = 200;

    private static readonly IReadOnlyDictionary<string, string> WithoutDaemon =
        new Dictionary<string, string>(DaemonLog.Settings) { ["Projections__Daemon"] = "Disabled" };

    [Fact]
    public async Task An_api_restarted_far_behind_catches_up_to_what_a_rebuild_gives()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var token = timeout.Token;
        await using var database = await FaultDatabase.CreateAsync("restart", token);
        await FallBehindAsync(database, token);

        await using (var restarted = await ApiProcess.StartAsync(database.ForNode("restarted"), DaemonLog.Settings, waitUntilHealthy: false))
        {
            var caughtUp = await Eventually.HoldsAsync(() => database.CaughtUpAsync(token), "the restarted API to catch up", token);
            console.WriteLine($"caught up with {await database.HeadAsync(token)} events {caughtUp.TotalMilliseconds:F0} ms after answering");
            using var client = restarted.Client();
            await Eventually.HoldsAsync(async () => (await client.GetAsync("/health", token)).IsSuccessStatusCode, "/health to be healthy", token);
            DaemonLog.ShouldProjectEachEventOnce(DaemonLog.ExecutedRanges("restarted", restarted));
        }

        await ShouldEqualARebuildAsync(database, token);
    }

    [Fact]
    public async Task An_api_killed_while_catching_up_restarts_and_catches_up_to_what_a_rebuild_gives()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var token = timeout.Token;
        await using var database = await FaultDatabase.CreateAsync("restart_killed", token);
        var lastCase = await FallBehindAsync(database, token);
        var behind = await database.ProgressAsync(token);

        // The last case's rows are locked, so the daemon stops at the batch holding the backlog's last event, with the
        // batches before it committed; the API is killed there, its transaction in flight.
        await using var connection = await database.OpenAsync(token);
        await using var transaction = await connection.BeginTransactionAsync(token);
        foreach (var readModel in new[] { typeof(CaseloadEntry), typeof(StatisticalCase) })
        {
            await using var lockRow = new Npgsql.NpgsqlCommand(
                $"select id from {database.Store.Options.Schema.For(readModel)} where id = @id for update", connection, transaction);
            lockRow.Parameters.AddWithValue("id", lastCase);
            (await lockRow.ExecuteScalarAsync(token)).ShouldBe(lastCase, $"the {readModel.Name} row of the last case exists");
        }

        var interrupted = await ApiProcess.StartAsync(database.ForNode("interrupted"), DaemonLog.Settings, waitUntilHealthy: false);
        IReadOnlyDictionary<string, long> killedAt;
        try
        {
            await Eventually.HoldsAsync(async () => await database.ScalarAsync<long>(
                    "select count(*) from pg_stat_activity where datname = current_database() " +
                    "and application_name = 'pivotcase-node-interrupted' and wait_event_type = 'Lock'", token) == 2,
                "both async projections to wait for the locked rows", token);
            killedAt = await database.ProgressAsync(token);
            await interrupted.KillAsync();
        }
        finally
        {
            await interrupted.DisposeAsync();
        }

        await transaction.RollbackAsync(token);
        var head = await database.HeadAsync(token);
        console.WriteLine($"{head} events; progress when the backlog was written: {Describe(behind)}; when killed: {Describe(killedAt)}");
        foreach (var (shard, sequence) in killedAt)
        {
            sequence.ShouldBeGreaterThan(behind[shard], $"{shard} had committed part of the backlog when the API was killed");
            sequence.ShouldBeLessThan(head, $"{shard} was still catching up when the API was killed");
        }

        await using (var restarted = await ApiProcess.StartAsync(database.ForNode("restarted"), DaemonLog.Settings, waitUntilHealthy: false))
        {
            await Eventually.HoldsAsync(() => database.CaughtUpAsync(token), "the restarted API to catch up", token);
            DaemonLog.ShouldProjectEachEventOnce(
                DaemonLog.ExecutedRanges("interrupted", interrupted).Concat(DaemonLog.ExecutedRanges("restarted", restarted)));
        }

        await ShouldEqualARebuildAsync(database, token);
    }

    /// <summary>
    /// A caseload projected by a running API, then a backlog of steps (200 per case) written through a node whose daemon
    /// is disabled, ending with one step on a case of its own. Returns that last case; every API process is gone.
    /// </summary>
    private async Task<Guid> FallBehindAsync(FaultDatabase database, CancellationToken token)
    {
        List<Caseload.WrittenCase> cases;
        await using (var first = await ApiProcess.StartAsync(database.ForNode("first")))
        {
            cases = await Caseload.WriteAsync([first], stepsPerCase: 2, token);
            await Eventually.HoldsAsync(() => database.CaughtUpAsync(token), "the async projections to catch up", token);
        }

        var lastCase = cases[^1];
        await using var writer = await ApiProcess.StartAsync(database.ForNode("writer"), WithoutDaemon);
        await Task.WhenAll(Caseload.Workers.Select(async worker =>
        {
            using var client = writer.Client(worker);
            var own = cases.Where(written => written.Worker == worker && written != lastCase).ToList();
            for (var step = 0; step < BacklogStepsPerCase * own.Count; step++)
                await Caseload.PlanStepAsync(client, own[step % own.Count].CaseId, $"Backlog step {step}", token);
        }));
        using (var lastWorker = writer.Client(lastCase.Worker))
            await Caseload.PlanStepAsync(lastWorker, lastCase.CaseId, "Last step", token);

        (await database.ShardLeadersAsync(token)).ShouldBeEmpty("a node without its daemon holds no shard");
        DaemonLog.StartedShards(writer).ShouldBeEmpty();
        var head = await database.HeadAsync(token);
        // More than a page of the daemon behind, so that a killed catch-up has committed pages before the last one.
        (await database.ProgressAsync(token)).Values.ShouldAllBe(sequence => sequence < head - Storage.AsyncProjectionBatchSize);
        using var anonymous = writer.Client();
        using var health = await anonymous.GetAsync("/health", token);
        var report = JsonNode.Parse(await health.Content.ReadAsStringAsync(token))!;
        ((int)health.StatusCode).ShouldBe(200, "lagging projections degrade a node, they do not take it out of service");
        report["status"]!.GetValue<string>().ShouldBe("degraded");
        report["checks"]!.AsArray().Single(check => check!["name"]!.GetValue<string>() == "projections")!["eventsBehind"]!
            .GetValue<long>().ShouldBeGreaterThan(1000);
        console.WriteLine($"{head} events; writer's /health: {report.ToJsonString()}");
        return lastCase.CaseId;
    }

    private async Task ShouldEqualARebuildAsync(FaultDatabase database, CancellationToken token)
    {
        var rows = await ReadModels.ShouldEqualARebuildAsync(database.Store, "the restart", token);
        console.WriteLine($"{rows.Count(nameof(CaseloadEntry))} caseload rows and {rows.Count(nameof(StatisticalCase))} statistical rows equal to a rebuild");
    }

    private static string Describe(IReadOnlyDictionary<string, long> progress) =>
        string.Join(", ", progress.OrderBy(shard => shard.Key).Select(shard => $"{shard.Key} {shard.Value}"));
}
