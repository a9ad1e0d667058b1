using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Dashboards;

/// <summary>The events are the truth: every read model rebuilt from them answers exactly as before.</summary>
public sealed class ProjectionRebuildTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task Rebuilding_every_projection_from_the_events_gives_the_same_answers()
    {
        var caseIds = new List<Guid>();
        for (var index = 0; index < 4; index++)
        {
            var caseId = await OpenCase(index % 2 == 0 ? Worker : TestUser.Caseworker("cathii", "worker-2"), Bodies.NewCase(openedOn: "2026-02-27"));
            caseIds.Add(caseId);
            await Post($"/api/cases/{caseId}/needs", new { domain = "safety", timeframe = "immediate" }, Worker, 201);
            var stepId = await PlanStep(caseId, new { domain = "housing", title = "Shelter", timeframe = "immediate", dueOn = "2026-03-01" });
            if (index % 2 == 1) await Post($"/api/cases/{caseId}/steps/{stepId}/complete", new { }, Worker, 200);
            await Post($"/api/cases/{caseId}/immigration", new { kind = "trp_issued", on = "2026-03-01", validUntil = "2026-04-15" }, Worker, 201);
            await Post($"/api/cases/{caseId}/assessments", new { assessedOn = "2026-03-02", scores = new { safety = 1 + index % 3 } }, Worker, 201);
        }
        App.Clock.Advance(TimeSpan.FromDays(40));
        await Post($"/api/cases/{caseIds[0]}/assessments", new { assessedOn = "2026-04-10", scores = new { safety = 4 } }, Worker, 201);
        await Post($"/api/cases/{caseIds[3]}/close", new { reason = "moved" }, Worker, 200);
        await Post($"/api/cases/{caseIds[0]}/profile", new { exploitationTypes = new[] { "forced_labour", "forced_criminality" }, region = "13" },
            Worker, 200);
        async Task Voided(Guid caseId, string route, object body, string idField, string reason)
        {
            var entry = (await Post($"/api/cases/{caseId}/{route}", body, Worker, 201)).Json[idField];
            await Post($"/api/cases/{caseId}/{route}/{entry}/void", new { reason }, Worker, 200);
        }
        foreach (var (caseId, done) in new[] { (caseIds[1], true), (caseIds[2], false) })
        {
            var need = (await Post($"/api/cases/{caseId}/needs", new { domain = "housing", timeframe = "immediate" }, Worker, 201)).Json["needId"];
            var step = await PlanStep(caseId, new { domain = "housing", title = "Transitional housing", timeframe = "short_term" });
            if (done) await Post($"/api/cases/{caseId}/steps/{step}/complete", new { }, Worker, 200);
            await Post($"/api/cases/{caseId}/steps/{step}/need", new { needId = need }, Worker, 200);
        }
        await Voided(caseIds[1], "assessments", new { assessedOn = "2026-04-10", scores = new { safety = 5 } }, "assessmentId", "wrong_case");
        await Voided(caseIds[2], "immigration", new { kind = "removal_order", on = "2026-04-09" }, "entryId", "wrong_case");
        await Voided(caseIds[1], "compensation", new { kind = "claim_filed", on = "2026-04-09" }, "entryId", "wrong_day");
        await Voided(caseIds[0], "emergency-fund", new { amount = 25m, category = "transport", on = "2026-04-09" }, "disbursementId", "duplicate");
        var incident = (await Post("/api/privacy/incidents", new
        {
            kind = "loss", informationConcerned = "A caseload list", circumstances = "Left on a bus", occurredFrom = "2026-04-09",
            discoveredOn = "2026-04-10", personsConcerned = 2, cases = caseIds.Take(2)
        }, Supervisor, 201)).Json["id"];
        await Post($"/api/privacy/incidents/{incident}/risk-assessment", new { seriousInjuryRisk = true, reasons = "Sensitive" }, Supervisor, 200);
        await Post($"/api/privacy/incidents/{incident}/notices", new { recipient = "commission", sentOn = "2026-04-11" }, Supervisor, 201);
        await Post($"/api/privacy/incidents/{incident}/measures", new { description = "List recalled", takenOn = "2026-04-11" }, Supervisor, 201);
        await Post($"/api/privacy/incidents/{incident}/revisions", new
        {
            kind = "loss", informationConcerned = "A caseload list", circumstances = "Left on a bus, found the next day", occurredFrom = "2026-04-09",
            occurredTo = "2026-04-10", discoveredOn = "2026-04-10", personsConcerned = 2, cases = caseIds.Take(2)
        }, Supervisor, 200);

        await ProjectionsCaughtUp();
        var dashboardBefore = (await Get("/api/dashboard", Supervisor, 200)).Body;
        var registerBefore = (await Get("/api/privacy/incidents", Supervisor, 200)).Body;
        var casesBefore = await ReadAll(caseIds);
        var statisticsBefore = await ReadStatistics();
        var store = App.Host.Services.GetRequiredService<IDocumentStore>();
        var rowsBefore = await ReadModels.ReadAsync(store, CancellationToken.None);

        var coordinator = App.Host.Services.GetRequiredService<IProjectionCoordinator>();
        await coordinator.PauseAsync();
        try
        {
            await ReadModels.DeleteAllAsync(store);
            await Get($"/api/cases/{caseIds[0]}", Worker, 404);
            await ReadModels.RebuildAllAsync(store, CancellationToken.None);
        }
        finally
        {
            await coordinator.ResumeAsync();
        }

        (await ReadModels.ReadAsync(store, CancellationToken.None)).ShouldBeTheSameAs(rowsBefore, "rebuilt from the events");
        (await Get("/api/dashboard", Supervisor, 200)).Body.ShouldBe(dashboardBefore);
        (await Get("/api/privacy/incidents", Supervisor, 200)).Body.ShouldBe(registerBefore);
        (await ReadAll(caseIds)).ShouldBe(casesBefore);
        (await ReadStatistics()).ShouldBe(statisticsBefore);
    }

    private async Task<List<string>> ReadStatistics()
    {
        var researcher = TestUser.Researcher();
        return
        [
            (await Get("/api/statistics/cases?groupBy=region,ageGroup", researcher, 200)).Body,
            (await Get("/api/statistics/services", researcher, 200)).Body,
            (await Get("/api/statistics/recovery", researcher, 200)).Body
        ];
    }

    private async Task<List<string>> ReadAll(IEnumerable<Guid> caseIds)
    {
        var answers = new List<string>();
        foreach (var caseId in caseIds)
        {
            answers.Add((await Get($"/api/cases/{caseId}", Worker, 200)).Body);
            answers.Add((await Get($"/api/cases/{caseId}/recovery", Worker, 200)).Body);
        }

        return answers;
    }
}
