using System.Globalization;
using PivotCase.Bench.Infrastructure;

namespace PivotCase.Bench;

/// <summary>
/// <c>--cold-starts N</c>: starts each given build of the API N times, the builds alternating (the order reversed every
/// other round, so that a change in the machine's load falls on all of them), against the benchmark's database with the
/// schema applied and no events. For each start: the wall time from process start to the first healthy <c>/health</c>
/// and the CPU time the API had used by then, which moves less than the wall time on a shared machine.
/// </summary>
public static class ColdStarts
{
    public sealed record Start(string ApiDll, int Round, double WallSeconds, double CpuSeconds, string LoadAverage);

    public static async Task<IReadOnlyList<Start>> RunAsync(BenchOptions options, IReadOnlyList<string> apiDlls, int rounds,
        TextWriter output, CancellationToken token)
    {
        var connection = Databases.WithDatabase(options.ConnectionString, options.Database);
        await Databases.ResetSchemasAsync(options.ConnectionString, options.Database, Api.Platform.Storage.SchemaName, token);
        var (exitCode, dbApplyOutput) = await ApiProcess.RunCommandAsync(apiDlls[0], connection, "db-apply", token);
        if (exitCode != 0) throw new InvalidOperationException($"db-apply exited with {exitCode}:\n{dbApplyOutput}");

        var starts = new List<Start>();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var apiDll in round % 2 == 0 ? apiDlls : apiDlls.Reverse())
            {
                var log = Path.Combine(options.LogDirectory, $"pivotcase-bench-cold-start-{options.Database}.log");
                await using var api = ApiProcess.Start(apiDll, connection, log, options.ApiEnvironment);
                var wall = await api.WaitUntilHealthyAsync(TimeSpan.FromSeconds(120), token);
                var start = new Start(apiDll, round, wall.TotalSeconds, api.CpuTime().TotalSeconds, BenchRunner.LoadAverage());
                starts.Add(start);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round + 1}: {start.WallSeconds:F2} s, API CPU {start.CpuSeconds:F2} s, load average {start.LoadAverage}  {apiDll}"));
            }
        }

        output.WriteLine();
        foreach (var apiDll in apiDlls)
        {
            var mine = starts.Where(start => start.ApiDll == apiDll).ToList();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{apiDll}: {mine.Count} starts, healthy after median {Describe(mine.Select(start => start.WallSeconds))} s, " +
                $"API CPU median {Describe(mine.Select(start => start.CpuSeconds))} s"));
        }

        return starts;
    }

    private static string Describe(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        return string.Create(CultureInfo.InvariantCulture, $"{median:F2} ({sorted[0]:F2}–{sorted[^1]:F2})");
    }
}
