using System.Text.Json;
using PivotCase.Bench;
using PivotCase.Bench.Phases;
using PivotCase.Tests.Support;
using Xunit.Abstractions;

namespace PivotCase.Tests.Bench;

/// <summary>Runs alone, after the other collections, so the load it makes never slows another test down.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BenchCollection
{
    public const string Name = "bench";

    /// <summary>
    /// The benchmark against the tests' server, with the API built beside the tests, in a database named after the tests'
    /// own (pivotcase_test → pivotcase_test_bench) so that test runs against other databases of the server never reset
    /// it, and its logs in a new temporary folder.
    /// </summary>
    public static BenchOptions Options(TestDatabase server)
    {
        var database = server.DatabaseBeside("bench");
        return new BenchOptions
        {
            ConnectionString = server.ConnectionString,
            ApiDll = BenchOptions.FindApiDll() ?? throw new InvalidOperationException("PivotCase.Api.dll not found: build the solution first."),
            Database = database,
            PgbenchDatabase = database,
            LogDirectory = System.IO.Directory.CreateTempSubdirectory("pivotcase-bench-test-").FullName
        };
    }
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
        var options = BenchCollection.Options(server) with { ResetSchemasOnly = true };
        options = options.AsQuick() with { JsonPath = Path.Combine(options.LogDirectory, "bench.json") };

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

        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(options.JsonPath!));
        var keys = document.RootElement.GetProperty("figures").EnumerateArray().Select(figure => figure.GetProperty("key").GetString()!).ToList();
        keys.ShouldBe(Report.Lines.Select(line => line.Key).ToList());
        document.RootElement.GetProperty("mode").GetString().ShouldBe("quick");

        // Every figure was measured: none says "n/a", each has a value, and the two throughputs their ratios (without
        // pgbench on the machine, the step ratio and the reference cannot be).
        var withoutPgbench = Pgbench.Find() is null;
        foreach (var figure in document.RootElement.GetProperty("figures").EnumerateArray())
        {
            var key = figure.GetProperty("key").GetString()!;
            if (withoutPgbench && key is "pgbench" or "step_logging_throughput") continue;
            figure.GetProperty("shown").GetString().ShouldNotStartWith("n/a", Case.Insensitive, key);
            figure.GetProperty("value").ValueKind.ShouldBe(JsonValueKind.Number, key);
            if (key is "step_logging_throughput" or "case_read_throughput")
                figure.GetProperty("ratio").ValueKind.ShouldBe(JsonValueKind.Number, key);
        }
    }
}
