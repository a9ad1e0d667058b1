using Marten;
using PivotCase.Api.Privacy;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Reliability;

/// <summary>
/// The access log is inserted in batches from an in-memory queue (ADR 0014). A node stopped the way deployments stop
/// it (SIGTERM) must insert what it has queued before it exits: every read answered before the stop is in the log.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class AccessLogShutdownTests
{
    private const int Reads = 60;

    [Fact]
    public async Task Reads_answered_before_a_graceful_stop_are_all_in_the_access_log()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var token = timeout.Token;
        await using var database = await FaultDatabase.CreateAsync("access_log_stop", token);
        await using var api = await ApiProcess.StartAsync(database.ForNode("api"));
        var worker = Caseload.Workers[0];
        using var client = api.Client(worker);
        var caseId = await Caseload.OpenCaseAsync(client, token);

        for (var read = 0; read < Reads; read++)
            (await client.GetAsync($"/api/cases/{caseId}", token)).EnsureSuccessStatusCode();
        var stopped = await api.StopAsync(TimeSpan.FromSeconds(30));

        stopped.ShouldBeTrue($"the API did not exit within 30 s of SIGTERM:{Environment.NewLine}{api.Output}");
        await using var session = database.Store.QuerySession();
        (await session.Query<CaseAccessRecord>().CountAsync(record => record.CaseId == caseId, token))
            .ShouldBe(Reads, api.Output);
    }
}
