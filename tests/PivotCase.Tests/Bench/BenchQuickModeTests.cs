using System.Text.Json;
using Npgsql;
using PivotCase.Bench;
using PivotCase.Tests.Support;
using Xunit.Abstractions;

namespace PivotCase.Tests.Bench;

/// <summary>Runs alone, after the other collections, so the load it makes never slows another test down.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BenchCollection
{
    public const string Name = "bench";

    /// <summary>
    /// The benchmark's database beside the tests' own (pivotcase_test → pivotcase_test_bench), so that test runs against
    /// different databases of one server never reset each other's.
    /// </summary>
    public static string DatabaseBeside(string connectionString) =>
        $"{new NpgsqlConnectionStringBuilder(connectionString).Database ?? "pivotcase_test"}_bench";
}

/// <summary>
/// The benchmark itself works: its quick mode runs end to end against a real API process and prints every figure of the
/// table (and the JSON). No timing is asserted: performance is measured by bench/run.sh, never by a test.
/// </summary>
[Collection(BenchCollection.Name)]
public sealed class BenchQuickModeTests(ITestOutputHelper console)
{
    [Fact]
    public async Task Quick_mode_runs_end_to_end_and_prints_every_figure()
    {
        await using var server = await TestDatabase.StartAsync();
        var database = BenchCollection.DatabaseBeside(server.ConnectionString);
        var apiDll = BenchOptions.FindApiDll() ?? throw new InvalidOperationException("PivotCase.Api.dll not found: build the solution first.");
        var workDirectory = System.IO.Directory.CreateTempSubdirectory("pivotcase-bench-test-").FullName;
        var json = Path.Combine(workDirectory, "bench.json");
        var options = new BenchOptions
        {
            ConnectionString = server.ConnectionString,
            ApiDll = apiDll,
            Database = database,
            PgbenchDatabase = database,
            ResetSchemasOnly = true,
            LogDirectory = workDirectory
        }.AsQuick() with { JsonPath = json };

        var output = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        try
        {
            await BenchRunner.RunAsync(options, output, timeout.Token);
        }
        finally
        {
            console.WriteLine(output.ToString());
        }

        var text = output.ToString();
        text.ShouldContain("| figure");
        foreach (var (_, label) in Report.Lines)
            text.Split('\n').ShouldContain(line => line.StartsWith("| " + label), $"the table has no line for \"{label}\"");

        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var keys = document.RootElement.GetProperty("figures").EnumerateArray().Select(figure => figure.GetProperty("key").GetString()!).ToList();
        keys.ShouldBe(Report.Lines.Select(line => line.Key).ToList());
        document.RootElement.GetProperty("mode").GetString().ShouldBe("quick");
    }
}
