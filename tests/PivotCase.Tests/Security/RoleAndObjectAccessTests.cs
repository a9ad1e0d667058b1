using PivotCase.Tests.Steps;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Security;

/// <summary>
/// Role-level access (which roles may use a case endpoint at all) and object-level access (another organisation's
/// case is answered exactly like a case that does not exist), over every case route.
/// </summary>
public sealed class RoleAndObjectAccessTests(AppFixture app) : IntegrationTest(app), IAsyncLifetime
{
    Task IAsyncLifetime.InitializeAsync() => this.RewindClockAndResetAsync(App);
    Task IAsyncLifetime.DisposeAsync() => this.RewindClockAndDisposeAsync(App);

    private sealed record Route(string Method, string Template, string? Body, int Success)
    {
        public bool HasCaseId => Template.Contains("{id}", StringComparison.Ordinal);
        public bool IsWrite => Method == "POST";
        public string Url(Guid caseId, Guid stepId) =>
            Template.Replace("{id}", caseId.ToString()).Replace("{stepId}", stepId.ToString());
    }

    private static readonly Dictionary<string, Route> Routes = new()
    {
        ["open case"] = new("POST", "/api/cases", System.Text.Json.JsonSerializer.Serialize(Bodies.NewCase()), 201),
        ["list cases"] = new("GET", "/api/cases", null, 200),
        ["read case"] = new("GET", "/api/cases/{id}", null, 200),
        ["read history"] = new("GET", "/api/cases/{id}/history", null, 200),
        ["plan step"] = new("POST", "/api/cases/{id}/steps",
            """{"domain":"housing","title":"Emergency shelter placement","timeframe":"immediate"}""", 201),
        ["start step"] = new("POST", "/api/cases/{id}/steps/{stepId}/start", "{}", 200),
        ["complete step"] = new("POST", "/api/cases/{id}/steps/{stepId}/complete", "{}", 200),
        ["cancel step"] = new("POST", "/api/cases/{id}/steps/{stepId}/cancel", """{"reason":"No longer needed"}""", 200),
        ["close case"] = new("POST", "/api/cases/{id}/close", """{"reason":"goals_met"}""", 200),
        ["reopen case"] = new("POST", "/api/cases/{id}/reopen", "{}", 200),
        ["record assessment"] = new("POST", "/api/cases/{id}/assessments",
            """{"assessedOn":"2026-03-02","scores":{"housing":3}}""", 201),
        ["read recovery"] = new("GET", "/api/cases/{id}/recovery", null, 200)
    };

    public static TheoryData<string> AllRoutes => new(Routes.Keys);
    public static TheoryData<string> RoutesWithACaseId => new(Routes.Where(r => r.Value.HasCaseId).Select(r => r.Key));
    public static TheoryData<string> WriteRoutes => new(Routes.Where(r => r.Value.IsWrite).Select(r => r.Key));

