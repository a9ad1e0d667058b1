using System.Text.Json.Nodes;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using PivotCase.Api.Recovery;
using PivotCase.Tests.Cases;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Recovery;

public sealed class GetRecoveryTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task A_case_without_assessments_has_no_baseline_yet()
    {
        var caseId = await OpenCase();

        var recovery = (await Get($"/api/cases/{caseId}/recovery", Worker, 200)).Json;

        recovery["baseline"].ShouldBeNull();
        recovery["latest"].ShouldBeNull();
        recovery["change"]!.AsObject().ShouldBeEmpty();
        recovery["trajectory"]!.AsArray().ShouldBeEmpty();
        recovery["monthsInCare"]!.GetValue<int>().ShouldBe(0);
    }

    [Fact]
    public async Task A_single_assessment_is_both_baseline_and_latest_with_no_change()
    {
        var caseId = await OpenCase();
        await Post($"/api/cases/{caseId}/assessments", RecoveryBodies.Assessment(scores: new { safety = 2, basic_needs = 4 }), Worker, 201);

        var recovery = (await Get($"/api/cases/{caseId}/recovery", Worker, 200)).Json;

        recovery["baseline"]!["assessedOn"]!.GetValue<string>().ShouldBe("2026-03-02");
        recovery["latest"]!["assessedOn"]!.GetValue<string>().ShouldBe("2026-03-02");
        Scores(recovery["latest"]!).ShouldBe(new Dictionary<string, int> { ["safety"] = 2, ["basic_needs"] = 4 }, ignoreOrder: true);
        Scores(recovery, "change").ShouldBe(new Dictionary<string, int> { ["safety"] = 0, ["basic_needs"] = 0 }, ignoreOrder: true);
        recovery["trajectory"]!.AsArray().ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Baseline_and_latest_follow_the_assessment_days_not_the_recording_order()
    {
        var caseId = await OpenCase(body: Bodies.NewCase(openedOn: "2025-09-01"));
        await Post($"/api/cases/{caseId}/assessments",
            RecoveryBodies.Assessment("2026-03-01", new { safety = 4, housing = 4, income = 2 }), Worker, 201);
        await Post($"/api/cases/{caseId}/assessments",
            RecoveryBodies.Assessment("2025-09-15", new { safety = 1, housing = 2, mental_health = 2 }), Worker, 201);
        await Post($"/api/cases/{caseId}/assessments",
            RecoveryBodies.Assessment("2025-12-01", new { safety = 3, housing = 3 }), Worker, 201);

        var recovery = (await Get($"/api/cases/{caseId}/recovery", Worker, 200)).Json;

        recovery["baseline"]!["assessedOn"]!.GetValue<string>().ShouldBe("2025-09-15");
        recovery["latest"]!["assessedOn"]!.GetValue<string>().ShouldBe("2026-03-01");
        Scores(recovery, "change").ShouldBe(new Dictionary<string, int> { ["safety"] = 3, ["housing"] = 2 }, ignoreOrder: true);
        recovery["trajectory"]!.AsArray().Select(point => point!["assessedOn"]!.GetValue<string>())
            .ShouldBe(["2025-09-15", "2025-12-01", "2026-03-01"]);
        Scores(recovery["trajectory"]![1]!).ShouldBe(new Dictionary<string, int> { ["safety"] = 3, ["housing"] = 3 }, ignoreOrder: true);
        recovery["monthsInCare"]!.GetValue<int>().ShouldBe(6);
    }

    [Fact]
    public async Task Months_in_care_count_whole_months_to_today()
    {
        var caseId = await OpenCase();

        App.Clock.SetUtcNow(new DateTimeOffset(2026, 9, 1, 15, 0, 0, TimeSpan.Zero));
        (await Get($"/api/cases/{caseId}/recovery", Worker, 200)).Json["monthsInCare"]!.GetValue<int>().ShouldBe(5);

        App.Clock.Advance(TimeSpan.FromDays(1));
        (await Get($"/api/cases/{caseId}/recovery", Worker, 200)).Json["monthsInCare"]!.GetValue<int>().ShouldBe(6);
    }

    [Fact]
    public async Task Months_in_care_stop_at_the_closing_day_and_count_again_once_reopened()
    {
        var caseId = await OpenCase();
        // 2026-05-02 01:00 UTC is still the 1st in Quebec: two months have not passed yet on the closing day.
        App.Clock.SetUtcNow(new DateTimeOffset(2026, 5, 2, 1, 0, 0, TimeSpan.Zero));
        await Post($"/api/cases/{caseId}/close", new { reason = "goals_met" }, Worker, 200);

        App.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 10, 15, 0, 0, TimeSpan.Zero));
        (await Get($"/api/cases/{caseId}/recovery", Worker, 200)).Json["monthsInCare"]!.GetValue<int>().ShouldBe(1);
        (await Get($"/api/cases/{caseId}/recovery", Supervisor, 200)).Json["monthsInCare"]!.GetValue<int>().ShouldBe(1);
        (await Get($"/api/cases/{caseId}/export", Worker, 200)).Json["recovery"]!["monthsInCare"]!.GetValue<int>().ShouldBe(1);

        await Post($"/api/cases/{caseId}/reopen", new { }, Worker, 200);
        (await Get($"/api/cases/{caseId}/recovery", Worker, 200)).Json["monthsInCare"]!.GetValue<int>().ShouldBe(10);
        (await Stream(caseId)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_case_recorded_before_the_projection_existed_is_not_found_until_it_is_rebuilt()
    {
        var caseId = await OpenCase();
        await using (var session = App.Host.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Delete<RecoveryProgress>(caseId);
            await session.SaveChangesAsync();
        }

        (await Get($"/api/cases/{caseId}/recovery", Worker, 404)).ShouldBeCleanProblem(404);

        var store = App.Host.Services.GetRequiredService<IDocumentStore>();
        using (var daemon = await store.BuildProjectionDaemonAsync())
        {
            await daemon.RebuildProjectionAsync(nameof(RecoveryProgress), TimeSpan.FromMinutes(1), CancellationToken.None);
            await daemon.StopAllAsync();
        }

        var rebuilt = (await Get($"/api/cases/{caseId}/recovery", Worker, 200)).Json;
        rebuilt["trajectory"]!.AsArray().ShouldBeEmpty();
        rebuilt["monthsInCare"]!.GetValue<int>().ShouldBe(0);
    }

    private static Dictionary<string, int> Scores(JsonNode node, string property = "scores") =>
        node[property]!.AsObject().ToDictionary(pair => pair.Key, pair => pair.Value!.GetValue<int>());
}
