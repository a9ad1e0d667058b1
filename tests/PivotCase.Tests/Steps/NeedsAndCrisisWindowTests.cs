using PivotCase.Api.Steps;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Steps;

public sealed class NeedsAndCrisisWindowTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task Recording_a_need_appends_it_and_shows_it_unmet()
    {
        var caseId = await OpenCase();

        var response = await Post($"/api/cases/{caseId}/needs",
            new { domain = "housing", timeframe = "immediate", description = "Needs a safe place tonight" }, Worker, 201);

        var needId = response.Json["needId"]!.GetValue<Guid>();
        response.Json["version"]!.GetValue<long>().ShouldBe(2);
        var recorded = (await Stream(caseId)).Last().Data.ShouldBeOfType<NeedRecorded>();
        recorded.NeedId.ShouldBe(needId);
        recorded.Domain.ShouldBe(ServiceDomain.Housing);
        recorded.Timeframe.ShouldBe(Timeframe.Immediate);
        recorded.RecordedBy.ShouldBe(Worker.Sub);

        var need = (await Get($"/api/cases/{caseId}", Worker, 200)).Json["needs"]!.AsArray().ShouldHaveSingleItem()!;
        need["needId"]!.GetValue<Guid>().ShouldBe(needId);
        need["met"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public async Task A_need_is_met_when_a_step_linked_to_it_is_done()
    {
        var caseId = await OpenCase();
        var needId = (await Post($"/api/cases/{caseId}/needs", new { domain = "housing", timeframe = "immediate" }, Worker, 201))
            .Json["needId"]!.GetValue<Guid>();
        var stepId = await PlanStep(caseId, new { domain = "housing", title = "Shelter placement", timeframe = "immediate", needId });

        (await Get($"/api/cases/{caseId}", Worker, 200)).Json["crisis"]!["openImmediateNeeds"]!.AsArray().Count.ShouldBe(1);

        await Post($"/api/cases/{caseId}/steps/{stepId}/complete", new { outcome = "Placed" }, Worker, 200);

        var details = (await Get($"/api/cases/{caseId}", Worker, 200)).Json;
        details["needs"]![0]!["met"]!.GetValue<bool>().ShouldBeTrue();
        details["crisis"]!["openImmediateNeeds"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_step_cannot_be_linked_to_a_need_the_case_does_not_have()
    {
        var caseId = await OpenCase();

        var response = await Post($"/api/cases/{caseId}/steps",
            new { domain = "housing", title = "Shelter", timeframe = "immediate", needId = Guid.NewGuid() }, Worker, 400);

        response.Errors!.ContainsKey("needId").ShouldBeTrue();
        (await Stream(caseId)).Count.ShouldBe(1);
    }

    [Theory]
    [InlineData("{}", "domain")]
    [InlineData("""{"domain":"housing"}""", "timeframe")]
    [InlineData("""{"domain":"spa","timeframe":"immediate"}""", "domain")]
    [InlineData("""{"domain":"housing","timeframe":"someday"}""", "timeframe")]
    public async Task Bad_needs_are_refused_and_append_nothing(string body, string field)
    {
        var caseId = await OpenCase();

        var response = await Post($"/api/cases/{caseId}/needs", body, Worker, 400);

        response.IsProblem.ShouldBeTrue();
        response.Errors!.ContainsKey(field).ShouldBeTrue();
        (await Stream(caseId)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Needs_of_another_organisations_case_are_not_found()
    {
        var caseId = await OpenCase();

        await Post($"/api/cases/{caseId}/needs", new { domain = "housing", timeframe = "immediate" }, OtherOrgWorker, 404);
        await Post($"/api/cases/{caseId}/needs", new { domain = "housing", timeframe = "immediate" }, Supervisor, 403);

        (await Stream(caseId)).Count.ShouldBe(1);
    }

    [Theory]
    [InlineData(71, true)]
    [InlineData(73, false)]
    public async Task The_crisis_window_lasts_72_hours_from_opening(int hoursLater, bool inWindow)
    {
        var caseId = await OpenCase();
        await Post($"/api/cases/{caseId}/needs", new { domain = "safety", timeframe = "immediate" }, Worker, 201);

        App.Clock.Advance(TimeSpan.FromHours(hoursLater));

        var crisis = (await Get($"/api/cases/{caseId}", Worker, 200)).Json["crisis"]!;
        crisis["windowEndsAt"]!.GetValue<DateTimeOffset>().ShouldBe(AppFixture.StartOfTime.AddHours(72));
        crisis["inWindow"]!.GetValue<bool>().ShouldBe(inWindow);
        crisis["hoursLeft"]!.GetValue<double>().ShouldBe(inWindow ? 72 - hoursLater : 0);
        crisis["openImmediateNeeds"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_case_recorded_after_the_fact_follows_its_opening_day()
    {
        var caseId = await OpenCase(body: Bodies.NewCase(openedOn: "2026-02-28"));

        var crisis = (await Get($"/api/cases/{caseId}", Worker, 200)).Json["crisis"]!;

        crisis["windowEndsAt"]!.GetValue<DateTimeOffset>().ShouldBe(new DateTimeOffset(2026, 3, 3, 5, 0, 0, TimeSpan.Zero));
        crisis["inWindow"]!.GetValue<bool>().ShouldBeTrue();
    }
}