    public static TheoryData<string, string> AllRoutesForNonCaseRoles()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in Routes.Keys)
        foreach (var role in new[] { "researcher", "coordinator" })
            data.Add(route, role);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllRoutesForNonCaseRoles))]
    public async Task Researchers_and_coordinators_get_403_on_every_case_route_even_in_the_owning_organisation(string name, string role)
    {
        var route = Routes[name];
        var (caseId, stepId) = await ArrangeCaseFor(name);
        var before = await App.CountAllEventsAsync();

        var response = await Call(route, caseId, stepId, new TestUser($"{role}-1", Worker.Organization, role));

        response.Status.ShouldBe(403, $"{name}: {response.Body}");
        response.IsProblem.ShouldBeTrue();
        (await App.CountAllEventsAsync()).ShouldBe(before);
    }

    [Theory]
    [MemberData(nameof(RoutesWithACaseId))]
    public async Task Another_organisations_caseworker_gets_the_same_404_as_for_an_unknown_case_and_nothing_is_appended(string name)
    {
        var route = Routes[name];
        var (caseId, stepId) = await ArrangeCaseFor(name);
        var before = await App.CountAllEventsAsync();

        var hidden = await Call(route, caseId, stepId, OtherOrgWorker);
        var unknown = await Call(route, Guid.NewGuid(), Guid.NewGuid(), OtherOrgWorker);

        hidden.Status.ShouldBe(404, $"{name}: {hidden.Body}");
        hidden.IsProblem.ShouldBeTrue();
        unknown.Status.ShouldBe(404, $"{name} (unknown id): {unknown.Body}");
        ProblemOf(hidden).ShouldBe(ProblemOf(unknown),
            $"{name}: another organisation's case must be indistinguishable from an unknown one.\n" +
            $"hidden:  {hidden.Body}\nunknown: {unknown.Body}");
        (await App.CountAllEventsAsync()).ShouldBe(before);

        // The request itself was sound: the owner gets through with it.
        var owner = await Call(route, caseId, stepId, Worker);
        owner.Status.ShouldBe(route.Success, $"{name} by the owner: {owner.Body}");
    }

    [Theory]
    [MemberData(nameof(RoutesWithACaseId))]
    public async Task Another_organisations_supervisor_gets_404_or_403_never_the_case(string name)
    {
        var route = Routes[name];
        var (caseId, stepId) = await ArrangeCaseFor(name);
        var before = await App.CountAllEventsAsync();

        var response = await Call(route, caseId, stepId, TestUser.Supervisor("autre", "supervisor-9"));

        // Reads: the case is not visible (404). Writes: the role may not write at all (403).
        response.Status.ShouldBe(route.IsWrite ? 403 : 404, $"{name}: {response.Body}");
        response.Body.ShouldNotContain(caseId.ToString());
        (await App.CountAllEventsAsync()).ShouldBe(before);
    }

    [Theory]
    [InlineData("read case")]
    [InlineData("read history")]
    [InlineData("list cases")]
    public async Task The_owning_organisations_supervisor_may_read(string name)
    {
        var (caseId, stepId) = await ArrangeCaseFor(name);

        var response = await Call(Routes[name], caseId, stepId, Supervisor);

        response.Status.ShouldBe(200, response.Body);
        if (name == "read history")
            response.Json.AsArray().Count.ShouldBe(2); // CaseOpened, StepPlanned
        else
            response.Body.ShouldContain(caseId.ToString());
    }

    [Theory]
    [MemberData(nameof(WriteRoutes))]
    public async Task The_owning_organisations_supervisor_gets_403_on_every_write(string name)
    {
        var route = Routes[name];
        var (caseId, stepId) = await ArrangeCaseFor(name);
        var before = await App.CountAllEventsAsync();

        var response = await Call(route, caseId, stepId, Supervisor);

        response.Status.ShouldBe(403, $"{name}: {response.Body}");
        response.IsProblem.ShouldBeTrue();
        (await App.CountAllEventsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Lists_show_only_the_callers_organisation()
    {
        var mine = new[] { await OpenCase(Worker), await OpenCase(TestUser.Caseworker(sub: "worker-2")) };
        var theirs = await OpenCase(OtherOrgWorker);
        await Post($"/api/cases/{mine[1]}/close", new { reason = "moved" }, TestUser.Caseworker(sub: "worker-2"), 200);
        await Post($"/api/cases/{theirs}/close", new { reason = "moved" }, OtherOrgWorker, 200);

        foreach (var url in new[] { "/api/cases", "/api/cases?status=open", "/api/cases?status=closed", "/api/cases?page=1&pageSize=200" })
        {
            (await ListedIds(url, Worker)).ShouldBeSubsetOf(mine, url);
            (await ListedIds(url, Supervisor)).ShouldBeSubsetOf(mine, url);
            (await ListedIds(url, OtherOrgWorker)).ShouldBeSubsetOf([theirs], url);
            (await ListedIds(url, TestUser.Supervisor("autre", "supervisor-9"))).ShouldBeSubsetOf([theirs], url);
        }

        (await ListedIds("/api/cases", Worker)).ShouldBe(mine, ignoreOrder: true);
        (await ListedIds("/api/cases", Supervisor)).ShouldBe(mine, ignoreOrder: true);
        (await ListedIds("/api/cases", OtherOrgWorker)).ShouldBe([theirs]);
        (await Get("/api/cases", Worker, 200)).Json["totalCount"]!.GetValue<long>().ShouldBe(2);
        (await Get("/api/cases", OtherOrgWorker, 200)).Json["totalCount"]!.GetValue<long>().ShouldBe(1);
        (await Get("/api/cases", Worker, 200)).Body.ShouldNotContain(theirs.ToString());
    }

    /// <summary>A case of cathii with one planned step, in the state where <paramref name="route"/> would succeed.</summary>
    private async Task<(Guid CaseId, Guid StepId)> ArrangeCaseFor(string route)
    {
        var caseId = await OpenCase(Worker);
        var stepId = await PlanStep(caseId);
        if (route == "reopen case") await Post($"/api/cases/{caseId}/close", new { reason = "moved" }, Worker, 200);
        return (caseId, stepId);
    }

    private Task<ApiResponse> Call(Route route, Guid caseId, Guid stepId, TestUser user) =>
        Send(new HttpMethod(route.Method), route.Url(caseId, stepId), route.Body, Bearer(user));

    private static (int? Status, string? Title, string? Detail, string? Type) ProblemOf(ApiResponse response)
    {
        if (!response.IsProblem) return (response.Status, null, $"<not problem+json: {response.ContentType}>", null);
        var json = response.Json;
        return (json["status"]?.GetValue<int>(), json["title"]?.GetValue<string>(), json["detail"]?.GetValue<string>(),
            json["type"]?.GetValue<string>());
    }

    private async Task<List<Guid>> ListedIds(string url, TestUser user)
    {
        var response = await Get(url, user, 200);
        return response.Json["items"]!.AsArray().Select(item => item!["id"]!.GetValue<Guid>()).ToList();
    }
}
