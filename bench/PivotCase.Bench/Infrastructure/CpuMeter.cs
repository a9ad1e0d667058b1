using System.Diagnostics;

namespace PivotCase.Bench.Infrastructure;

/// <summary>CPU seconds used over a phase: the whole machine, the API, PostgreSQL (every postgres process) and this load generator.</summary>
public sealed record CpuUse(double Wall, double MachineBusy, double Api, double Postgres, double Bench, int Cores)
{
    public double Other => Math.Max(0, MachineBusy - Api - Postgres - Bench);

    public string Describe() => Wall <= 0
        ? "n/a"
        : $"machine {MachineBusy / (Wall * Cores):P0} busy of {Cores} cores; CPU-seconds per wall second: API {Api / Wall:F2}, " +
          $"PostgreSQL {Postgres / Wall:F2}, load generator {Bench / Wall:F2}, other {Other / Wall:F2}";

    public object ToJson() => new
    {
        wallSeconds = Math.Round(Wall, 2), cores = Cores, machineBusy = Math.Round(MachineBusy, 2), api = Math.Round(Api, 2),
        postgres = Math.Round(Postgres, 2), loadGenerator = Math.Round(Bench, 2), other = Math.Round(Other, 2)
    };
}

/// <summary>
/// Reads /proc (Linux); elsewhere every figure is zero. With a connection string, PostgreSQL's share counts only the
/// backends connected to <paramref name="databases"/> plus the server's own processes (WAL writer, checkpointer,
/// autovacuum…): on a shared server, other databases' backends are someone else's work and count as "other".
/// </summary>
public sealed class CpuMeter(Func<int?> apiProcessId, string? connectionString = null, params string[] databases)
{
    private const double TicksPerSecond = 100.0; // USER_HZ on Linux

    private sealed record Sample(long Timestamp, double MachineBusy, double Api, double Postgres, double Bench);

    private Sample? _start;

    public void Start() => _start = Take();

    public CpuUse Stop()
    {
        var end = Take();
        var start = _start ?? end;
        return new CpuUse(Stopwatch.GetElapsedTime(start.Timestamp, end.Timestamp).TotalSeconds, end.MachineBusy - start.MachineBusy,
            end.Api - start.Api, end.Postgres - start.Postgres, end.Bench - start.Bench, Environment.ProcessorCount);
    }

    private Sample Take()
    {
        var bench = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        if (!File.Exists("/proc/stat")) return new Sample(Stopwatch.GetTimestamp(), 0, 0, 0, bench);

        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(double.Parse).ToArray();
        var idle = cpu[3] + (cpu.Length > 4 ? cpu[4] : 0);
        var busy = (cpu.Take(8).Sum() - idle) / TicksPerSecond;

        // This process and its finished children (pgbench is the load generator of its phase).
        if (Stat(Environment.ProcessId) is { } self)
            bench = (double.Parse(self[11]) + double.Parse(self[12]) + double.Parse(self[13]) + double.Parse(self[14])) / TicksPerSecond;
        var api = apiProcessId() is { } pid ? ProcessSeconds(pid) : 0;
        // Every postgres process, plus what the postmaster's exited children (closed connections) used: backends come
        // and go during a phase, and their time would otherwise vanish from the sum.
        var othersBackends = OtherDatabasesBackends();
        var postgres = 0.0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(directory);
            if (!int.TryParse(name, out var id)) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(directory, "comm")).Trim() != "postgres" || othersBackends.Contains(id)) continue;
                postgres += ProcessSeconds(id);
                if (Stat(id) is { } stat && !IsPostgres(int.Parse(stat[1])))
                    postgres += (double.Parse(stat[13]) + double.Parse(stat[14])) / TicksPerSecond;
            }
            catch (IOException)
            {
                // The process ended meanwhile.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return new Sample(Stopwatch.GetTimestamp(), busy, api, postgres, bench);
    }

    /// <summary>Client backends connected to databases other than ours (empty without a connection string).</summary>
    private HashSet<int> OtherDatabasesBackends()
    {
        if (connectionString is null) return [];
        try
        {
            using var connection = new Npgsql.NpgsqlConnection(connectionString);
            connection.Open();
            using var command = new Npgsql.NpgsqlCommand(
                "select pid from pg_stat_activity where backend_type = 'client backend' and datname is not null and not (datname = any(@ours))", connection);
            command.Parameters.AddWithValue("ours", databases);
            using var reader = command.ExecuteReader();
            var pids = new HashSet<int>();
            while (reader.Read()) pids.Add(reader.GetInt32(0));
            return pids;
        }
        catch (Npgsql.NpgsqlException)
        {
            return [];
        }
    }

    private static double ProcessSeconds(int pid) =>
        Stat(pid) is { } fields ? (double.Parse(fields[11]) + double.Parse(fields[12])) / TicksPerSecond : 0;

    /// <summary>The fields of /proc/pid/stat after the command name: [0] state, [1] parent, [11] utime, [12] stime, [13] cutime, [14] cstime.</summary>
    private static string[]? Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name is in parentheses and may hold spaces: the fields after it start at ") ".
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool IsPostgres(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim() == "postgres";
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
