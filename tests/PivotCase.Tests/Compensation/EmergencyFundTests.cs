using PivotCase.Api.Compensation;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Compensation;

public sealed class EmergencyFundTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task Disbursements_are_recorded_and_totalled()
    {
        var caseId = await OpenCase(body: Bodies.NewCase(openedOn: "2026-02-27"));

        await Post($"/api/cases/{caseId}/emergency-fund", new { amount = 45.50m, category = "transport", on = "2026-03-01" }, Worker, 201);
        var response = await Post($"/api/cases/{caseId}/emergency-fund", new { amount = 120m, category = "lodging", on = "2026-03-02" }, Worker, 201);

        response.Json["version"]!.GetValue<long>().ShouldBe(3);
        var disbursed = (await Stream(caseId)).Last().Data.ShouldBeOfType<EmergencyFundDisbursed>();
        disbursed.Amount.ShouldBe(120m);
        disbursed.Category.ShouldBe(FundCategory.Lodging);
        var fund = (await Get($"/api/cases/{caseId}", Worker, 200)).Json["emergencyFund"]!;
        fund["total"]!.GetValue<decimal>().ShouldBe(165.50m);
        fund["disbursements"]!.AsArray().Count.ShouldBe(2);
    }

    [Theory]
    [InlineData("""{"amount":0,"category":"transport","on":"2026-03-01"}""", "amount")]
    [InlineData("""{"amount":-5,"category":"transport","on":"2026-03-01"}""", "amount")]
    [InlineData("""{"amount":10.555,"category":"transport","on":"2026-03-01"}""", "amount")]
    [InlineData("""{"amount":"lots","category":"transport","on":"2026-03-01"}""", "amount")]
    [InlineData("""{"amount":10,"category":"casino","on":"2026-03-01"}""", "category")]
    [InlineData("""{"amount":10,"category":"transport","on":"2027-01-01"}""", "on")]
    [InlineData("""{"amount":10,"category":"transport","on":"2026-03-01"}""", "on")]
    public async Task Bad_disbursements_are_refused(string body, string field)
    {
        var caseId = await OpenCase();

        (await Post($"/api/cases/{caseId}/emergency-fund", body, Worker, 400)).Errors!.ContainsKey(field).ShouldBeTrue();

        (await Stream(caseId)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Compensation_and_fund_writes_follow_the_access_rule()
    {
        var caseId = await OpenCase();

        await Post($"/api/cases/{caseId}/emergency-fund", new { amount = 10, category = "transport", on = "2026-03-01" }, OtherOrgWorker, 404);
        await Post($"/api/cases/{caseId}/compensation", new { kind = "claim_filed", on = "2026-03-01" }, OtherOrgWorker, 404);
        await Post($"/api/cases/{caseId}/compensation", new { kind = "claim_filed", on = "2026-03-01" }, TestUser.Researcher(), 403);

        (await Stream(caseId)).Count.ShouldBe(1);
    }
}
