using PivotCase.Tests.Support;

namespace PivotCase.Tests.Directory;

public sealed class ReadDirectoryTests(AppFixture app) : DirectoryTest(app)
{
    private const string Url = "/api/directory/organizations";

    private async Task RegisterCoalition()
    {
        await Register(Organizations.Body("shelter-mtl", "shelter", ["06"], ["fr", "en"], ("housing", true), ("basic_needs", false)));
        await Register(Organizations.Body("shelter-qc", "shelter", ["03"], ["fr"], ("housing", false)));
        await Register(Organizations.Body("legal-clinic", "legal_aid", ["06", "13"], ["en", "es"], ("legal", false), ("immigration", false)));
        await Register(Organizations.Body("crisis-line", "health", ["03", "06"], ["fr", "en"], ("mental_health", true), ("housing", false)));
    }

    private async Task<string[]> Codes(string query, TestUser? user = null)
    {
        var response = await Get(Url + query, user ?? Worker, 200);
        return response.Json.AsArray().Select(organization => organization!["code"]!.GetValue<string>()).ToArray();
    }

    [Fact]
    public async Task Without_filters_every_member_is_listed_by_code_with_services_and_contact()
    {
        await RegisterCoalition();

        var response = await Get(Url, Supervisor, 200);

        var members = response.Json.AsArray();
        members.Select(member => member!["code"]!.GetValue<string>())
            .ShouldBe(["crisis-line", "legal-clinic", "shelter-mtl", "shelter-qc"]);
        members[2]!["contact"]!["phone"]!.GetValue<string>().ShouldBe("514-555-0100");
        members[2]!["services"]!.AsArray().Count.ShouldBe(2);
    }

    [Theory]
    [InlineData("?domain=housing", new[] { "crisis-line", "shelter-mtl", "shelter-qc" })]
    [InlineData("?domain=basic_needs", new[] { "shelter-mtl" })]
    [InlineData("?domain=compensation", new string[0])]
    [InlineData("?region=03", new[] { "crisis-line", "shelter-qc" })]
    [InlineData("?region=13", new[] { "legal-clinic" })]
    [InlineData("?available24h=true", new[] { "crisis-line", "shelter-mtl" })]
    [InlineData("?available24h=false", new[] { "crisis-line", "legal-clinic", "shelter-mtl", "shelter-qc" })]
    [InlineData("?language=es", new[] { "legal-clinic" })]
    [InlineData("?language=fr", new[] { "crisis-line", "shelter-mtl", "shelter-qc" })]
    public async Task Each_filter_narrows_the_list(string query, string[] expected)
    {
        await RegisterCoalition();

        (await Codes(query)).ShouldBe(expected);
    }

    [Theory]
    [InlineData("?domain=housing&region=06", new[] { "crisis-line", "shelter-mtl" })]
    [InlineData("?domain=housing&available24h=true", new[] { "shelter-mtl" })]
    [InlineData("?domain=mental_health&available24h=true&region=03&language=fr", new[] { "crisis-line" })]
    [InlineData("?domain=housing&region=03&language=en", new[] { "crisis-line" })]
    [InlineData("?domain=legal&language=fr", new string[0])]
    public async Task Filters_combine_with_and_and_domain_with_available24h_apply_to_the_same_service(string query, string[] expected)
    {
        await RegisterCoalition();

        (await Codes(query)).ShouldBe(expected);
    }

    [Theory]
    [InlineData("?domain=astrology", "domain")]
    [InlineData("?domain=1", "domain")]
    [InlineData("?region=18", "region")]
    [InlineData("?language=French", "language")]
    public async Task An_unknown_filter_value_is_a_400_naming_the_filter(string query, string field)
    {
        var response = await Get(Url + query, Worker, 400);

        response.IsProblem.ShouldBeTrue();
        response.Errors.ShouldNotBeNull().ContainsKey(field).ShouldBeTrue(response.Body);
    }

    [Fact]
    public async Task An_unparseable_available24h_is_a_400()
    {
        var response = await Get(Url + "?available24h=sometimes", Worker, 400);

        response.IsProblem.ShouldBeTrue();
    }

    [Fact]
    public async Task An_unknown_code_is_a_404_problem()
    {
        var response = await Get(Url + "/nobody", Worker, 404);

        response.IsProblem.ShouldBeTrue();
    }

    [Fact]
    public async Task Caseworkers_supervisors_and_coordinators_read_the_directory_researchers_do_not()
    {
        await RegisterCoalition();

        (await Codes("", Worker)).Length.ShouldBe(4);
        (await Codes("", Supervisor)).Length.ShouldBe(4);
        (await Codes("", Coordinator)).Length.ShouldBe(4);
        await Get(Url + "/shelter-mtl", Coordinator, 200);

        await Get(Url, Researcher, 403);
        await Get(Url + "/shelter-mtl", Researcher, 403);
        await Get(Url, null, 401);
        await Get(Url + "/shelter-mtl", null, 401);
    }
}
