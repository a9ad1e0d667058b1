using System.Diagnostics;
using Marten;
using Marten.Services;
using Npgsql;

namespace PivotCase.Api.Platform;

/// <summary>
/// Marten's command log without the parameter values. Marten's default logger writes every statement with its values at
/// Debug and every failed one with its values at Error, and the values are what we protect: event payloads with the
/// sealed personal details and the free text, documents, access records. This logger writes the SQL, the parameter
/// count and the duration, and for a failure the exception (ADR 0004).
/// </summary>
public sealed class SqlLogger(ILogger<IDocumentStore> logger) : IMartenLogger
{
    public IMartenSessionLogger StartSession(IQuerySession session) => new Session(logger);

    public void SchemaChange(string sql) => logger.LogInformation("Marten schema change: {Sql}", sql);

    private sealed class Session(ILogger logger) : IMartenSessionLogger
    {
        private long _startedAt;

        public void OnBeforeExecute(NpgsqlCommand command) => _startedAt = Stopwatch.GetTimestamp();
        public void OnBeforeExecute(NpgsqlBatch batch) => _startedAt = Stopwatch.GetTimestamp();

        public void LogSuccess(NpgsqlCommand command)
        {
            if (logger.IsEnabled(LogLevel.Debug)) Executed(command.CommandText, command.Parameters.Count);
        }

        public void LogSuccess(NpgsqlBatch batch)
        {
            if (!logger.IsEnabled(LogLevel.Debug)) return;
            foreach (var command in batch.BatchCommands) Executed(command.CommandText, command.Parameters.Count);
        }

        public void LogFailure(NpgsqlCommand command, Exception ex) =>
            logger.LogError(ex, "Marten command failed: {Sql} ({Parameters} parameters, values not logged)", command.CommandText, command.Parameters.Count);

        public void LogFailure(NpgsqlBatch batch, Exception ex) =>
            logger.LogError(ex, "Marten batch failed: {Sql} (values not logged)",
                string.Join(";" + Environment.NewLine, batch.BatchCommands.Cast<NpgsqlBatchCommand>().Select(command => command.CommandText)));

        public void LogFailure(Exception ex, string message) => logger.LogError(ex, "{Message}", message);

        public void RecordSavedChanges(IDocumentSession session, IChangeSet commit)
        {
            if (logger.IsEnabled(LogLevel.Debug))
                logger.LogDebug("Marten saved changes: {Inserted} inserted, {Updated} updated, {Deleted} deleted",
                    commit.Inserted.Count(), commit.Updated.Count(), commit.Deleted.Count());
        }

        private void Executed(string sql, int parameters) =>
            logger.LogDebug("Marten executed in {Milliseconds:F1} ms ({Parameters} parameters, values not logged): {Sql}",
                _startedAt == 0 ? 0 : Stopwatch.GetElapsedTime(_startedAt).TotalMilliseconds, parameters, sql);
    }
}
