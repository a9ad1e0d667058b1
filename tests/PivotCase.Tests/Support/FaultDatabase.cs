using JasperFx.Events.Daemon;
using Marten;
using Npgsql;
using PivotCase.Api.Platform;
using PivotCase.Bench.Infrastructure;
using PivotCase.Bench.Phases;

namespace PivotCase.Tests.Support;

/// <summary>
/// A database of one fault test's own on the tests' PostgreSQL server, emptied at the start: named after the tests'
/// database plus a suffix, so the shared database's resets never touch it and two suites on one server never share it.
/// API processes connect with an application name per node (<see cref="ForNode"/>), which is how the test tells their
/// connections apart in <c>pg_stat_activity</c> and <c>pg_locks</c>; the test's own connections are not pooled and
/// carry <see cref="TestApplicationName"/>, like its Marten store's.
/// </summary>
public sealed class FaultDatabase : IAsyncDisposable
{
    public const string TestApplicationName = "pivotcase-test";
    private const string NodePrefix = "pivotcase-node-";

    private readonly IAsyncDisposable? _server;
    private IDocumentStore? _store;
    private IAsyncDisposable? _storeOwner;

    private FaultDatabase(IAsyncDisposable? server, string connectionString)
    {
        _server = server;
        ConnectionString = connectionString;
    }

    /// <summary>The test's own connection string (not pooled).</summary>
    public string ConnectionString { get; }

    /// <summary>A database named after the tests' database plus <paramref name="suffix"/>, on the tests' server.</summary>
    public static async Task<FaultDatabase> CreateAsync(string suffix, CancellationToken token)
    {
        var server = await TestDatabase.StartAsync();
        return await CreateAsync(server.ConnectionString, server.DatabaseBeside(suffix), server, token);
    }

    /// <summary>The database <paramref name="name"/> on the server of <paramref name="serverConnectionString"/>, emptied.</summary>
    public static async Task<FaultDatabase> CreateAsync(string serverConnectionString, string name, IAsyncDisposable? server, CancellationToken token)
    {
        await Databases.ResetSchemasAsync(serverConnectionString, name, Storage.SchemaName, token);
        var connectionString = new NpgsqlConnectionStringBuilder(serverConnectionString)
        {
            Database = name, Pooling = false, ApplicationName = TestApplicationName
        }.ConnectionString;
        return new FaultDatabase(server, connectionString);
    }

    /// <summary>The connection string an API process named <paramref name="node"/> uses (pooled, as configured in production).</summary>
    public string ForNode(string node) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = true, ApplicationName = NodePrefix + node }.ConnectionString;

    /// <summary>
    /// The API's own Marten store over this database (the API's configuration, its host never started, so no daemon):
    /// to read documents and rebuild projections in the test process.
    /// </summary>
    public IDocumentStore Store => _store ??= History.OpenStore(
        new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = true }.ConnectionString, out _storeOwner);

    /// <summary>The advisory lock id by which the nodes elect the one that runs each async projection shard.</summary>
    public IReadOnlyDictionary<int, string> ShardLockIds()
    {
        var projections = ((StoreOptions)Store.Options).Projections;
        return projections.AllShards().ToDictionary(
            shard => ProjectionLockIds.Compute(Storage.SchemaName, shard.Name, projections.DaemonLockId),
            shard => shard.Name.Identity);
    }

    /// <summary>The sequence number of the last committed event (0 when there is none).</summary>
    public Task<long> HeadAsync(CancellationToken token) =>
        ScalarAsync<long>($"select coalesce(max(seq_id), 0) from {Storage.SchemaName}.mt_events", token);

    /// <summary>How far each async projection shard has gone (mt_event_progression), by shard name.</summary>
    public async Task<IReadOnlyDictionary<string, long>> ProgressAsync(CancellationToken token)
    {
        var progress = new Dictionary<string, long>();
        var shards = ShardLockIds().Values.ToHashSet();
        await using var connection = await OpenAsync(token);
        await using var command = new NpgsqlCommand($"select name, last_seq_id from {Storage.SchemaName}.mt_event_progression", connection);
        await using var reader = await command.ExecuteReaderAsync(token);
        while (await reader.ReadAsync(token))
            if (shards.Contains(reader.GetString(0))) progress[reader.GetString(0)] = reader.GetInt64(1);
        foreach (var shard in shards) progress.TryAdd(shard, 0);
        return progress;
    }

    /// <summary>Whether every async projection shard has projected the last committed event.</summary>
    public async Task<bool> CaughtUpAsync(CancellationToken token)
    {
        var head = await HeadAsync(token);
        return (await ProgressAsync(token)).Values.All(sequence => sequence >= head);
    }

    /// <summary>Which node holds each granted advisory lock in this database, by lock id (the test's own connections excluded).</summary>
    public async Task<IReadOnlyList<(long LockId, string Node, int Pid)>> AdvisoryLocksAsync(CancellationToken token)
    {
        var locks = new List<(long, string, int)>();
        await using var connection = await OpenAsync(token);
        await using var command = new NpgsqlCommand(
            """
            select (l.classid::bigint << 32) + l.objid::bigint, a.application_name, a.pid
            from pg_locks l join pg_stat_activity a on a.pid = l.pid
            where l.locktype = 'advisory' and l.granted
              and l.database = (select oid from pg_database where datname = current_database())
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(token);
        while (await reader.ReadAsync(token))
        {
            var application = reader.GetString(1);
            locks.Add((reader.GetInt64(0), application.StartsWith(NodePrefix, StringComparison.Ordinal) ? application[NodePrefix.Length..] : application,
                reader.GetInt32(2)));
        }

        return locks;
    }

    /// <summary>The node holding each async projection shard's lock right now (absent when no node holds it), by shard.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ShardLeadersAsync(CancellationToken token)
    {
        var lockIds = ShardLockIds();
        return (await AdvisoryLocksAsync(token))
            .Where(held => held.LockId <= int.MaxValue && lockIds.ContainsKey((int)held.LockId))
            .ToDictionary(held => lockIds[(int)held.LockId], held => held.Node);
    }

    /// <summary>
    /// Terminates every client connection to this database except the test's own (<c>pg_terminate_backend</c>):
    /// the API's pooled connections, its daemon's and Wolverine's. Returns how many were terminated.
    /// </summary>
    public Task<long> TerminateApiConnectionsAsync(CancellationToken token) =>
        ScalarAsync<long>(
            $"""
             select count(*) filter (where pg_terminate_backend(pid)) from pg_stat_activity
             where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'
               and application_name <> '{TestApplicationName}'
             """, token);

    public async Task<T> ScalarAsync<T>(string sql, CancellationToken token)
    {
        await using var connection = await OpenAsync(token);
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(token))!;
    }

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken token)
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(token);
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        if (_storeOwner is not null) await _storeOwner.DisposeAsync();
        if (_server is not null) await _server.DisposeAsync();
    }
}
