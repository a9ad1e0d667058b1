using Npgsql;
using PivotCase.Bench;
using PivotCase.Tests.Support;
using Xunit.Abstractions;

namespace PivotCase.Tests.Bench;

/// <summary>
/// <c>bench/run.sh --cold-starts N</c> works: it applies the schema, starts a real API process N times and reports the
/// wall and CPU time of each start. No timing is asserted.
/// </summary>
[Collection(BenchCollection.Name)]
public sealed class BenchColdStartsTests(ITestOutputHelper console)
{
    [Fact]
    public async Task Cold_starts_apply_the_schema_and_report_each_start()
    {
        await using var server = await TestDatabase.StartAsync();
        var database = BenchCollection.DatabaseBeside(server.ConnectionString);
        var apiDll = BenchOptions.FindApiDll() ?? throw new InvalidOperationException("PivotCase.Api.dll not found: build the solution first.");
        var options = new BenchOptions
        {
            ConnectionString = server.ConnectionString,
            ApiDll = apiDll,
            Database = database,
            LogDirectory = System.IO.Directory.CreateTempSubdirectory("pivotcase-bench-test-").FullName
        };

        var output = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        IReadOnlyList<ColdStarts.Start> starts;
        try
        {
            starts = await ColdStarts.RunAsync(options, [apiDll], 2, output, timeout.Token);
        }
        finally
        {
            console.WriteLine(output.ToString());
        }

        starts.Select(start => start.Round).ShouldBe([0, 1]);
        starts.ShouldAllBe(start => start.ApiDll == apiDll && start.WallSeconds > 0 && start.CpuSeconds > 0);
        output.ToString().ShouldContain($"{apiDll}: 2 starts, healthy after median");

        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = database }.ConnectionString);
        await connection.OpenAsync();
        await using var tables = new NpgsqlCommand("select count(*) from information_schema.tables where table_schema = @schema", connection);
        tables.Parameters.AddWithValue("schema", PivotCase.Api.Platform.Storage.SchemaName);
        ((long)(await tables.ExecuteScalarAsync())!).ShouldBeGreaterThan(0);
    }
}
