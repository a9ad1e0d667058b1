using Npgsql;

namespace PivotCase.Bench.Infrastructure;

/// <summary>Work the database did for a phase, per request: from pg_stat_database and pg_stat_user_tables of one database.</summary>
public sealed record DbWork(double Commits, double IndexScans, double SeqScans, double RowsFetched, double RowsWritten, double WalBytes)
{
    public string PerRequest(double requests) => requests <= 0
        ? "n/a"
        : $"per request: {Commits / requests:F2} commits, {IndexScans / requests:F1} index scans, {SeqScans / requests:F2} seq scans, " +
          $"{RowsFetched / requests:F1} rows fetched, {RowsWritten / requests:F1} rows written, {WalBytes / requests / 1024:F1} KiB WAL (server-wide)";
}

public sealed class DbMeter(string connectionString)
{
    private double[]? _start;

    public async Task StartAsync(CancellationToken token) => _start = await TakeAsync(token);

    public async Task<DbWork> StopAsync(CancellationToken token)
    {
        // The statistics collector publishes a backend's counters at most about once a second.
        await Task.Delay(TimeSpan.FromSeconds(1.2), token);
        var end = await TakeAsync(token);
        var start = _start ?? end;
        double Delta(int index) => end[index] - start[index];
        return new DbWork(Delta(0), Delta(1), Delta(2), Delta(3), Delta(4), Delta(5));
    }

    private async Task<double[]> TakeAsync(CancellationToken token)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(token);
        await using var command = new NpgsqlCommand(
            "select d.xact_commit, (select coalesce(sum(idx_scan), 0) from pg_stat_user_tables), " +
            "(select coalesce(sum(seq_scan), 0) from pg_stat_user_tables), d.tup_fetched + d.tup_returned, " +
            "d.tup_inserted + d.tup_updated + d.tup_deleted, pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0') " +
            "from pg_stat_database d where d.datname = current_database()", connection);
        await using var reader = await command.ExecuteReaderAsync(token);
        await reader.ReadAsync(token);
        return Enumerable.Range(0, 6).Select(index => Convert.ToDouble(reader.GetValue(index))).ToArray();
    }
}
