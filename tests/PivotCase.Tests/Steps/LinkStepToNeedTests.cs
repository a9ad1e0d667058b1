using PivotCase.Api.Dashboards;
using PivotCase.Api.Statistics;
using PivotCase.Api.Steps;
using PivotCase.Tests.Cases;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Steps;

/// <summary>A step planned without its need is tied to it afterwards, and the need is met when the step is or becomes done.</summary>
public sealed class LinkStepToNeedTests(AppFixture app) : IntegrationTest(app)
{
    private async Task<Guid> RecordNeed(Guid caseId, string domain = "housing", string timeframe = "immediate") =>
        (await Post($"/api/cases/{caseId}/needs", new { domain, timeframe }, Worker, 201)).Json["needId"]!.GetValue<Guid>();

    [Fact]
    public async Task A_done_step_linked_to_its_need_meets_it_everywhere_at_once()
    {
        var caseId = await OpenCase();
        var needId = await RecordNeed(caseId);
        var stepId = await PlanStep(caseId, new { domain = "housing", title = "Shelter placement", timeframe = "immediate" });
        await Post($"/api/cases/{caseId}/steps/{stepId}/complete", new { }, Worker, 200);
        (await Get($"/api/cases/{caseId}", Worker, 200)).Json["crisis"]!["openImmediateNeeds"]!.AsArray().Count.ShouldBe(1);
        App.Clock.Advance(TimeSpan.FromHours(2));

        var linked = await Post($"/api/cases/{caseId}/steps/{stepId}/need", new { needId, expectedVersion = 4 }, Worker, 200);

        linked.Json["version"]!.GetValue<long>().ShouldBe(5);
        (await Stream(caseId))[^1].Data.ShouldBe(new StepLinkedToNeed(caseId, stepId, needId, StepDone: true, Worker.Sub,
            AppFixture.StartOfTime.AddHours(2)));
        var view = (await Get($"/api/cases/{caseId}", Worker, 200)).Json;
        view["needs"]!.AsArray().ShouldHaveSingleItem()!["met"]!.GetValue<bool>().ShouldBeTrue();
        view["steps"]!.AsArray().ShouldHaveSingleItem()!["needId"]!.GetValue<Guid>().ShouldBe(needId);
        view["crisis"]!["openImmediateNeeds"]!.AsArray().ShouldBeEmpty();

        await ProjectionsCaughtUp();
        (await Load<CaseloadEntry>(caseId)).ShouldNotBeNull().OpenImmediateNeeds.ShouldBeEmpty();
        var row = (await Load<StatisticalCase>(caseId)).ShouldNotBeNull();
        row.Steps.ShouldHaveSingleItem().NeedId.ShouldBe(needId);
        row.ImmediateNeedsMetInCrisisWindow.ShouldBe(1);
        (await Get($"/api/cases/{caseId}/history", Worker, 200)).Json.AsArray()[^1]!["summary"]!.GetValue<string>()
            .ShouldBe($"Step {stepId} linked to need {needId}");
    }

    [Fact]
    public async Task A_planned_step_linked_to_a_need_meets_it_when_it_is_done()
    {
        var caseId = await OpenCase();
        var needId = await RecordNeed(caseId);
        var stepId = await PlanStep(caseId, new { domain = "housing", title = "Shelter placement", timeframe = "immediate" });

        await Post($"/api/cases/{caseId}/steps/{stepId}/need", new { needId }, Worker, 200);

        (await Stream(caseId))[^1].Data.ShouldBeOfType<StepLinkedToNeed>().StepDone.ShouldBeFalse();
        (await Get($"/api/cases/{caseId}", Worker, 200)).Json["needs"]!.AsArray().ShouldHaveSingleItem()!["met"]!.GetValue<bool>().ShouldBeFalse();
        await ProjectionsCaughtUp();
        (await Load<CaseloadEntry>(caseId)).ShouldNotBeNull().OpenSteps.ShouldHaveSingleItem().NeedId.ShouldBe(needId);

        await Post($"/api/cases/{caseId}/steps/{stepId}/complete", new { }, Worker, 200);

        (await Get($"/api/cases/{caseId}", Worker, 200)).Json["needs"]!.AsArray().ShouldHaveSingleItem()!["met"]!.GetValue<bool>().ShouldBeTrue();
        await ProjectionsCaughtUp();
        (await Load<CaseloadEntry>(caseId)).ShouldNotBeNull().OpenImmediateNeeds.ShouldBeEmpty();
    }

