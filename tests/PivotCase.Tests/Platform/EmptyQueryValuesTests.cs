using PivotCase.Tests.Directory;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Platform;

/// <summary>A blank filter, as a client filling in api.md's query templates sends it, is no filter.</summary>
public sealed class EmptyQueryValuesTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task Blank_filters_answer_as_if_they_were_left_out()
    {
        await Post("/api/directory/organizations", Organizations.Body("maison"), TestUser.Coordinator(), 201);
        var caseId = await OpenCase();

        (await Get("/api/directory/organizations?domain=&region=&available24h=&language=", Worker, 200)).Body
            .ShouldBe((await Get("/api/directory/organizations", Worker, 200)).Body);
        var cases = (await Get("/api/cases?status=&page=&pageSize=", Worker, 200)).Json;
        cases["items"]!.AsArray().Select(item => item!["id"]!.GetValue<Guid>()).ShouldBe([caseId]);
        cases["page"]!.GetValue<int>().ShouldBe(1);
        (await Get("/api/referrals/incoming?status=", Worker, 200)).Json.AsArray().ShouldBeEmpty();
        (await Get("/api/statistics/cases?groupBy=&from=&to=", TestUser.Researcher(), 200)).Body
            .ShouldBe((await Get("/api/statistics/cases", TestUser.Researcher(), 200)).Body);
    }

    [Fact]
    public async Task A_filter_given_once_blank_and_once_with_a_value_keeps_its_value()
    {
        await Post("/api/directory/organizations", Organizations.Body("maison"), TestUser.Coordinator(), 201);

        (await Get("/api/directory/organizations?region=&region=zz", Worker)).Status.ShouldBe(400);
        (await Get("/api/cases?status=nonsense", Worker)).Status.ShouldBe(400);
    }
}
