using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using PivotCase.Tests.Directory;
using PivotCase.Tests.Support;
using Case = PivotCase.Api.Cases.Case;

namespace PivotCase.Tests.Cases;

/// <summary>
/// A case whose stored write model predates the fields some decisions rely on is refused by those decisions, not decided
/// with those fields empty, until the Case projection is rebuilt from the events; other writes go on.
/// </summary>
public sealed class WriteModelLayoutTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task A_decision_on_assessment_ids_is_refused_on_a_write_model_stored_before_an_upgrade_until_the_projection_is_rebuilt()
    {
        var caseId = await OpenCase(body: Bodies.NewCase(openedOn: "2026-02-20"));
        await Post($"/api/cases/{caseId}/assessments", Recovery.RecoveryBodies.Assessment("2026-03-02"), Worker, 201);
        await WriteModelStoredWithout(caseId, "layout", "assessments", "entries");

        var refused = await Post($"/api/cases/{caseId}/assessments", Recovery.RecoveryBodies.Assessment("2026-03-02"), Worker, 503);
        refused.ShouldBeCleanProblem(503);
        refused.Headers["Retry-After"].ShouldBe(PivotCase.Api.Platform.Http.ErrorHandling.UpgradeRetryAfterSeconds);
        (await Stream(caseId)).Count.ShouldBe(2);
        await PlanStep(caseId);
        (await Stream(caseId)).Count.ShouldBe(3);

        var store = App.Host.Services.GetRequiredService<IDocumentStore>();
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
        await Post($"/api/cases/{caseId}/assessments", Recovery.RecoveryBodies.Assessment("2026-03-01"), Worker, 201);
        (await Stream(caseId)).Count.ShouldBe(4);
    }

    [Fact]
    public async Task Every_decision_that_reads_the_case_read_model_is_refused_while_it_is_missing_as_during_its_rebuild()
    {
        await Post("/api/directory/organizations", Organizations.Body("maison", "shelter"), TestUser.Coordinator(), 201);
        var caseId = await OpenCase();
        var needId = (await Post($"/api/cases/{caseId}/needs", new { domain = "housing", timeframe = "immediate" }, Worker, 201))
            .Json["needId"]!.GetValue<Guid>();
        var stepId = await PlanStep(caseId);
        await Post($"/api/cases/{caseId}/consents",
            new { scope = "share_with_organization", organization = "maison", givenOn = "2026-03-02", includesPersonalDetails = false },
            Worker, 201);
        var store = App.Host.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession())
        {
            session.Delete<PivotCase.Api.Cases.CaseDetails>(caseId);
            await session.SaveChangesAsync();
        }
        var before = (await Stream(caseId)).Count;

        foreach (var (route, body) in new (string, object)[]
                 {
                     ("transfer", new { toWorker = "maison-worker-1", toOrganization = "maison" }),
                     ($"steps/{stepId}/need", new { needId }),
                     ("steps", new { domain = "housing", title = "Shelter", timeframe = "immediate", needId }),
                     ("profile", new { region = "05" }),
                     ("personal-details", new { personalDetails = new { fullName = "New Name" } })
                 })
            (await Post($"/api/cases/{caseId}/{route}", body, Worker, 503)).ShouldBeCleanProblem(503);

        (await Stream(caseId)).Count.ShouldBe(before);
    }
}
