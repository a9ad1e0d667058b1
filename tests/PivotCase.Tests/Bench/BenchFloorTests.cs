using Npgsql;
using PivotCase.Bench;
using PivotCase.Tests.Support;
using Xunit.Abstractions;

namespace PivotCase.Tests.Bench;

/// <summary>
/// <c>bench/run.sh --floor</c> works: it starts the floor's server as its own process, drives every rung with the
/// benchmark's clients, then the API's own step, and prints a line for each; what each rung claims to write is in the
/// database. No timing is asserted.
/// </summary>
[Collection(BenchCollection.Name)]
public sealed class BenchFloorTests(ITestOutputHelper console)
{
    [Fact]
    public async Task Every_rung_answers_201_and_writes_what_it_claims()
    {
        await using var server = await TestDatabase.StartAsync();
        var options = BenchCollection.Options(server) with
        {
            ResetSchemasOnly = true,
            FloorDatabase = server.DatabaseBeside("bench"),
            Clients = 2,
            PhaseDuration = TimeSpan.FromSeconds(1),
            WarmUp = TimeSpan.Zero,
            PgbenchScale = 1
        };
        var floorDll = BenchOptions.FindFloorDll() ?? throw new InvalidOperationException("PivotCase.Floor.dll not found: build the solution first.");

        var output = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        IReadOnlyList<StackFloor.Rung> rungs;
        try
        {
            rungs = await StackFloor.RunAsync(options, floorDll, output, timeout.Token);
        }
        finally
        {
            console.WriteLine(output.ToString());
        }

        rungs.Select(rung => rung.Name).ShouldBe(StackFloor.Rungs);
        rungs.ShouldAllBe(rung => rung.Requests > 0 && rung.Errors == 0);
        foreach (var rung in StackFloor.Rungs)
            output.ToString().Split('\n').ShouldContain(line => line.StartsWith($"| {rung} |"));
        var answered = rungs.ToDictionary(rung => rung.Name);

        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = options.FloorDatabase }.ConnectionString);
        await connection.OpenAsync();
        async Task<long> CountAsync(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            return (long)(await command.ExecuteScalarAsync())!;
        }

        // Without a warm-up, every 201 of a rung is one row or one event of its kind, and nothing else wrote them.
        answered["http"].Events.ShouldBe(0);
        answered["insert"].Events.ShouldBe(0);
        (await CountAsync("select count(*) from floor.steps")).ShouldBe(answered["insert"].Requests);
        (await CountAsync("select count(*) from floor.mt_events where type = 'floor_step_appended'")).ShouldBe(answered["append"].Requests);
        var planned = await CountAsync("select count(*) from floor.mt_events where type = 'floor_step_planned'");
        planned.ShouldBe(answered["aggregate"].Requests);
        var recorded = await CountAsync("select count(*) from floor.mt_events where type = 'floor_step_recorded'");
        recorded.ShouldBe(answered["readmodel"].Requests);
        foreach (var rung in new[] { "append", "aggregate", "readmodel" }) answered[rung].Events.ShouldBe(answered[rung].Requests, rung);
        // The snapshot counted every step the aggregate and read-model rungs appended, the read model those of its rung.
        (await CountAsync("select coalesce(sum((data ->> 'steps')::bigint), 0)::bigint from floor.mt_doc_floorcase")).ShouldBe(planned + recorded);
        (await CountAsync("select coalesce(sum((data ->> 'stepCount')::bigint), 0)::bigint from floor.mt_doc_floorcasedetails")).ShouldBe(recorded);

        // The last rung is the API's own step: one step per 201, each in the case read model.
        var steps = await CountAsync("select count(*) from pivotcase.mt_events where type = 'step_planned'");
        steps.ShouldBe(answered["pivotcase"].Requests);
        (await CountAsync($"select count(*) from pivotcase.mt_events where type in ({string.Join(", ", StackFloor.StepEventTypes.Select(type => $"'{type}'"))})"))
            .ShouldBe(answered["pivotcase"].Events);
        (await CountAsync("select coalesce(sum(jsonb_array_length(data -> 'steps')), 0)::bigint from pivotcase.mt_doc_casedetails")).ShouldBe(steps);
    }
}
