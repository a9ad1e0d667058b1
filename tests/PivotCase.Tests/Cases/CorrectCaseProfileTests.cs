using PivotCase.Api.Cases;
using PivotCase.Api.Dashboards;
using PivotCase.Api.Statistics;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Cases;

/// <summary>
/// The de-identified profile is corrected or completed as the survivor discloses more: the case, its deadlines, the
/// dashboard and the statistics row follow, and the history keeps the profile at opening.
/// </summary>
public sealed class CorrectCaseProfileTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task A_disclosed_exploitation_type_and_a_corrected_age_group_reach_every_read_model()
    {
        var caseId = await OpenCase(body: new
        {
            accessPoint = "police", exploitationTypes = new[] { "forced_labour" }, trafficking = "domestic", ageGroup = "14_17",
            gender = "woman", region = "06"
        });
        (await Get($"/api/cases/{caseId}", Worker, 200)).Json["deadlines"]!.AsArray()
            .ShouldNotContain(deadline => deadline!["kind"]!.GetValue<string>() == "ivac_claim");
        App.Clock.Advance(TimeSpan.FromDays(20));

        var answer = await Post($"/api/cases/{caseId}/profile",
            new { exploitationTypes = new[] { "forced_labour", "forced_criminality" }, ageGroup = "18_24", region = "13", expectedVersion = 1 },
            Worker, 200);

        answer.Json["version"]!.GetValue<long>().ShouldBe(2);
        var corrected = (await Stream(caseId))[^1].Data.ShouldBeOfType<CaseProfileCorrected>();
        corrected.ExploitationTypes.ShouldBe([ExploitationType.ForcedLabour, ExploitationType.ForcedCriminality]);
        (corrected.CaseId, corrected.AccessPoint, corrected.Trafficking, corrected.AgeGroup, corrected.Gender, corrected.Region,
                corrected.CorrectedBy, corrected.CorrectedAt)
            .ShouldBe((caseId, AccessPoint.Police, TraffickingScope.Domestic, AgeGroup.From18To24, Gender.Woman, "13", Worker.Sub,
                AppFixture.StartOfTime.AddDays(20)));

        var view = (await Get($"/api/cases/{caseId}", Worker, 200)).Json;
        view["exploitationTypes"]!.AsArray().Select(type => type!.GetValue<string>()).ShouldBe(["forced_labour", "forced_criminality"]);
        view["ageGroup"]!.GetValue<string>().ShouldBe("18_24");
        view["region"]!.GetValue<string>().ShouldBe("13");
        view["accessPoint"]!.GetValue<string>().ShouldBe("police");
        view["deadlines"]!.AsArray().ShouldContain(deadline => deadline!["kind"]!.GetValue<string>() == "ivac_claim");

        await ProjectionsCaughtUp();
        var row = (await Load<StatisticalCase>(caseId)).ShouldNotBeNull();
        (row.Region, row.AgeGroup).ShouldBe(("13", AgeGroup.From18To24));
        row.ExploitationTypes.ShouldBe([ExploitationType.ForcedLabour, ExploitationType.ForcedCriminality]);
        var entry = (await Load<CaseloadEntry>(caseId)).ShouldNotBeNull();
        entry.AgeGroup.ShouldBe(AgeGroup.From18To24);
        entry.ExploitationTypes.ShouldBe([ExploitationType.ForcedLabour, ExploitationType.ForcedCriminality]);
        entry.Deadlines().ShouldContain(deadline => deadline.Kind == DeadlineKind.IvacClaim);
        entry.LastStepAt.ShouldBe(AppFixture.StartOfTime.AddDays(20));

        var history = (await Get($"/api/cases/{caseId}/history", Worker, 200)).Json.AsArray();
        history[0]!["summary"]!.GetValue<string>().ShouldContain("region 06");
        history[1]!["summary"]!.GetValue<string>().ShouldBe(
            "Profile corrected: access point police (forced_labour, forced_criminality), domestic, age group 18_24, gender woman, region 13");
    }

    [Fact]
    public async Task A_profile_that_already_says_so_appends_nothing()
    {
        var caseId = await OpenCase();

        (await Post($"/api/cases/{caseId}/profile", new { exploitationTypes = new[] { "forced_labour", "sexual_exploitation" }, gender = "woman" },
            Worker, 200)).Json["version"]!.GetValue<long>().ShouldBe(1);

        (await Stream(caseId)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task An_age_group_that_contradicts_the_date_of_birth_is_refused()
    {
        var caseId = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails, openedOn: "2026-03-01"));

        var refused = await Post($"/api/cases/{caseId}/profile", new { ageGroup = "25_34" }, Worker, 400);

        refused.ErrorFields().ShouldBe(["ageGroup"]);
        refused.Body.ShouldNotContain(Bodies.Canary, Shouldly.Case.Insensitive);
        refused.Body.ShouldNotContain("2004");
        (await Post($"/api/cases/{caseId}/profile", new { ageGroup = "18_24", gender = "undisclosed" }, Worker, 200))
            .Json["version"]!.GetValue<long>().ShouldBe(2);
    }

    [Fact]
    public async Task Bad_corrections_and_callers_who_may_not_correct_leave_no_event()
    {
        var caseId = await OpenCase();
        var url = $"/api/cases/{caseId}/profile";
        var before = await App.AllEventCount();

        (await Post(url, new { }, Worker, 400)).ErrorFields().ShouldBe(["profile"]);
        (await Post(url, new { exploitationTypes = Array.Empty<string>() }, Worker, 400)).ErrorFields().ShouldBe(["exploitationTypes"]);
        (await Post(url, new { exploitationTypes = new[] { "forced_labour", "forced_labour" } }, Worker, 400)).ErrorFields()
            .ShouldBe(["exploitationTypes"]);
        (await Post(url, new { region = "18" }, Worker, 400)).ErrorFields().ShouldBe(["region"]);
        (await Post(url, new { gender = "unknown" }, Worker, 400)).ShouldBeCleanProblem(400);
        (await Post(url, new { region = "13" }, OtherOrgWorker, 404)).ShouldBeCleanProblem(404);
        (await Post(url, new { region = "13" }, Supervisor, 403)).ShouldBeCleanProblem(403);
        (await App.AllEventCount()).ShouldBe(before);
        var partner = await PartnerCaseworkerOf(caseId);
        before = await App.AllEventCount();
        (await Post(url, new { region = "13" }, partner, 403)).ShouldBeCleanProblem(403);
        (await Post(url, new { region = "13", expectedVersion = 3 }, Worker, 409)).ShouldBeCleanProblem(409);
        (await App.AllEventCount()).ShouldBe(before);

        await Post($"/api/cases/{caseId}/close", new { reason = "moved" }, Worker, 200);
        (await Post(url, new { region = "13" }, Worker, 409)).ShouldBeCleanProblem(409);
        (await App.AllEventCount()).ShouldBe(before + 1);
    }
}
