using PivotCase.Api.Dashboards;
using PivotCase.Api.Recovery;
using PivotCase.Api.Statistics;
using PivotCase.Tests.Cases;
using PivotCase.Tests.Support;
using Case = PivotCase.Api.Cases.Case;

namespace PivotCase.Tests.Recovery;

/// <summary>An assessment recorded by mistake is voided: every read model forgets it, the history keeps both events.</summary>
public sealed class VoidAssessmentTests(AppFixture app) : IntegrationTest(app)
{
    private async Task<(Guid CaseId, Guid Baseline, Guid Middle, Guid Mistaken)> AssessedThreeTimes()
    {
        var caseId = await OpenCase(body: Bodies.NewCase(openedOn: "2026-01-10"));
        async Task<Guid> Assess(string on, int safety) =>
            (await Post($"/api/cases/{caseId}/assessments", RecoveryBodies.Assessment(on, new { safety }), Worker, 201))
            .Json["assessmentId"]!.GetValue<Guid>();
        return (caseId, await Assess("2026-01-15", 1), await Assess("2026-02-15", 3), await Assess("2026-03-01", 5));
    }

    [Fact]
    public async Task A_voided_assessment_leaves_the_trajectory_the_dashboard_and_the_statistics_and_its_day_can_be_assessed_again()
    {
        var (caseId, baseline, middle, mistaken) = await AssessedThreeTimes();
        App.Clock.Advance(TimeSpan.FromMinutes(5));

        var voided = await Post($"/api/cases/{caseId}/assessments/{mistaken}/void", new { reason = "wrong_case", expectedVersion = 4 }, Worker, 200);

        voided.Json["version"]!.GetValue<long>().ShouldBe(5);
        (await Stream(caseId))[^1].Data.ShouldBe(new AssessmentVoided(caseId, mistaken, new DateOnly(2026, 3, 1),
            AssessmentVoidReason.WrongCase, Worker.Sub, AppFixture.StartOfTime.AddMinutes(5)));

        var recovery = (await Get($"/api/cases/{caseId}/recovery", Worker, 200)).Json;
        recovery["latest"]!["assessedOn"]!.GetValue<string>().ShouldBe("2026-02-15");
        recovery["change"]!["safety"]!.GetValue<int>().ShouldBe(2);
        recovery["trajectory"]!.AsArray().Select(point => point!["assessedOn"]!.GetValue<string>()).ShouldBe(["2026-01-15", "2026-02-15"]);
        (await Load<Case>(caseId)).ShouldNotBeNull().Assessments.Keys.ShouldBe([baseline, middle], ignoreOrder: true);

        await ProjectionsCaughtUp();
        (await Load<CaseloadEntry>(caseId)).ShouldNotBeNull().Assessments.Select(a => a.AssessmentId).ShouldBe([baseline, middle]);
        (await Load<StatisticalCase>(caseId)).ShouldNotBeNull().Assessments.Select(a => a.AssessmentId).ShouldBe([baseline, middle]);
        (await Get("/api/dashboard", Supervisor, 200)).Json["recovery"]!["averageChange"]!["safety"]!.GetValue<double>().ShouldBe(2);

        var history = (await Get($"/api/cases/{caseId}/history", Worker, 200)).Json.AsArray();
        history[^1]!["summary"]!.GetValue<string>().ShouldBe("Recovery assessment on 2026-03-01 voided (wrong_case)");
        history[^1]!["type"]!.GetValue<string>().ShouldBe("assessment_voided");
        history.Count.ShouldBe(5);

        await Post($"/api/cases/{caseId}/assessments", RecoveryBodies.Assessment("2026-03-01", new { safety = 4 }), Worker, 201);
        (await Get($"/api/cases/{caseId}/recovery", Worker, 200)).Json["change"]!["safety"]!.GetValue<int>().ShouldBe(3);
    }

    [Fact]
    public async Task Voiding_is_refused_without_a_trace_when_the_assessment_is_not_in_force_or_the_caller_may_not()
    {
        var (caseId, _, _, mistaken) = await AssessedThreeTimes();
        await Post($"/api/cases/{caseId}/assessments/{mistaken}/void", new { reason = "duplicate" }, Worker, 200);
        var before = await App.AllEventCount();
        var url = $"/api/cases/{caseId}/assessments/{mistaken}/void";

        (await Post(url, new { reason = "duplicate" }, Worker, 404)).ShouldBeCleanProblem(404);
        (await Post($"/api/cases/{caseId}/assessments/{Guid.NewGuid()}/void", new { reason = "other" }, Worker, 404)).ShouldBeCleanProblem(404);
        var (other, _, _, otherMistake) = await AssessedThreeTimes();
        var afterSecondCase = await App.AllEventCount();
        var otherUrl = $"/api/cases/{other}/assessments/{otherMistake}/void";
        (await Post(otherUrl, new { reason = "other" }, OtherOrgWorker, 404)).ShouldBeCleanProblem(404);
        (await Post(otherUrl, new { reason = "other" }, Supervisor, 403)).ShouldBeCleanProblem(403);
        (await Post(otherUrl, new { }, Worker, 400)).ErrorFields().ShouldBe(["reason"]);
        (await Post(otherUrl, new { reason = "typo" }, Worker, 400)).ShouldBeCleanProblem(400);
        (await Post(otherUrl, new { reason = "other", expectedVersion = 3 }, Worker, 409)).ShouldBeCleanProblem(409);
        await Post($"/api/cases/{other}/close", new { reason = "moved" }, Worker, 200);
        (await Post(otherUrl, new { reason = "other" }, Worker, 409)).ShouldBeCleanProblem(409);

        (await App.AllEventCount()).ShouldBe(afterSecondCase + 1);
        afterSecondCase.ShouldBe(before + 4);
    }
}
