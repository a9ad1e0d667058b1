using System.Diagnostics;
using PivotCase.Api.Dashboards;
using PivotCase.Api.Statistics;
using PivotCase.Tests.Support;
using Xunit.Abstractions;

namespace PivotCase.Tests.Reliability;

/// <summary>
/// Two API processes on one database (HotCold daemons, ADR 0014): each async projection shard runs on the one node that
/// holds its advisory lock, so every event is projected once and both nodes serve the same dashboards; when that node
/// is killed, the other takes the locks over and catches up.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class TwoNodeTests(ITestOutputHelper console)
{
    [Fact]
    public async Task Two_nodes_project_every_event_once_and_the_survivor_takes_over_when_the_leader_is_killed()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var token = timeout.Token;
        await using var database = await FaultDatabase.CreateAsync("two_nodes", token);
        var nodes = new Dictionary<string, ApiProcess>();
        try
        {
            nodes["a"] = await ApiProcess.StartAsync(database.ForNode("a"), DaemonLog.Settings);
            nodes["b"] = await ApiProcess.StartAsync(database.ForNode("b"), DaemonLog.Settings);
            var shards = database.ShardLockIds().Values.ToList();

            // Writes through both nodes at once, the shards' lock holders sampled meanwhile.
            var leadership = new List<IReadOnlyDictionary<string, string>>();
            using var stopSampling = CancellationTokenSource.CreateLinkedTokenSource(token);
            var sampling = SampleLeadersAsync(database, leadership, stopSampling.Token);
            var cases = await Caseload.WriteAsync([nodes["a"], nodes["b"]], stepsPerCase: 5, token);
            await Eventually.HoldsAsync(() => database.CaughtUpAsync(token), "the async projections to catch up", token);
            await stopSampling.CancelAsync();
            await sampling;

            leadership.ShouldNotBeEmpty();
            var leaders = shards.ToDictionary(shard => shard, shard => leadership.Select(sample => sample.GetValueOrDefault(shard)).Distinct()
                .ShouldHaveSingleItem($"{shard} is held by one node throughout").ShouldNotBeNull($"{shard} had no leader"));
            console.WriteLine($"{leadership.Count} samples of the locks while writing: " + string.Join(", ", leaders.Select(l => $"{l.Key} on {l.Value}")));
            ShouldHaveRunEachShardOnItsLeaderOnly(leaders, nodes);
            DaemonLog.ShouldProjectEachEventOnce(nodes.SelectMany(node => DaemonLog.ExecutedRanges(node.Key, node.Value)));
            foreach (var supervisor in Caseload.Supervisors)
            {
                var dashboards = await Caseload.DashboardsAsync(supervisor, nodes.Values, token);
                dashboards[1].ShouldBe(dashboards[0], $"the dashboard of {supervisor.Organization} from node b and from node a");
                Caseload.OverdueStepIds(dashboards[0]).ShouldBe(Caseload.OpenSteps(cases, supervisor), ignoreOrder: true);
            }

            // The leader of the dashboard's projection dies; the other node takes every shard over and catches up.
            var leaderName = leaders.Single(leader => leader.Key.StartsWith($"{nameof(CaseloadEntry)}:", StringComparison.Ordinal)).Value;
            var survivorName = nodes.Keys.Single(node => node != leaderName);
            var survivor = nodes[survivorName];
            await nodes[leaderName].KillAsync();
            var takeover = Stopwatch.StartNew();
            await Eventually.HoldsAsync(async () => (await database.ShardLeadersAsync(token)).Count(held => held.Value == survivorName) == shards.Count,
                $"node {survivorName} to hold every shard's lock", token);
            console.WriteLine($"node {leaderName} killed; node {survivorName} held every shard after {takeover.ElapsedMilliseconds} ms");

            cases.AddRange(await Caseload.WriteAsync([survivor], stepsPerCase: 2, token));
            foreach (var supervisor in Caseload.Supervisors)
            {
                using var client = survivor.Client(supervisor);
                var expected = Caseload.OpenSteps(cases, supervisor);
                await Eventually.HoldsAsync(async () => Caseload.OverdueStepIds(await Caseload.DashboardAsync(client, token)).SetEquals(expected),
                    $"the dashboard of {supervisor.Organization} on node {survivorName} to show the steps written after the kill", token);
            }

            console.WriteLine($"new steps on the survivor's dashboards {takeover.ElapsedMilliseconds} ms after the kill");
            await Eventually.HoldsAsync(() => database.CaughtUpAsync(token), "the survivor's async projections to catch up", token);
            DaemonLog.StartedShards(survivor).ShouldBe(shards, ignoreOrder: true);
            DaemonLog.ShouldProjectEachEventOnce(nodes.SelectMany(node => DaemonLog.ExecutedRanges(node.Key, node.Value)));

            // What the two nodes built equals a rebuild from the events, and one process serves the same dashboards.
            var day = Caseload.Today;
            var twoNodeDashboards = new List<string>();
            foreach (var supervisor in Caseload.Supervisors) twoNodeDashboards.AddRange(await Caseload.DashboardsAsync(supervisor, [survivor], token));
            await survivor.KillAsync();
            var rows = await ReadModels.ShouldEqualARebuildAsync(database.Store, "two nodes and a failover", token);
            console.WriteLine($"{rows.Count(nameof(CaseloadEntry))} caseload rows, {rows.Count(nameof(StatisticalCase))} statistical rows, {await database.HeadAsync(token)} events: equal to a rebuild");

            nodes["alone"] = await ApiProcess.StartAsync(database.ForNode("alone"));
            var oneNodeDashboards = new List<string>();
            foreach (var supervisor in Caseload.Supervisors) oneNodeDashboards.AddRange(await Caseload.DashboardsAsync(supervisor, [nodes["alone"]], token));
            if (Caseload.Today == day) oneNodeDashboards.ShouldBe(twoNodeDashboards);
            else oneNodeDashboards.Select(Caseload.OverdueStepIds).ShouldBe(twoNodeDashboards.Select(Caseload.OverdueStepIds));
        }
        finally
        {
            foreach (var node in nodes.Values) await node.DisposeAsync();
        }
    }

    /// <summary>Each shard's lock holder projected it, and no other node started or ran it.</summary>
    private static void ShouldHaveRunEachShardOnItsLeaderOnly(IReadOnlyDictionary<string, string> leaders, IReadOnlyDictionary<string, ApiProcess> nodes)
    {
        foreach (var (shard, leader) in leaders)
        {
            foreach (var (node, api) in nodes)
            {
                var ranges = DaemonLog.ExecutedRanges(node, api).Where(range => range.Shard == shard).ToList();
                if (node == leader) ranges.ShouldNotBeEmpty($"{shard} holds its lock on {node}, which projected nothing");
                else
                {
                    ranges.ShouldBeEmpty($"{node} projected {shard} while {leader} held its lock");
                    DaemonLog.StartedShards(api).ShouldNotContain(shard);
                }
            }
        }
    }

    private static async Task SampleLeadersAsync(FaultDatabase database, List<IReadOnlyDictionary<string, string>> samples, CancellationToken token)
    {
        try
        {
            while (true)
            {
                samples.Add(await database.ShardLeadersAsync(token));
                await Task.Delay(100, token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }
}
