using System.Text.Json.Nodes;
using PivotCase.Api.Cases;
using PivotCase.Api.Compensation;
using PivotCase.Api.Dashboards;
using PivotCase.Api.Immigration;
using PivotCase.Tests.Cases;
using PivotCase.Tests.Support;
using Case = PivotCase.Api.Cases.Case;

namespace PivotCase.Tests.Immigration;

/// <summary>
/// An immigration, IVAC or emergency-fund entry recorded by mistake is voided by its own route: the case, its deadlines
/// and the dashboard are computed again without it, and the history keeps both events.
/// </summary>
public sealed class VoidEntryTests(AppFixture app) : IntegrationTest(app)
{
    private static readonly object ForcedLabourAdult = new
    {
        accessPoint = "community", exploitationTypes = new[] { "forced_labour" }, trafficking = "international",
        ageGroup = "25_34", gender = "man", region = "06"
    };

    private async Task<Guid> Record(Guid caseId, string route, object body, string id = "entryId") =>
        (await Post($"/api/cases/{caseId}/{route}", body, Worker, 201)).Json[id]!.GetValue<Guid>();

    private static IEnumerable<string> Kinds(JsonNode caseView) =>
        caseView["deadlines"]!.AsArray().Select(deadline => deadline!["kind"]!.GetValue<string>());

    [Fact]
    public async Task A_removal_order_recorded_on_the_wrong_case_is_voided_and_its_deadline_goes_with_it()
    {
        var caseId = await OpenCase(body: ForcedLabourAdult);
        await Record(caseId, "immigration", new { kind = "trp_issued", on = "2026-02-01", validUntil = "2027-02-01" });
        var mistaken = await Record(caseId, "immigration", new { kind = "removal_order", on = "2026-03-01" });
        Kinds((await Get($"/api/cases/{caseId}", Worker, 200)).Json).ShouldContain("removal_order_challenge");
        App.Clock.Advance(TimeSpan.FromMinutes(2));

        var voided = await Post($"/api/cases/{caseId}/immigration/{mistaken}/void", new { reason = "wrong_case", expectedVersion = 3 }, Worker, 200);

        voided.Json["version"]!.GetValue<long>().ShouldBe(4);
        (await Stream(caseId))[^1].Data.ShouldBe(new ImmigrationEntryVoided(caseId, mistaken, EntryVoidReason.WrongCase, Worker.Sub,
            AppFixture.StartOfTime.AddMinutes(2)));
        var view = (await Get($"/api/cases/{caseId}", Worker, 200)).Json;
        view["immigration"]!["status"]!.GetValue<string>().ShouldBe("trp_issued");
        view["immigration"]!["removalOrderOn"].ShouldBeNull();
        view["immigration"]!["entries"]!.AsArray().ShouldHaveSingleItem();
        Kinds(view).ShouldNotContain("removal_order_challenge");
        Kinds(view).ShouldContain("trp_expiry");
        (await Load<Case>(caseId)).ShouldNotBeNull().Entries.ShouldHaveSingleItem().Value.ShouldBe(CaseEntryKind.Immigration);

        await ProjectionsCaughtUp();
        (await Load<CaseloadEntry>(caseId)).ShouldNotBeNull().Immigration.RemovalOrderOn.ShouldBeNull();
        (await Get("/api/dashboard", Supervisor, 200)).Json["deadlines"]!.AsArray()
            .ShouldNotContain(deadline => deadline!["kind"]!.GetValue<string>() == "removal_order_challenge");
        (await Get($"/api/cases/{caseId}/history", Worker, 200)).Json.AsArray()[^1]!["summary"]!.GetValue<string>()
            .ShouldBe($"Immigration entry {mistaken} voided (wrong_case)");
    }

    [Fact]
    public async Task A_claim_recorded_by_mistake_is_voided_and_the_ivac_deadline_comes_back()
    {
        var caseId = await OpenCase(body: ForcedLabourAdult);
        var claim = await Record(caseId, "compensation", new { kind = "claim_filed", on = "2026-03-01" });
        Kinds((await Get($"/api/cases/{caseId}", Worker, 200)).Json).ShouldNotContain("ivac_claim");

        await Post($"/api/cases/{caseId}/compensation/{claim}/void", new { reason = "wrong_case" }, Worker, 200);

        var view = (await Get($"/api/cases/{caseId}", Worker, 200)).Json;
        Kinds(view).ShouldContain("ivac_claim");
        view["compensation"]!["status"].ShouldBeNull();
        view["compensation"]!["entries"]!.AsArray().ShouldBeEmpty();
        (await Stream(caseId))[^1].Data.ShouldBeOfType<CompensationEntryVoided>().EntryId.ShouldBe(claim);
        await ProjectionsCaughtUp();
        (await Load<CaseloadEntry>(caseId)).ShouldNotBeNull().Compensation.Status.ShouldBeNull();
    }

