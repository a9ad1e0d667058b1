using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace PivotCase.Bench.Phases;

public sealed record PgbenchResult(double Tps, string Command, TimeSpan InitElapsed);

/// <summary>
/// The reference: <c>pgbench -N</c> (TPC-B-like without the contended branch and teller updates: an update, a select and an
/// insert per transaction, each its own round trip) against the same PostgreSQL server, with as many clients as the API gets.
/// </summary>
public static partial class Pgbench
{
    public static string? Find()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, "pgbench");
            if (File.Exists(candidate)) return candidate;
        }

        return Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(version => Path.Combine(version, "bin", "pgbench"))
                .Where(File.Exists)
                .OrderByDescending(path => path, StringComparer.Ordinal)
                .FirstOrDefault()
            : null;
    }

    public static async Task<PgbenchResult> RunAsync(
        string pgbench, string connectionString, int scale, int clients, int threads, TimeSpan duration, Action<string> log, CancellationToken token,
        Action? initialised = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var common = $"-h {builder.Host} -p {builder.Port} -U {builder.Username}";

        var init = Stopwatch.StartNew();
        await RunAsync(pgbench, $"-i -s {scale} -q {common} {builder.Database}", builder, token);
        init.Stop();
        log($"pgbench: initialised scale {scale} in {init.Elapsed.TotalSeconds:F1} s");
        initialised?.Invoke();

        var arguments = $"-N -c {clients} -j {threads} -T {Math.Max(1, (int)Math.Round(duration.TotalSeconds))} {common} {builder.Database}";
        var output = await RunAsync(pgbench, arguments, builder, token);
        var match = TpsPattern().Match(output);
        if (!match.Success) throw new InvalidOperationException($"No tps in the output of pgbench {arguments}:\n{output}");
        return new PgbenchResult(double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), $"pgbench {arguments}", init.Elapsed);
    }

    private static async Task<string> RunAsync(string pgbench, string arguments, NpgsqlConnectionStringBuilder connection, CancellationToken token)
    {
        var start = new ProcessStartInfo(pgbench, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false
        };
        if (connection.Password is not null) start.Environment["PGPASSWORD"] = connection.Password;
        // The same transport as the API's: TLS or not, as the connection string says (libpq's default is "prefer").
        start.Environment["PGSSLMODE"] = LibpqSslMode(connection.SslMode);
        // Its tables in public, even when it shares a database with the API (whose role name matches Marten's schema).
        start.Environment["PGOPTIONS"] = "-c search_path=public";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start pgbench.");
        var output = process.StandardOutput.ReadToEndAsync(token);
        var error = process.StandardError.ReadToEndAsync(token);
        await process.WaitForExitAsync(token);
        var text = await output + await error;
        if (process.ExitCode != 0) throw new InvalidOperationException($"pgbench {arguments} exited with {process.ExitCode}:\n{text}");
        return text;
    }

    public static string LibpqSslMode(SslMode mode) => mode switch
    {
        SslMode.Disable => "disable",
        SslMode.Allow => "allow",
        SslMode.Require => "require",
        SslMode.VerifyCA => "verify-ca",
        SslMode.VerifyFull => "verify-full",
        _ => "prefer"
    };

    [GeneratedRegex(@"tps = ([0-9]+(?:\.[0-9]+)?) \((?:without initial connection time|excluding connections establishing)\)")]
    private static partial Regex TpsPattern();
}
