using Npgsql;

namespace PivotCase.Bench.Infrastructure;

/// <summary>The benchmark's own databases on the server of the given connection string, dropped and created afresh.</summary>
public static class Databases
{
    /// <summary>
    /// The connection string with another database and nothing else changed: the API gets it as given, so that its own
    /// pool defaults apply as they would in a deployment (ADR 0018).
    /// </summary>
    public static string WithDatabase(string connectionString, string database) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Database = database }.ConnectionString;

    public static async Task RecreateAsync(string connectionString, string database, CancellationToken token)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(database, "^[a-z_][a-z0-9_]*$"))
            throw new ArgumentException($"Unsafe database name '{database}'.", nameof(database));

        // The maintenance database of the server; the role needs CREATEDB (scripts/postgres.sh grants it).
        var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(maintenance);
        await connection.OpenAsync(token);
        // DROP DATABASE forces a checkpoint of the whole server: on a busy shared machine it can take a while. An
        // autovacuum worker, started by the previous run's writes, runs as the bootstrap superuser: FORCE may not
        // terminate it (42501), and the drop waits for it to finish.
        await ExecuteRetryingAsync($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection,
            state => state is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse, token);
        // "source database template1 is being accessed by other users": a short-lived connection to the template.
        await ExecuteRetryingAsync($"CREATE DATABASE \"{database}\"", connection, state => state is PostgresErrorCodes.ObjectInUse, token);
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>Runs <paramref name="sql"/>, again every second for up to 30 tries while it fails with a retryable SQL state.</summary>
    private static async Task ExecuteRetryingAsync(string sql, NpgsqlConnection connection, Func<string, bool> retryable, CancellationToken token)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        for (var attempt = 1;; attempt++)
        {
            try
            {
                await command.ExecuteNonQueryAsync(token);
                return;
            }
            catch (PostgresException exception) when (retryable(exception.SqlState) && attempt < 30)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), token);
            }
        }
    }

    /// <summary>
    /// A cheaper reset for the test suite: creates the database when missing, otherwise drops only what the benchmark
    /// puts in it (the API's schema and pgbench's tables). Dropping a database forces a checkpoint of the whole
    /// server, which takes seconds on a busy shared machine.
    /// </summary>
    public static async Task ResetSchemasAsync(string connectionString, string database, string schema, CancellationToken token)
    {
        var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        await using (var server = new NpgsqlConnection(maintenance))
        {
            await server.OpenAsync(token);
            await using var exists = new NpgsqlCommand("select count(*) from pg_database where datname = @name", server);
            exists.Parameters.AddWithValue("name", database);
            if ((long)(await exists.ExecuteScalarAsync(token))! == 0)
            {
                await RecreateAsync(connectionString, database, token);
                return;
            }
        }

        await using var connection = new NpgsqlConnection(WithDatabase(connectionString, database));
        await connection.OpenAsync(token);
        await using var drop = new NpgsqlCommand(
            $"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE; DROP TABLE IF EXISTS pgbench_accounts, pgbench_branches, pgbench_tellers, pgbench_history",
            connection) { CommandTimeout = 600 };
        await drop.ExecuteNonQueryAsync(token);
        NpgsqlConnection.ClearAllPools();
    }
}