    [Fact]
    public async Task Links_that_cannot_be_made_and_callers_who_may_not_make_them_leave_no_event()
    {
        var caseId = await OpenCase(body: Bodies.NewCase(openedOn: "2026-02-25"));
        var needId = await RecordNeed(caseId);
        var linkedStep = await PlanStep(caseId, new { domain = "housing", title = "Shelter", timeframe = "immediate", needId });
        var cancelled = await PlanStep(caseId, new { domain = "housing", title = "Hotel", timeframe = "immediate" });
        await Post($"/api/cases/{caseId}/steps/{cancelled}/cancel", new { reason = "Found a shelter" }, Worker, 200);
        var free = await PlanStep(caseId, new { domain = "housing", title = "Transitional housing", timeframe = "short_term" });
        var healthNeed = await RecordNeed(caseId, "health", "short_term");
        var partner = await PartnerCaseworkerOf(caseId);
        var before = await App.AllEventCount();
        var url = $"/api/cases/{caseId}/steps/{free}/need";

        (await Post($"/api/cases/{caseId}/steps/{linkedStep}/need", new { needId }, Worker, 409)).ShouldBeCleanProblem(409);
        (await Post($"/api/cases/{caseId}/steps/{cancelled}/need", new { needId }, Worker, 409)).ShouldBeCleanProblem(409);
        (await Post($"/api/cases/{caseId}/steps/{Guid.NewGuid()}/need", new { needId }, Worker, 404)).ShouldBeCleanProblem(404);
        (await Post(url, new { needId = Guid.NewGuid() }, Worker, 400)).ErrorFields().ShouldBe(["needId"]);
        (await Post(url, new { needId = healthNeed }, Worker, 400)).ErrorFields().ShouldBe(["needId"]);
        (await Post(url, new { }, Worker, 400)).ErrorFields().ShouldBe(["needId"]);
        (await Post(url, new { needId }, OtherOrgWorker, 404)).ShouldBeCleanProblem(404);
        (await Post(url, new { needId }, Supervisor, 403)).ShouldBeCleanProblem(403);
        (await Post(url, new { needId }, partner, 403)).ShouldBeCleanProblem(403);
        (await Post(url, new { needId, expectedVersion = 2 }, Worker, 409)).ShouldBeCleanProblem(409);
        (await App.AllEventCount()).ShouldBe(before);

        await Post($"/api/cases/{caseId}/close", new { reason = "moved" }, Worker, 200);
        (await Post(url, new { needId }, Worker, 409)).ShouldBeCleanProblem(409);
        (await App.AllEventCount()).ShouldBe(before + 1);
    }

    [Fact]
    public async Task A_step_planned_with_its_need_is_held_to_the_same_rule_as_a_link()
    {
        var caseId = await OpenCase(body: Bodies.NewCase(openedOn: "2026-02-25"));
        var safetyNeed = await RecordNeed(caseId, "safety");
        var before = await App.AllEventCount();
        var steps = $"/api/cases/{caseId}/steps";

        (await Post(steps, new { domain = "housing", title = "Shelter", timeframe = "immediate", status = "done", needId = safetyNeed },
            Worker, 400)).ErrorFields().ShouldBe(["needId"]);
        (await App.AllEventCount()).ShouldBe(before);
        (await Get($"/api/cases/{caseId}", Worker, 200)).Json["needs"]!.AsArray().ShouldHaveSingleItem()!["met"]!.GetValue<bool>()
            .ShouldBeFalse();

        // A case recorded after the fact: its needs are typed in after the steps that met them were done.
        var partner = await PartnerCaseworkerOf(caseId);
        var stepId = await PlanStep(caseId, new
        {
            domain = "safety", title = "Safety plan", timeframe = "immediate", status = "done", completedOn = "2026-02-26", needId = safetyNeed
        }, partner);
        var read = (await Get($"/api/cases/{caseId}", Worker, 200)).Json;
        read["needs"]!.AsArray().ShouldHaveSingleItem()!["met"]!.GetValue<bool>().ShouldBeTrue();
        read["steps"]!.AsArray().ShouldHaveSingleItem()!["needId"]!.GetValue<Guid>().ShouldBe(safetyNeed);
        (await Stream(caseId)).Select(stored => stored.Data).OfType<StepPlanned>().ShouldHaveSingleItem().StepId.ShouldBe(stepId);
    }

    [Fact]
    public async Task A_step_done_before_its_need_was_typed_in_can_be_linked_to_it_as_on_a_case_recorded_after_the_fact()
    {
        var caseId = await OpenCase(body: Bodies.NewCase(openedOn: "2026-02-25"));
        var stepId = await PlanStep(caseId, new { domain = "housing", title = "Night at a hotel", timeframe = "immediate" });
        await Post($"/api/cases/{caseId}/steps/{stepId}/complete", new { completedOn = "2026-02-26" }, Worker, 200);
        var needId = await RecordNeed(caseId);

        await Post($"/api/cases/{caseId}/steps/{stepId}/need", new { needId }, Worker, 200);

        (await Stream(caseId)).Last().Data.ShouldBe(
            new StepLinkedToNeed(caseId, stepId, needId, true, Worker.Sub, AppFixture.StartOfTime));
        (await Get($"/api/cases/{caseId}", Worker, 200)).Json["needs"]!.AsArray().ShouldHaveSingleItem()!["met"]!.GetValue<bool>()
            .ShouldBeTrue();
    }
}
