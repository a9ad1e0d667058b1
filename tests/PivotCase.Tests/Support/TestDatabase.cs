using Npgsql;
using Testcontainers.PostgreSql;

namespace PivotCase.Tests.Support;

/// <summary>
/// Where the tests' PostgreSQL comes from: the connection string the test command provides
/// (ConnectionStrings__PivotCase), or a throwaway Testcontainers PostgreSQL when a Docker engine is available.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string EnvironmentVariable = "ConnectionStrings__PivotCase";

    private readonly PostgreSqlContainer? _container;

    private TestDatabase(string connectionString, PostgreSqlContainer? container)
    {
        ConnectionString = connectionString;
        _container = container;
    }

    public string ConnectionString { get; }

    /// <summary>
    /// The name of a database beside the tests' own on the same server (pivotcase_test → pivotcase_test_bench), so that
    /// the shared database's resets never touch it and suites run against other databases of the server never share it.
    /// </summary>
    public string DatabaseBeside(string suffix) =>
        $"{new NpgsqlConnectionStringBuilder(ConnectionString).Database ?? "pivotcase_test"}_{suffix}";

    public static async Task<TestDatabase> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured)) return new TestDatabase(configured, null);

        if (!File.Exists("/var/run/docker.sock") && Environment.GetEnvironmentVariable("DOCKER_HOST") is null)
            throw new InvalidOperationException(
                $"No test database: set {EnvironmentVariable} (./test.sh does) or make a Docker engine available.");

        var container = new PostgreSqlBuilder("postgres:15").Build();
        await container.StartAsync();
        return new TestDatabase(container.GetConnectionString(), container);
    }

    public async ValueTask DisposeAsync()
    {
        if (_container is not null) await _container.DisposeAsync();
    }
}
