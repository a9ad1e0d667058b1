using System.Reflection;

namespace PivotCase.Bench;

public sealed record BenchOptions
{
    public bool Quick { get; init; }
    public string? JsonPath { get; init; }

    /// <summary>Any connection string to the PostgreSQL server; the benchmark uses its own databases there.</summary>
    public required string ConnectionString { get; init; }

    public string Database { get; init; } = "pivotcase_bench";

    /// <summary>Where pgbench's tables go; may be <see cref="Database"/> itself (pgbench uses the public schema, Marten its own).</summary>
    public string PgbenchDatabase { get; init; } = "pivotcase_pgbench";

    /// <summary>The database of <c>--floor</c> (<see cref="StackFloor"/>), so that the main run's stays for inspection.</summary>
    public string FloorDatabase { get; init; } = "pivotcase_floor";

    /// <summary>Drop only the benchmark's schema and tables instead of the whole database (for the test suite).</summary>
    public bool ResetSchemasOnly { get; init; }

    public required string ApiDll { get; init; }

    /// <summary>Extra environment variables for the API process only (experiments: <c>--api-env DOTNET_gcServer=1</c>).</summary>
    public IReadOnlyDictionary<string, string> ApiEnvironment { get; init; } = new Dictionary<string, string>();
    public string LogDirectory { get; init; } = Path.GetTempPath();

    public int Clients { get; init; } = 16;
    public TimeSpan PhaseDuration { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>
    /// Unmeasured load before the measured phases, half step logging and half case reads, so that they measure the API in
    /// steady state: after start-up the runtime still recompiles hot methods at a higher tier for tens of seconds (seen in
    /// profiles 15 s into the load), and the cold start is measured on its own.
    /// </summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(20);
    public int SeedCases { get; init; } = 64;
    public int HistoryCases { get; init; } = 100_000;
    public bool RebuildAll { get; init; }
    public int LagSamples { get; init; } = 50;
    public int IdleLagSamples { get; init; } = 5;
    public TimeSpan LagMaxDuration { get; init; } = TimeSpan.FromSeconds(90);
    public int StatisticsQueries { get; init; } = 200;
    public int PgbenchScale { get; init; } = 10;
    public int PgbenchThreads { get; init; } = 2;

    /// <summary>The quick mode: a small run that shows the benchmark works (its numbers mean little).</summary>
    public BenchOptions AsQuick() => this with
    {
        Quick = true,
        PhaseDuration = TimeSpan.FromSeconds(3),
        WarmUp = TimeSpan.Zero,
        SeedCases = 20,
        HistoryCases = 300,
        LagSamples = 3,
        IdleLagSamples = 0,
        LagMaxDuration = TimeSpan.FromSeconds(10),
        StatisticsQueries = 12,
        PgbenchScale = 1
    };

    /// <summary>The API built beside this repository: src/PivotCase.Api/bin/&lt;configuration&gt;/net10.0/PivotCase.Api.dll.</summary>
    public static string? FindApiDll(string? start = null) => FindBuilt(Path.Combine("src", "PivotCase.Api"), "PivotCase.Api.dll", start);

    /// <summary>The floor's server built beside this repository (bench/PivotCase.Floor, see <see cref="StackFloor"/>).</summary>
    public static string? FindFloorDll(string? start = null) =>
        FindBuilt(Path.Combine("bench", "PivotCase.Floor"), "PivotCase.Floor.dll", start);

    private static string? FindBuilt(string project, string dllName, string? start)
    {
        var configuration = typeof(BenchOptions).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        for (var directory = new DirectoryInfo(start ?? AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (!File.Exists(Path.Combine(directory.FullName, "PivotCase.sln"))) continue;
            foreach (var candidate in new[] { configuration, "Release", "Debug" })
            {
                var dll = Path.Combine(directory.FullName, project, "bin", candidate, "net10.0", dllName);
                if (File.Exists(dll)) return dll;
            }
        }

        var beside = Path.Combine(AppContext.BaseDirectory, dllName);
        return File.Exists(beside) ? beside : null;
    }
}
