using System.Data.Common;
using JasperFx;
using JasperFx.Events;
using Marten;
using Marten.Events.Daemon;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using JasperFx.Events.Daemon;
using PivotCase.Api.Cases;
using PivotCase.Api.Dashboards;
using PivotCase.Api.Directory;
using PivotCase.Api.Incidents;
using PivotCase.Api.Platform.Idempotency;
using PivotCase.Api.Privacy;
using PivotCase.Api.Recovery;
using PivotCase.Api.Statistics;
using Weasel.Core;
using Wolverine.Marten;

namespace PivotCase.Api.Platform;

/// <summary>The Marten event store and document database, one stream per case.</summary>
public static class Storage
{
    public const string ConnectionStringName = "PivotCase";
    public const string SchemaName = "pivotcase";

    /// <summary>
    /// Events an async projection reads per page (Marten's default is 500). A page is one query and one transaction; at
    /// 1,000 the benchmark's rebuild ran 1.3-1.4 times faster (5,000 did no better); when caught up a page holds only the
    /// events since the last poll.
    /// </summary>
    public const int AsyncProjectionBatchSize = 1_000;

    /// <summary>
    /// <c>HotCold</c> (default): this node runs the async daemon and takes over any projection no other node holds.
    /// <c>Disabled</c>: this node serves HTTP only, for extra nodes that should never project, or while
    /// <c>projections rebuild</c> runs against a live database (ADR 0014).
    /// </summary>
    public const string DaemonSetting = "Projections:Daemon";

    /// <summary>
    /// Server-side prepared statements per pooled connection, unless the connection string sets
    /// <c>Max Auto Prepare</c> itself. Marten's statements are few and recurring (document loads and upserts, the event
    /// append, the daemon's queries): Npgsql prepares one once it has run five times on a connection, which saves
    /// PostgreSQL parsing and planning it again, and a pooled connection with prepared statements is reset without the
    /// DISCARD ALL that would drop them (ADR 0016).
    /// </summary>
    public const int MaxAutoPrepare = 50;

    /// <summary>
    /// Connections this process opens at most, unless the connection string sets <c>Maximum Pool Size</c> itself (Npgsql's
    /// default is 100). More connections than the database has cores only make its backends take turns on them: under
    /// 16 concurrent clients on the benchmark's 2 cores, case reads' p99 fell from 21-25 ms to 14-19 ms with 6-10
    /// connections, and requests past the limit wait in Npgsql's queue instead of PostgreSQL's run queue. Eight leave
    /// about five working connections to requests (twice the cores plus one) beside the daemon and the access log; a
    /// bigger database server takes a bigger pool in the connection string (ADR 0018).
    /// </summary>
    public const int MaxPoolSize = 8;

    public static WebApplicationBuilder AddPivotCaseStorage(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} (environment ConnectionStrings__{ConnectionStringName}) is not set.");

        var development = builder.Environment.IsDevelopment();
        var daemonMode = DaemonModeFrom(builder.Configuration[DaemonSetting]);
        var marten = builder.Services.AddMarten(options =>
            {
                options.Connection(WithPoolDefaults(connectionString));
                options.DatabaseSchemaName = SchemaName;
                options.AutoCreateSchemaObjects = development ? AutoCreate.CreateOrUpdate : AutoCreate.None;
                options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);

                options.Events.StreamIdentity = StreamIdentity.AsGuid;
                options.Events.UseMandatoryStreamTypeDeclaration = true;
                options.Events.AppendMode = EventAppendMode.Quick;
                options.Events.MetadataConfig.UserNameEnabled = true;
                options.Events.MetadataConfig.CorrelationIdEnabled = true;
                options.Events.MetadataConfig.CausationIdEnabled = true;

                // The daemon looks for new events every 250 ms when idle and every 100 ms when busy (Marten's defaults are
                // 1 s and 250 ms), so the dashboard reflects a step well within a second; a poll is one indexed query.
                options.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(250);
                options.Projections.FastPollingTime = TimeSpan.FromMilliseconds(100);

                // A write loads the Case snapshot once (FetchForWriting) and the inline snapshot projection applies the new
                // events to that same instance instead of loading it again. Safe because Case is an immutable record that
                // endpoints never alter; saves a query and a deserialisation per write.
                options.Projections.UseIdentityMapForAggregates = true;

                options.ConfigureCases();
                options.ConfigureRecovery();
                options.ConfigureDashboards();
                options.ConfigureStatistics();
                options.ConfigureDirectory();
                options.ConfigurePrivacy();
                options.ConfigureIncidents();
                options.ConfigureIdempotency();
            })
            .BuildSessionsWith<CaseSessionFactory>()
            .IntegrateWithWolverine()
            // HotCold: every API node may run the daemon; an advisory lock elects one leader per projection.
            .AddAsyncDaemon(daemonMode);

        builder.Services.ConfigureMarten((services, options) =>
            options.Logger(new SqlLogger(services.GetRequiredService<ILogger<IDocumentStore>>())));
        if (development) marten.ApplyAllDatabaseChangesOnStartup();
        builder.Services.AddHealthChecks()
            .AddNpgSql(connectionString, name: "database", timeout: TimeSpan.FromSeconds(3))
            .AddCheck<ProjectionLagHealthCheck>("projections", failureStatus: HealthStatus.Degraded, timeout: TimeSpan.FromSeconds(3));
        return builder;
    }

    /// <summary>The connection string with <see cref="MaxAutoPrepare"/> and <see cref="MaxPoolSize"/> where it sets neither.</summary>
    public static string WithPoolDefaults(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        bool Sets(params string[] names) => names.Any(given.ContainsKey);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Sets("Max Auto Prepare", "MaxAutoPrepare")) builder.MaxAutoPrepare = MaxAutoPrepare;
        if (!Sets("Maximum Pool Size", "MaxPoolSize")) builder.MaxPoolSize = MaxPoolSize;
        return builder.ConnectionString;
    }

    private static DaemonMode DaemonModeFrom(string? setting) => setting switch
    {
        null or "" or nameof(DaemonMode.HotCold) => DaemonMode.HotCold,
        nameof(DaemonMode.Disabled) => DaemonMode.Disabled,
        _ => throw new InvalidOperationException(
            $"{DaemonSetting} must be {nameof(DaemonMode.HotCold)} or {nameof(DaemonMode.Disabled)}, not '{setting}'.")
    };
}
