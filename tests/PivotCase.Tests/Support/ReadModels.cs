using System.Text;
using Marten;
using Npgsql;
using PivotCase.Api.Cases;
using PivotCase.Api.Dashboards;
using PivotCase.Api.Incidents;
using PivotCase.Api.Recovery;
using PivotCase.Api.Statistics;
using Case = PivotCase.Api.Cases.Case;

namespace PivotCase.Tests.Support;

/// <summary>
/// The events are the truth: every read model, inline or async, rebuilt from them, and the rows each read model holds,
/// to compare what the API wrote (in the append transaction or through the daemon) with what a rebuild writes.
/// Nothing else may project while a rebuild runs: pause the daemon or stop the API processes first.
/// </summary>
public static class ReadModels
{
    /// <summary>The document of every projection, named as the projection is.</summary>
    public static readonly IReadOnlyList<Type> All =
        [
            typeof(Case), typeof(CaseDetails), typeof(RecoveryProgress), typeof(CaseloadEntry), typeof(StatisticalCase),
            typeof(ConfidentialityIncident), typeof(IncidentRegisterEntry)
        ];

    public static async Task DeleteAllAsync(IDocumentStore store)
    {
        foreach (var readModel in All) await store.Advanced.Clean.DeleteDocumentsByTypeAsync(readModel);
    }

    /// <summary>Rebuilds every projection of the store from the events, after checking that <see cref="All"/> names them all.</summary>
    public static async Task RebuildAllAsync(IDocumentStore store, CancellationToken token)
    {
        var projections = store.Options.Events.Projections().Select(projection => projection.Name).Order(StringComparer.Ordinal).ToList();
        projections.ShouldBe(All.Select(type => type.Name).Order(StringComparer.Ordinal).ToList(),
            "a projection was added: add its document to ReadModels.All");

        using var daemon = await store.BuildProjectionDaemonAsync();
        foreach (var projection in projections)
            await daemon.RebuildProjectionAsync(projection, TimeSpan.FromMinutes(2), token);
        await daemon.StopAllAsync();
    }

    /// <summary>
    /// Fails unless every read model's rows, as the API wrote them, equal what a rebuild from the events writes (the
    /// rows are rebuilt in place). Returns the rows.
    /// </summary>
    public static async Task<Rows> ShouldEqualARebuildAsync(IDocumentStore store, string after, CancellationToken token)
    {
        var written = await ReadAsync(store, token);
        await RebuildAllAsync(store, token);
        written.ShouldBeTheSameAs(await ReadAsync(store, token), $"as written by the API after {after}, against a rebuild from the events");
        return written;
    }

    /// <summary>Every read model's rows as stored (id and JSON), ordered by id, by table.</summary>
    public static async Task<Rows> ReadAsync(IDocumentStore store, CancellationToken token)
    {
        var tables = new SortedDictionary<string, IReadOnlyList<(string Id, string Data)>>(StringComparer.Ordinal);
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(token);
        foreach (var readModel in All)
        {
            var table = store.Options.Schema.For(readModel);
            var rows = new List<(string, string)>();
            await using var command = new NpgsqlCommand($"select id::text, data::text from {table} order by id", connection);
            await using var reader = await command.ExecuteReaderAsync(token);
            while (await reader.ReadAsync(token)) rows.Add((reader.GetString(0), reader.GetString(1)));
            tables[readModel.Name] = rows;
        }

        return new Rows(tables);
    }

    public sealed record Rows(IReadOnlyDictionary<string, IReadOnlyList<(string Id, string Data)>> Tables)
    {
        public int Count(string readModel) => Tables[readModel].Count;

        /// <summary>Fails with the first rows that differ in each read model, rather than two dumps of every table.</summary>
        public void ShouldBeTheSameAs(Rows expected, string because)
        {
            var differences = new StringBuilder();
            foreach (var (readModel, expectedRows) in expected.Tables)
            {
                var actualRows = Tables[readModel];
                var missing = expectedRows.ExceptBy(actualRows.Select(row => row.Id), row => row.Id).Select(row => row.Id).ToList();
                var extra = actualRows.ExceptBy(expectedRows.Select(row => row.Id), row => row.Id).Select(row => row.Id).ToList();
                var changed = actualRows.Join(expectedRows, row => row.Id, row => row.Id, (actual, wanted) => (actual, wanted))
                    .Where(pair => pair.actual.Data != pair.wanted.Data).ToList();
                if (missing.Count + extra.Count + changed.Count == 0) continue;

                differences.AppendLine($"{readModel}: {actualRows.Count} rows, {expectedRows.Count} expected; " +
                                       $"missing [{string.Join(", ", missing.Take(5))}], extra [{string.Join(", ", extra.Take(5))}], {changed.Count} differ");
                foreach (var (actual, wanted) in changed.Take(2))
                    differences.AppendLine($"  {actual.Id}:{Environment.NewLine}    is       {actual.Data}{Environment.NewLine}    expected {wanted.Data}");
            }

            if (differences.Length > 0) throw new Xunit.Sdk.XunitException($"The read models differ ({because}):{Environment.NewLine}{differences}");
        }
    }
}