    [Fact]
    public async Task A_disbursement_recorded_twice_leaves_the_emergency_fund_total_once_voided()
    {
        var caseId = await OpenCase();
        var kept = await Record(caseId, "emergency-fund", new { amount = 40m, category = "transport", on = "2026-03-02" }, "disbursementId");
        var twice = await Record(caseId, "emergency-fund", new { amount = 40m, category = "transport", on = "2026-03-02" }, "disbursementId");

        await Post($"/api/cases/{caseId}/emergency-fund/{twice}/void", new { reason = "duplicate" }, Worker, 200);

        var fund = (await Get($"/api/cases/{caseId}", Worker, 200)).Json["emergencyFund"]!;
        fund["total"]!.GetValue<decimal>().ShouldBe(40m);
        fund["disbursements"]!.AsArray().ShouldHaveSingleItem()!["disbursementId"]!.GetValue<Guid>().ShouldBe(kept);
        (await Stream(caseId))[^1].Data.ShouldBe(new DisbursementVoided(caseId, twice, EntryVoidReason.Duplicate, Worker.Sub,
            AppFixture.StartOfTime));
    }

    [Fact]
    public async Task Voiding_is_refused_without_a_trace_for_the_wrong_route_an_entry_not_in_force_or_a_caller_who_may_not()
    {
        var caseId = await OpenCase(body: ForcedLabourAdult);
        var permit = await Record(caseId, "immigration", new { kind = "work_permit_issued", on = "2026-03-01", validUntil = "2027-03-01" });
        var voided = await Record(caseId, "immigration", new { kind = "other", on = "2026-03-01" });
        await Post($"/api/cases/{caseId}/immigration/{voided}/void", new { reason = "other" }, Worker, 200);
        var before = await App.AllEventCount();
        var url = $"/api/cases/{caseId}/immigration/{permit}/void";

        (await Post($"/api/cases/{caseId}/compensation/{permit}/void", new { reason = "other" }, Worker, 404)).ShouldBeCleanProblem(404);
        (await Post($"/api/cases/{caseId}/emergency-fund/{permit}/void", new { reason = "other" }, Worker, 404)).ShouldBeCleanProblem(404);
        (await Post($"/api/cases/{caseId}/immigration/{voided}/void", new { reason = "other" }, Worker, 404)).ShouldBeCleanProblem(404);
        (await Post($"/api/cases/{caseId}/immigration/{Guid.NewGuid()}/void", new { reason = "other" }, Worker, 404)).ShouldBeCleanProblem(404);
        (await Post(url, new { reason = "other" }, OtherOrgWorker, 404)).ShouldBeCleanProblem(404);
        (await Post(url, new { reason = "other" }, Supervisor, 403)).ShouldBeCleanProblem(403);
        var partner = await PartnerCaseworkerOf(caseId);
        before = await App.AllEventCount();
        (await Post(url, new { reason = "other", expectedVersion = 6 }, partner, 403)).ShouldBeCleanProblem(403);
        (await Post(url, new { }, Worker, 400)).ErrorFields().ShouldBe(["reason"]);
        (await Post(url, new { reason = "misclick" }, Worker, 400)).ShouldBeCleanProblem(400);
        (await Post(url, new { reason = "other", expectedVersion = 2 }, Worker, 409)).ShouldBeCleanProblem(409);
        (await Get($"/api/cases/{caseId}", partner, 200)).Json["version"]!.GetValue<long>().ShouldBe(7);
        await Post($"/api/cases/{caseId}/close", new { reason = "moved" }, Worker, 200);
        (await Post(url, new { reason = "other" }, Worker, 409)).ShouldBeCleanProblem(409);

        (await App.AllEventCount()).ShouldBe(before + 1);
        (await Get($"/api/cases/{caseId}", Worker, 200)).Json["immigration"]!["workPermitValidUntil"]!.GetValue<string>().ShouldBe("2027-03-01");
    }
}
