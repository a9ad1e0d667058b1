using System.Diagnostics;
using Npgsql;

namespace PivotCase.Tests.Privacy;

/// <summary>Looks for text in what the database holds: every row of every table, and a real pg_dump of it.</summary>
public static class DatabaseScan
{
    public const string ApplicationSchema = "pivotcase";

    public static async Task<List<(string Schema, string Table)>> AllTables(string connectionString, string? schema = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            select table_schema, table_name from information_schema.tables
            where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
              and (@schema::text is null or table_schema = @schema)
            """, connection);
        command.Parameters.AddWithValue("schema", NpgsqlTypes.NpgsqlDbType.Text, (object?)schema ?? DBNull.Value);
        var tables = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) tables.Add((reader.GetString(0), reader.GetString(1)));
        return tables;
    }

    public static async Task<long> RowsContaining(string connectionString, string schema, string table, string needle)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"select count(*) from {Quote(schema)}.{Quote(table)} as t where t::text ilike @pattern", connection);
        command.Parameters.AddWithValue("pattern", $"%{needle}%");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>"schema.table: n row(s) contain 'needle'" for every hit, across every table of every application schema.</summary>
    public static async Task<List<string>> RowsWithAny(string connectionString, params string[] needles)
    {
        var hits = new List<string>();
        foreach (var (schema, table) in await AllTables(connectionString))
        foreach (var needle in needles)
        {
            var rows = await RowsContaining(connectionString, schema, table, needle);
            if (rows > 0) hits.Add($"{schema}.{table}: {rows} row(s) contain '{needle}'");
        }

        return hits;
    }

    /// <summary>
    /// The plain-text dump a backup would take now (schema and data of every table). Dead row versions are not in it:
    /// they are what VACUUM reclaims, see ADR 0011.
    /// </summary>
    public static async Task<string> PgDump(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(PgDumpProgram())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false
        };
        foreach (var argument in new[]
                 {
                     "--no-owner", "--no-privileges", "--host", settings.Host!, "--port", settings.Port.ToString(),
                     "--username", settings.Username!, "--dbname", settings.Database!
                 })
            start.ArgumentList.Add(argument);
        start.Environment["PGPASSWORD"] = settings.Password ?? string.Empty;

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"pg_dump failed ({process.ExitCode}): {await errors}");
        return await output;
    }

    private static string PgDumpProgram()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(directory => Path.Combine(directory, "pg_dump"))
            .FirstOrDefault(File.Exists);
        if (onPath is not null) return onPath;

        var debian = System.IO.Directory.Exists("/usr/lib/postgresql")
            ? System.IO.Directory.GetDirectories("/usr/lib/postgresql").Select(version => Path.Combine(version, "bin", "pg_dump"))
                .Where(File.Exists).OrderDescending().FirstOrDefault()
            : null;
        return debian ?? throw new InvalidOperationException("pg_dump was not found; it is installed with PostgreSQL's client tools.");
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";
}
