using PivotCase.Tests.Support;

namespace PivotCase.Tests.Statistics;

public sealed class StatisticsAccessTests(AppFixture app) : StatisticsTest(app)
{
    public static TheoryData<string> Endpoints => new(
        "/api/statistics/cases?groupBy=region", "/api/statistics/services", "/api/statistics/recovery");

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Researchers_and_coordinators_read_statistics_and_no_other_role_does(string url)
    {
        await Get(url, Researcher, 200);
        await Get(url, Coordinator, 200);
        (await Get(url, Worker, 403)).IsProblem.ShouldBeTrue();
        (await Get(url, Supervisor, 403)).IsProblem.ShouldBeTrue();
        await Get(url, null, 401);
    }

    [Fact]
    public async Task Researchers_never_reach_a_case()
    {
        var caseId = await OpenCase(new Profile("06", "domestic", "woman", "25_34", ["forced_labour"]));
        var researcher = TestUser.Researcher(Worker.Organization);

        await Get($"/api/cases/{caseId}", researcher, 403);
        await Get($"/api/cases/{caseId}/history", researcher, 403);
        await Get($"/api/cases/{caseId}/recovery", researcher, 403);
        await Get("/api/cases", researcher, 403);
        await Post("/api/cases", Bodies.NewCase(), researcher, 403);
    }

    public static TheoryData<string, string> InvalidQueries => new()
    {
        { "groupBy=name", "groupBy" },
        { "groupBy=region,", "groupBy" },
        { "groupBy=region,gender,year", "groupBy" },
        { "groupBy=region,region", "groupBy" },
        { "groupBy=Region", "groupBy" },
        { "from=2026-02-30", "from" },
        { "from=02/03/2026", "from" },
        { "to=2026", "to" },
        { "from=2026-06-01&to=2026-01-31", "to" },
        { "to=2027-01-01", "to" },
        { "from=2027-01-01", "from" },
        { "from=1950-01-01", "from" }
    };

    [Theory]
    [MemberData(nameof(InvalidQueries))]
    public async Task Unknown_dimensions_more_than_two_and_invalid_periods_are_refused(string query, string field)
    {
        var response = await Get($"/api/statistics/cases?{query}", Researcher, 400);

        response.IsProblem.ShouldBeTrue();
        response.Errors!.ContainsKey(field).ShouldBeTrue(response.Body);
    }

    [Fact]
    public async Task Without_grouping_the_answer_is_the_total_alone()
    {
        await OpenCase(new Profile("06", "domestic", "woman", "25_34", ["forced_labour"]));

        var answer = await Statistics("/api/statistics/cases");

        answer["cells"]!.AsArray().ShouldBeEmpty();
        answer["total"].ShouldBeNull();
        answer["totalSuppressed"]!.GetValue<bool>().ShouldBeTrue();
    }
}
