using PivotCase.Api.Cases;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Cases;

public sealed class ListCasesTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task Only_the_callers_organisation_cases_are_listed()
    {
        var mine1 = await OpenCase(Worker);
        var mine2 = await OpenCase(TestUser.Caseworker("cathii", "worker-2"));
        var theirs = await OpenCase(OtherOrgWorker);

        var response = await Get("/api/cases", Worker, 200);

        Ids(response).ShouldBe([mine1, mine2], ignoreOrder: true);
        response.Json["totalCount"]!.GetValue<long>().ShouldBe(2);
        response.Body.ShouldNotContain(theirs.ToString());

        var other = await Get("/api/cases", OtherOrgWorker, 200);
        Ids(other).ShouldBe([theirs]);
        other.Json["totalCount"]!.GetValue<long>().ShouldBe(1);

        (await Load<CaseDetails>(theirs)).ShouldNotBeNull().Organization.ShouldBe("autre");
    }

    [Fact]
    public async Task A_supervisor_lists_the_organisations_cases()
    {
        var mine = await OpenCase(Worker);
        await OpenCase(OtherOrgWorker);

        var response = await Get("/api/cases", Supervisor, 200);

        Ids(response).ShouldBe([mine]);
    }

    [Fact]
    public async Task A_summary_describes_the_case_without_personal_details()
    {
        var id = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));
        await PlanStep(id);

        var response = await Get("/api/cases", Worker, 200);

        var item = response.Json["items"]!.AsArray().ShouldHaveSingleItem()!.AsObject();
        item["id"]!.GetValue<Guid>().ShouldBe(id);
        item["version"]!.GetValue<long>().ShouldBe(2);
        item["status"]!.GetValue<string>().ShouldBe("open");
        item["pivotWorker"]!.GetValue<string>().ShouldBe(Worker.Sub);
        item["region"]!.GetValue<string>().ShouldBe("06");
        item.ContainsKey("personalDetails").ShouldBeFalse();
        response.Body.ShouldNotContain(Bodies.Canary, Shouldly.Case.Insensitive);
        response.Body.ShouldNotContain("Marie-Ange");
        response.Body.ShouldNotContain("514-555-0199");
        response.Body.ShouldNotContain("2004-05-06");
    }

    [Fact]
    public async Task Cases_are_filtered_by_status()
    {
        var open = await OpenCase();
        var closed = await OpenCase();
        await Post($"/api/cases/{closed}/close", new { reason = "goals_met" }, Worker, 200);
        (await Load<CaseDetails>(closed)).ShouldNotBeNull().Status.ShouldBe(CaseStatus.Closed);

        Ids(await Get("/api/cases?status=open", Worker, 200)).ShouldBe([open]);
        Ids(await Get("/api/cases?status=closed", Worker, 200)).ShouldBe([closed]);
        Ids(await Get("/api/cases", Worker, 200)).ShouldBe([open, closed], ignoreOrder: true);

        var closedPage = await Get("/api/cases?status=closed", Worker, 200);
        closedPage.Json["totalCount"]!.GetValue<long>().ShouldBe(1);
        closedPage.Json["items"]![0]!["status"]!.GetValue<string>().ShouldBe("closed");
    }

    [Fact]
    public async Task Cases_are_paged()
    {
        using var clock = App.ClockAt(AppFixture.StartOfTime);
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await OpenCase());
            App.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var first = await Get("/api/cases?page=1&pageSize=2", Worker, 200);
        var second = await Get("/api/cases?page=2&pageSize=2", Worker, 200);
        var third = await Get("/api/cases?page=3&pageSize=2", Worker, 200);
        var beyond = await Get("/api/cases?page=4&pageSize=2", Worker, 200);

        first.Json["page"]!.GetValue<int>().ShouldBe(1);
        first.Json["pageSize"]!.GetValue<int>().ShouldBe(2);
        first.Json["totalCount"]!.GetValue<long>().ShouldBe(5);
        second.Json["page"]!.GetValue<int>().ShouldBe(2);
        third.Json["totalCount"]!.GetValue<long>().ShouldBe(5);
        Ids(first).Length.ShouldBe(2);
        Ids(second).Length.ShouldBe(2);
        Ids(third).Length.ShouldBe(1);
        Ids(beyond).ShouldBeEmpty();
        beyond.Json["totalCount"]!.GetValue<long>().ShouldBe(5);
        Ids(first).Concat(Ids(second)).Concat(Ids(third)).ShouldBe(ids, ignoreOrder: true);
    }

    [Fact]
    public async Task Paging_covers_every_case_once_when_cases_share_an_opening_instant()
    {
        // Cases recorded after the fact for the same day all start at midnight: the order must still be total.
        var ids = new List<Guid>();
        for (var i = 0; i < 7; i++) ids.Add(await OpenCase(body: Bodies.NewCase(openedOn: "2026-02-20")));

        var seen = new List<Guid>();
        for (var page = 1; page <= 4; page++)
            seen.AddRange(Ids(await Get($"/api/cases?page={page}&pageSize=2", Worker, 200)));

        seen.ShouldBe(ids, ignoreOrder: true);
    }

    [Fact]
    public async Task The_default_page_is_the_first()
    {
        await OpenCase();

        var response = await Get("/api/cases", Worker, 200);

        response.Json["page"]!.GetValue<int>().ShouldBe(1);
        response.Json["pageSize"]!.GetValue<int>().ShouldBeGreaterThan(0);
        response.Json["totalCount"]!.GetValue<long>().ShouldBe(1);
    }

    [Theory]
    [InlineData("status=archived")]
    [InlineData("status=2")]
    [InlineData("status=open,closed")]
    [InlineData("pageSize=0")]
    [InlineData("pageSize=1000")]
    [InlineData("pageSize=-1")]
    [InlineData("page=0")]
    [InlineData("page=2147483647")]
    [InlineData("page=10737419&pageSize=200")]
    [InlineData("page=abc")]
    [InlineData("pageSize=ten")]
    public async Task Invalid_query_values_are_400(string query)
    {
        await OpenCase();

        var response = await Get($"/api/cases?{query}", Worker);

        response.Status.ShouldBe(400, response.Body);
        response.ShouldNotLeakInternals();
    }

    [Theory]
    [InlineData("status=archived", "status")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=1000", "pageSize")]
    [InlineData("page=0", "page")]
    public async Task Invalid_query_values_are_named_in_a_problem(string query, string field)
    {
        var response = await Get($"/api/cases?{query}", Worker);

        response.ShouldBeCleanProblem(400);
        response.ErrorFields().ShouldContain(field);
    }

    [Fact]
    public async Task An_unparseable_page_is_a_problem()
    {
        var response = await Get("/api/cases?page=abc", Worker);

        response.ShouldBeCleanProblem(400);
    }

    [Fact]
    public async Task Researchers_and_coordinators_are_forbidden_and_anonymous_callers_unauthorised()
    {
        await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));

        var researcher = await Get("/api/cases", CaseTestKit.Researcher);
        researcher.ShouldBeCleanProblem(403);
        researcher.Body.ShouldNotContain(Bodies.Canary, Shouldly.Case.Insensitive);
        (await Get("/api/cases", CaseTestKit.Coordinator)).ShouldBeCleanProblem(403);
        (await Get("/api/cases", null)).Status.ShouldBe(401);
    }

    private static Guid[] Ids(ApiResponse response) =>
        response.Json["items"].ShouldNotBeNull().AsArray().Select(item => item!["id"]!.GetValue<Guid>()).ToArray();
}
