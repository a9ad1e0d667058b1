using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PivotCase.Tests.Support;
using Case = PivotCase.Api.Cases.Case;

namespace PivotCase.Tests.Cases;

/// <summary>
/// A case whose stored write model predates the fields its decisions rely on is refused, not decided with those fields
/// empty, until the Case projection is rebuilt from the events.
/// </summary>
public sealed class WriteModelLayoutTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task A_case_with_a_write_model_stored_before_an_upgrade_is_refused_until_the_projection_is_rebuilt()
    {
        var caseId = await OpenCase();
        await Post($"/api/cases/{caseId}/assessments", Recovery.RecoveryBodies.Assessment("2026-03-02"), Worker, 201);
        var store = App.Host.Services.GetRequiredService<IDocumentStore>();
        await using (var connection = store.Storage.Database.CreateConnection())
        {
            await connection.OpenAsync();
            await using var stale = new NpgsqlCommand(
                $"update {store.Options.Schema.For(typeof(Case))} set data = data - 'layout' - 'assessments' - 'entries' where id = @id", connection);
            stale.Parameters.AddWithValue("id", caseId);
            (await stale.ExecuteNonQueryAsync()).ShouldBe(1);
        }

        var refused = await Post($"/api/cases/{caseId}/assessments", Recovery.RecoveryBodies.Assessment("2026-03-02"), Worker, 503);
        refused.ShouldBeCleanProblem(503);
        (await Post($"/api/cases/{caseId}/steps", new { domain = "housing", title = "Shelter", timeframe = "immediate" }, Worker, 503))
            .ShouldBeCleanProblem(503);
        (await Stream(caseId)).Count.ShouldBe(2);

        var coordinator = App.Host.Services.GetRequiredService<IProjectionCoordinator>();
        await coordinator.PauseAsync();
        try
        {
            using var daemon = await store.BuildProjectionDaemonAsync();
            await daemon.RebuildProjectionAsync<Case>(TimeSpan.FromMinutes(1), CancellationToken.None);
        }
        finally
        {
            await coordinator.ResumeAsync();
        }

        (await Load<Case>(caseId)).ShouldNotBeNull().Layout.ShouldBe(Case.CurrentLayout);
        await Post($"/api/cases/{caseId}/assessments", Recovery.RecoveryBodies.Assessment("2026-03-02"), Worker, 409);
        await PlanStep(caseId);
        (await Stream(caseId)).Count.ShouldBe(3);
    }
}
