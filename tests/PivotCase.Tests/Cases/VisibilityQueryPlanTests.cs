using Marten;
using Marten.Linq;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PivotCase.Api.Cases;
using PivotCase.Api.Referrals;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Cases;

/// <summary>
/// The case list and the incoming referrals must find an organisation's cases through indexes: when they could not,
/// every request read and decompressed every case of the coalition (0.84 s at 100,000 cases). A test database is too
/// small for the planner to prefer an index on its own, so the plan is asked for with sequential scans disabled: a query
/// that no index can answer still shows a sequential scan.
/// </summary>
public sealed class VisibilityQueryPlanTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task The_case_list_and_the_incoming_referrals_are_answered_from_indexes()
    {
        await OpenCase();
        await using var session = App.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var today = DateOnly.FromDateTime(AppFixture.StartOfTime.UtcDateTime);

        var queries = new (string What, IQueryable<CaseDetails> Query)[]
        {
            ("every visible case", ListCasesEndpoint.VisibleTo(session, Worker.Organization, null, today, sharedCases: true)),
            ("open visible cases", ListCasesEndpoint.VisibleTo(session, Worker.Organization, CaseStatus.Open, today, sharedCases: true)),
            ("a supervisor's cases", ListCasesEndpoint.VisibleTo(session, Worker.Organization, null, today, sharedCases: false)),
            ("cases referred to the organisation", IncomingReferralsEndpoint.ReferredTo(session, Worker.Organization))
        };

        foreach (var (what, query) in queries)
        {
            var plan = await PlanWithoutSequentialScansAsync(query.ToCommand(FetchType.FetchMany));
            plan.ShouldContain("mt_doc_casedetails", customMessage: what);
            plan.ShouldNotContain("Seq Scan", customMessage: $"{what}:\n{plan}");
        }
    }

    private async Task<string> PlanWithoutSequentialScansAsync(NpgsqlCommand query)
    {
        await using var connection = new NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var settings = new NpgsqlCommand("set local enable_seqscan = off", connection, transaction))
            await settings.ExecuteNonQueryAsync();

        await using var explain = new NpgsqlCommand("explain " + query.CommandText, connection, transaction);
        foreach (NpgsqlParameter parameter in query.Parameters) explain.Parameters.Add(parameter.Clone());
        var lines = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        return string.Join(Environment.NewLine, lines);
    }
}
