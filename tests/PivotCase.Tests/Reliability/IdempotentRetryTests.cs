using PivotCase.Tests.Support;
using Xunit.Abstractions;

namespace PivotCase.Tests.Reliability;

/// <summary>
/// Database faults in the middle of a load: the API's PostgreSQL connections killed (<c>pg_terminate_backend</c>) over
/// and over, or PostgreSQL restarted (cleanly, then as after a crash). Clients that retry with their
/// <c>Idempotency-Key</c> end with every step stored exactly once, answered with the ids that are in the streams, and
/// the async projections equal a rebuild once caught up.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class IdempotentRetryTests(ITestOutputHelper console)
{
    private const int Clients = 8;
    private const int StepsPerClient = 25;

    [Fact]
    public async Task Steps_logged_while_the_apis_connections_are_killed_are_stored_once()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var token = timeout.Token;
        await using var database = await FaultDatabase.CreateAsync("killed_connections", token);
        await using var api = await ApiProcess.StartAsync(database.ForNode("api"), DaemonLog.Settings);

        var terminated = 0L;
        var (logged, clients) = await LogStepsThroughAsync(api, async (_, loadDone) =>
        {
            while (!loadDone.IsCancellationRequested)
            {
                terminated += await database.TerminateApiConnectionsAsync(token);
                await Task.Delay(250, token);
            }
        }, token);

        console.WriteLine($"{terminated} connections terminated");
        clients.FailedAttempts.ShouldBeGreaterThan(clients.Failures.GetValueOrDefault(RetryingClients.Abandoned), "killed connections failed some requests");
        await ShouldBeExactlyOnceAndCaughtUpAsync(database, api, logged, token);
    }

    [Fact]
    public async Task Steps_logged_while_postgresql_restarts_are_stored_once()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var token = timeout.Token;
        await using var cluster = await ThrowawayPostgres.StartAsync(token);
        await using var database = await FaultDatabase.CreateAsync(cluster.ServerConnectionString, "pivotcase_restarted", null, token);
        await using var api = await ApiProcess.StartAsync(database.ForNode("api"), DaemonLog.Settings);

        var startedAt = await database.ScalarAsync<DateTime>("select pg_postmaster_start_time()", token);
        var restarts = new List<(string Mode, int Answered)>();
        var (logged, _) = await LogStepsThroughAsync(api, async (clients, _) =>
        {
            foreach (var (mode, share) in new[] { ("fast", 1.0 / 3), ("immediate", 2.0 / 3) })
            {
                await Eventually.HoldsAsync(() => Task.FromResult(clients.Answered >= Clients * StepsPerClient * share),
                    $"{share:P0} of the steps to be answered", token);
                restarts.Add((mode, clients.Answered));
                await cluster.RestartAsync(mode, token);
            }
        }, token);

        console.WriteLine("PostgreSQL restarted: " + string.Join(", ", restarts.Select(restart => $"-m {restart.Mode} after {restart.Answered} answered steps")));
        (await database.ScalarAsync<DateTime>("select pg_postmaster_start_time()", token)).ShouldBeGreaterThan(startedAt);
        restarts.Select(restart => restart.Answered).ShouldAllBe(answered => answered < Clients * StepsPerClient, "PostgreSQL restarted in the middle of the load");
        await ShouldBeExactlyOnceAndCaughtUpAsync(database, api, logged, token);
    }

    /// <summary>Opens a case per client, then logs the steps while <paramref name="fault"/> runs, until both are done.</summary>
    private async Task<(IReadOnlyList<RetryingClients.LoggedStep> Logged, RetryingClients Clients)> LogStepsThroughAsync(
        ApiProcess api, Func<RetryingClients, CancellationToken, Task> fault, CancellationToken token)
    {
        var cases = new List<(TestUser, Guid)>();
        for (var client = 0; client < Clients; client++)
        {
            var worker = Caseload.Workers[client % Caseload.Workers.Count];
            using var http = api.Client(worker);
            cases.Add((worker, await Caseload.OpenCaseAsync(http, token)));
        }

        var clients = new RetryingClients(api);
        using var loadDone = CancellationTokenSource.CreateLinkedTokenSource(token);
        var faults = fault(clients, loadDone.Token);
        IReadOnlyList<RetryingClients.LoggedStep> logged;
        try
        {
            logged = await clients.LogStepsAsync(cases, StepsPerClient, token);
        }
        finally
        {
            await loadDone.CancelAsync();
            await faults;
        }

        console.WriteLine(clients.Describe());
        logged.Count.ShouldBe(Clients * StepsPerClient);
        clients.Replayed.ShouldBeGreaterThan(0,
            "some abandoned attempts were committed and their retries answered from the record: without the keys, each would be a second step");
        return (logged, clients);
    }

    private async Task ShouldBeExactlyOnceAndCaughtUpAsync(
        FaultDatabase database, ApiProcess api, IReadOnlyList<RetryingClients.LoggedStep> logged, CancellationToken token)
    {
        await RetryingClients.ShouldBeStoredOnceAsync(database, logged, token);
        var caughtUp = await Eventually.HoldsAsync(() => database.CaughtUpAsync(token), "the async projections to catch up", token);
        console.WriteLine($"async projections caught up {caughtUp.TotalMilliseconds:F0} ms after the load");
        DaemonLog.ShouldProjectEachEventOnce(DaemonLog.ExecutedRanges("api", api));

        await api.KillAsync();
        await ReadModels.ShouldEqualARebuildAsync(database.Store, "the faults", token);
    }
}
