namespace PivotCase.Bench;

// dotnet PivotCase.Bench.dll [--quick] [--json out.json] [--api-dll path] [--connection "Host=…"] [--database name]
//   [--pgbench-database name] [--clients 16] [--seconds 60] [--history-cases 100000] [--lag-samples 50] [--rebuild-all]
//   [--idle-lag-samples 5] [--reset-schemas] [--log-dir dir] [--api-env NAME=VALUE]…
// dotnet PivotCase.Bench.dll --floor path/PivotCase.Floor.dll [--rungs a,b] [--seconds N] [--warm-up N] [--clients N] [--json out.json]:
//   the stack's floor (see StackFloor).
// dotnet PivotCase.Bench.dll --cold-starts N --api-dll path [--api-dll other]… [--api-env NAME=VALUE]…: only the API's
//   start-up, N times per build (see ColdStarts).
// The connection string defaults to ConnectionStrings__PivotCase (any database on the server: the benchmark
// drops and creates its own).

/// <summary>The benchmark's command line (its own class, so that it never clashes with the API's <c>Program</c>).</summary>
public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        var options = Parse(args);
        if (options is null) return 2;

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, eventArgs) =>
        {
            eventArgs.Cancel = true;
            cancel.Cancel();
        };

        try
        {
            if (Array.IndexOf(args, "--cold-starts") is >= 0 and var index && index + 1 < args.Length)
                await ColdStarts.RunAsync(options, ValuesOf(args, "--api-dll").Select(Path.GetFullPath).Distinct().ToList(),
                    int.Parse(args[index + 1]), Console.Out, cancel.Token);
            else if (Value(args, "--floor") is { } floorDll)
                await StackFloor.RunAsync(options, Path.GetFullPath(floorDll), Console.Out, cancel.Token,
                    Value(args, "--rungs")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            else await BenchRunner.RunAsync(options, Console.Out, cancel.Token);
            return 0;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Console.Error.WriteLine($"benchmark failed: {exception}");
            return 1;
        }
    }

    private static string? Value(string[] args, string name) =>
        Array.IndexOf(args, name) is >= 0 and var index && index + 1 < args.Length ? args[index + 1] : null;

    /// <summary>Every value of an option that may be repeated.</summary>
    private static IEnumerable<string> ValuesOf(string[] args, string name) =>
        args.Select((arg, index) => (arg, index)).Where(pair => pair.arg == name && pair.index + 1 < args.Length)
            .Select(pair => args[pair.index + 1]);

    private static BenchOptions? Parse(string[] args)
    {
        string? Value(string name)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }

        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine("usage: bench/run.sh [--quick] [--json out.json] [--clients N] [--seconds N] [--warm-up N] [--history-cases N] [--lag-samples N] [--rebuild-all]");
            return null;
        }

        var connection = Value("--connection") ?? Environment.GetEnvironmentVariable("ConnectionStrings__PivotCase");
        var apiDll = Value("--api-dll") ?? BenchOptions.FindApiDll();
        if (string.IsNullOrWhiteSpace(connection) || apiDll is null)
        {
            Console.Error.WriteLine("Set ConnectionStrings__PivotCase (or --connection) and build the API (or pass --api-dll).");
            return null;
        }

        var options = new BenchOptions { ConnectionString = connection, ApiDll = Path.GetFullPath(apiDll) };
        if (args.Contains("--quick")) options = options.AsQuick();
        options = options with
        {
            JsonPath = Value("--json") is { } json ? Path.GetFullPath(json) : null,
            Database = Value("--database") ?? options.Database,
            PgbenchDatabase = Value("--pgbench-database") ?? options.PgbenchDatabase,
            FloorDatabase = Value("--floor-database") ?? options.FloorDatabase,
            Clients = Value("--clients") is { } clients ? int.Parse(clients) : options.Clients,
            PhaseDuration = Value("--seconds") is { } seconds ? TimeSpan.FromSeconds(double.Parse(seconds)) : options.PhaseDuration,
            WarmUp = Value("--warm-up") is { } warmUp ? TimeSpan.FromSeconds(double.Parse(warmUp)) : options.WarmUp,
            HistoryCases = Value("--history-cases") is { } cases ? int.Parse(cases) : options.HistoryCases,
            LagSamples = Value("--lag-samples") is { } samples ? int.Parse(samples) : options.LagSamples,
        IdleLagSamples = Value("--idle-lag-samples") is { } idleSamples ? int.Parse(idleSamples) : options.IdleLagSamples,
            RebuildAll = args.Contains("--rebuild-all") || options.RebuildAll,
            ResetSchemasOnly = args.Contains("--reset-schemas") || options.ResetSchemasOnly,
        ApiEnvironment = ValuesOf(args, "--api-env")
            .Select(value => value.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : ""),
            LogDirectory = Value("--log-dir") ?? options.LogDirectory
        };
        return options;
    }
}
