using PivotCase.Tests.Support;

namespace PivotCase.Tests.Cases;

public sealed class CaseHistoryTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task History_tells_every_event_oldest_first_with_who_and_when()
    {
        using var clock = App.ClockAt(AppFixture.StartOfTime);
        var id = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));
        var openedAt = App.Clock.GetUtcNow();
        App.Clock.Advance(TimeSpan.FromHours(1));
        var stepId = await PlanStep(id, new { domain = "housing", title = $"Shelter for {Bodies.Canary}", timeframe = "immediate" });
        var plannedAt = App.Clock.GetUtcNow();
        App.Clock.Advance(TimeSpan.FromHours(1));
        var secondWorker = TestUser.Caseworker("cathii", "worker-2");
        await Post($"/api/cases/{id}/steps/{stepId}/complete", new { outcome = $"{Bodies.Canary} placed" }, secondWorker, 200);
        var completedAt = App.Clock.GetUtcNow();
        App.Clock.Advance(TimeSpan.FromHours(1));
        await Post($"/api/cases/{id}/close", new { reason = "goals_met" }, Worker, 200);
        var closedAt = App.Clock.GetUtcNow();
        App.Clock.Advance(TimeSpan.FromHours(1));
        await Post($"/api/cases/{id}/reopen", new { reason = $"{Bodies.Canary} came back" }, Worker, 200);
        var reopenedAt = App.Clock.GetUtcNow();

        var events = await Stream(id);
        events.Count.ShouldBe(5);

        var response = await Get($"/api/cases/{id}/history", Worker, 200);

        var entries = response.Json.AsArray().Select(entry => entry!).ToList();
        entries.Select(entry => entry["version"]!.GetValue<long>()).ShouldBe([1L, 2, 3, 4, 5]);
        entries.Select(entry => entry["type"]!.GetValue<string>())
            .ShouldBe(["case_opened", "step_planned", "step_completed", "case_closed", "case_reopened"]);
        entries.Select(entry => entry["by"]!.GetValue<string>())
            .ShouldBe([Worker.Sub, Worker.Sub, secondWorker.Sub, Worker.Sub, Worker.Sub]);
        entries.Select(entry => DateTimeOffset.Parse(entry["at"]!.GetValue<string>()))
            .ShouldBe([openedAt, plannedAt, completedAt, closedAt, reopenedAt]);
        entries.ShouldAllBe(entry => !string.IsNullOrWhiteSpace(entry["summary"]!.GetValue<string>()));
        entries[3]["summary"]!.GetValue<string>().ShouldContain("goals_met");

        response.Body.ShouldNotContain(Bodies.Canary, Shouldly.Case.Insensitive);
        response.Body.ShouldNotContain("Marie-Ange");
        response.Body.ShouldNotContain("514-555-0199");
        response.Body.ShouldNotContain("2004-05-06");
    }

    [Fact]
    public async Task History_of_a_backdated_case_is_told_at_the_moment_it_was_recorded()
    {
        var id = await OpenCase(body: Bodies.NewCase(openedOn: "2026-02-20"));

        var entry = (await Get($"/api/cases/{id}/history", Worker, 200)).Json.AsArray().ShouldHaveSingleItem()!;

        entry["type"]!.GetValue<string>().ShouldBe("case_opened");
        entry["version"]!.GetValue<long>().ShouldBe(1);
        entry["by"]!.GetValue<string>().ShouldBe(Worker.Sub);
        DateTimeOffset.Parse(entry["at"]!.GetValue<string>()).ShouldBe(AppFixture.StartOfTime);
        (await Stream(id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_supervisor_of_the_owning_organisation_reads_the_history()
    {
        var id = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));

        var response = await Get($"/api/cases/{id}/history", Supervisor, 200);

        response.Json.AsArray().Count.ShouldBe(1);
        response.Body.ShouldNotContain(Bodies.Canary, Shouldly.Case.Insensitive);
    }

    [Fact]
    public async Task Another_organisations_history_is_answered_like_an_unknown_case()
    {
        var id = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));

        var hidden = await Get($"/api/cases/{id}/history", OtherOrgWorker);
        var unknown = await Get($"/api/cases/{Guid.NewGuid()}/history", OtherOrgWorker);

        hidden.ShouldBeCleanProblem(404);
        unknown.ShouldBeCleanProblem(404);
        CaseTestKit.ProblemShape(hidden).ShouldBe(CaseTestKit.ProblemShape(unknown),
            $"hidden: {hidden.Body}\nunknown: {unknown.Body}");
        hidden.Body.ShouldNotContain("case_opened");
    }

    [Fact]
    public async Task Researchers_and_coordinators_are_forbidden_and_anonymous_callers_unauthorised()
    {
        var id = await OpenCase();

        (await Get($"/api/cases/{id}/history", CaseTestKit.Researcher)).ShouldBeCleanProblem(403);
        (await Get($"/api/cases/{id}/history", CaseTestKit.Coordinator)).ShouldBeCleanProblem(403);
        (await Get($"/api/cases/{id}/history", null)).Status.ShouldBe(401);
    }
}
