using System.Diagnostics;
using Npgsql;

namespace PivotCase.Tests.Support;

/// <summary>
/// A PostgreSQL cluster of one test's own, which the test may restart (the shared server must never be): initdb into a
/// temporary folder, started on a free loopback port with its socket in that folder, trust authentication (it listens
/// on 127.0.0.1 only), fsync off (nothing in it has to survive the machine; a restart still flushes everything), with
/// the role pivotcase/pivotcase. Stopped and deleted on disposal. As root (CI) the server runs as the postgres user,
/// since PostgreSQL refuses to run as root; otherwise as the current user. Needs PostgreSQL's server binaries (Debian's
/// /usr/lib/postgresql/N/bin, or initdb and pg_ctl on the PATH).
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private const string Role = "pivotcase";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly string _folder;
    private readonly int _port;

    private ThrowawayPostgres(string folder, int port)
    {
        _folder = folder;
        _port = port;
    }

    /// <summary>The pivotcase role's connection to the cluster's maintenance database.</summary>
    public string ServerConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1", Port = _port, Database = "postgres", Username = Role, Password = Role
    }.ConnectionString;

    private string DataFolder => Path.Combine(_folder, "data");

    private string ServerOptions => $"-p {_port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off";

    private static bool IsRoot => Environment.UserName == "root";

    public static async Task<ThrowawayPostgres> StartAsync(CancellationToken token)
    {
        var folder = IsRoot
            ? (await RunAsync(["mktemp", "-d", "/tmp/pivotcase-throwaway-pg-XXXXXX"], token)).Trim()
            : System.IO.Directory.CreateTempSubdirectory("pivotcase-throwaway-pg-").FullName;
        var cluster = new ThrowawayPostgres(folder, ApiProcess.FreeLoopbackPort());
        try
        {
            await RunAsync([Binary("initdb"), "-D", cluster.DataFolder, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-instructions"], token);
            await cluster.PgCtlAsync(["start"], token);
            var superuser = new NpgsqlConnectionStringBuilder(cluster.ServerConnectionString) { Username = "postgres", Pooling = false };
            await using var connection = new NpgsqlConnection(superuser.ConnectionString);
            await connection.OpenAsync(token);
            await using var createRole = new NpgsqlCommand($"create role {Role} login createdb password '{Role}'", connection);
            await createRole.ExecuteNonQueryAsync(token);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// <c>pg_ctl restart</c>: with <c>fast</c> every connection is closed and the server shuts down cleanly; with
    /// <c>immediate</c> it stops as if it crashed and recovers from its WAL when it starts again.
    /// </summary>
    public Task RestartAsync(string mode, CancellationToken token) => PgCtlAsync(["restart", "-m", mode], token);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (File.Exists(Path.Combine(DataFolder, "postmaster.pid")))
                await PgCtlAsync(["stop", "-m", "immediate"], CancellationToken.None);
        }
        finally
        {
            System.IO.Directory.Delete(_folder, recursive: true);
        }
    }

    private Task<string> PgCtlAsync(IEnumerable<string> command, CancellationToken token) =>
        RunAsync([Binary("pg_ctl"), "-D", DataFolder, "-l", Path.Combine(_folder, "server.log"), "-o", ServerOptions, "-w", .. command], token);

    private static async Task<string> RunAsync(IReadOnlyList<string> command, CancellationToken token)
    {
        var start = new ProcessStartInfo(IsRoot ? "runuser" : command[0])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false
        };
        foreach (var argument in IsRoot ? ["-u", "postgres", "--", .. command] : command.Skip(1)) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command[0]} did not start.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
        timeout.CancelAfter(CommandTimeout);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{string.Join(' ', command)} did not finish within {CommandTimeout}.");
        }

        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{string.Join(' ', command)} exited with {process.ExitCode}: {await errors}{await output}");
        return await output;
    }

    private static string Binary(string name)
    {
        var debian = new DirectoryInfo("/usr/lib/postgresql").Exists
            ? new DirectoryInfo("/usr/lib/postgresql").GetDirectories()
                .Select(version => Path.Combine(version.FullName, "bin", name))
                .Where(File.Exists)
                .OrderByDescending(path => int.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(path))), out var major) ? major : 0)
                .FirstOrDefault()
            : null;
        return debian ?? name;
    }
}
