using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PivotCase.Tests.Directory;
using PivotCase.Tests.Steps;
using PivotCase.Tests.Cases;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Security;

/// <summary>
/// Role-level access (which roles may use a case endpoint at all) and object-level access over every case route, with
/// the single rule of CaseAccess: another organisation's case is answered exactly like a case that does not exist; an
/// organisation holding an accepted referral under an active consent reads and logs steps through its caseworkers (403
/// on other writes; its supervisors are answered as any other organisation); once the consent is withdrawn or expired
/// it is answered like any other organisation again.
/// </summary>
public sealed class RoleAndObjectAccessTests(AppFixture app) : CaseRouteTest(app)
{
    /// <summary>Case routes for the coordinator (and supervisors), not caseworkers: ErasureTests and AccessLogTests cover their access.</summary>
    private static readonly string[] CoordinatorCaseRoutes = ["POST /api/cases/{id}/erasure", "GET /api/cases/{id}/access-log"];

    [Fact]
    public void The_route_table_holds_every_case_route()
    {
        var mapped = App.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.RoutePattern.RawText!.StartsWith("/api/cases", StringComparison.Ordinal))
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
                .Select(method => $"{method} {endpoint.RoutePattern.RawText}"));

        Routes.Values.Where(route => route.Template.StartsWith("/api/cases", StringComparison.Ordinal))
            .Select(route => $"{route.Method} {route.Template}").Concat(CoordinatorCaseRoutes)
            .ShouldBe(mapped, ignoreOrder: true);
    }

    [Theory]
    [MemberData(nameof(AllRoutesForNonCaseRoles))]
    public async Task Researchers_and_coordinators_get_403_on_every_case_route_even_in_the_owning_organisation(string name, string role)
    {
        var route = Routes[name];
        var ids = await ArrangeCaseFor(name);
        var before = await App.AllEventCount();

        var response = await Call(route, ids, new TestUser($"{role}-1", Worker.Organization, role));

        response.Status.ShouldBe(403, $"{name}: {response.Body}");
        response.IsProblem.ShouldBeTrue();
        (await App.AllEventCount()).ShouldBe(before);
    }

    [Theory]
    [MemberData(nameof(RoutesWithACaseId))]
    public async Task Another_organisations_caseworker_gets_the_same_404_as_for_an_unknown_case_and_nothing_is_appended(string name)
    {
        var route = Routes[name];
        var ids = await ArrangeCaseFor(name);
        var before = await App.AllEventCount();

        var hidden = await Call(route, ids, OtherOrgWorker);
        var unknown = await Call(route, Ids.Unknown(), OtherOrgWorker);

        hidden.Status.ShouldBe(404, $"{name}: {hidden.Body}");
        hidden.IsProblem.ShouldBeTrue();
        unknown.Status.ShouldBe(404, $"{name} (unknown id): {unknown.Body}");
        CaseTestKit.ProblemShape(hidden).ShouldBe(CaseTestKit.ProblemShape(unknown),
            $"{name}: another organisation's case must be indistinguishable from an unknown one.\n" +
            $"hidden:  {hidden.Body}\nunknown: {unknown.Body}");
        (await App.AllEventCount()).ShouldBe(before);

        // The request itself was sound: the caseworker it is meant for (the owner, or for an answer to a referral the
        // receiving organisation) gets through with it.
        var meantFor = route.ByReceivingOrganisation ? ReceivingWorker : Worker;
        var sound = await Call(route, ids, meantFor);
        sound.Status.ShouldBe(route.Success, $"{name} by {meantFor.Organization}: {sound.Body}");
    }

    [Theory]
    [MemberData(nameof(RoutesWithACaseId))]
    public async Task Another_organisations_supervisor_gets_404_or_403_never_the_case(string name)
    {
        var route = Routes[name];
        var ids = await ArrangeCaseFor(name);
        var before = await App.AllEventCount();

        var response = await Call(route, ids, TestUser.Supervisor("autre", "supervisor-9"));

        // Reads: the case is not visible (404). Writes: the role may not write at all (403).
        response.Status.ShouldBe(route.IsWrite ? 403 : 404, $"{name}: {response.Body}");
        response.Body.ShouldNotContain(ids.CaseId.ToString());
        (await App.AllEventCount()).ShouldBe(before);
    }

    [Theory]
    [InlineData("read case")]
    [InlineData("read history")]
    [InlineData("list cases")]
    public async Task The_owning_organisations_supervisor_may_read(string name)
    {
        var ids = await ArrangeCaseFor(name);

        var response = await Call(Routes[name], ids, Supervisor);

        response.Status.ShouldBe(200, response.Body);
        if (name == "read history")
            response.Json.AsArray().Count.ShouldBe(2); // CaseOpened, StepPlanned
        else
            response.Body.ShouldContain(ids.CaseId.ToString());
    }

    [Theory]
    [MemberData(nameof(WriteRoutes))]
    public async Task The_owning_organisations_supervisor_gets_403_on_every_write(string name)
    {
        var route = Routes[name];
        var ids = await ArrangeCaseFor(name);
        var before = await App.AllEventCount();

        var response = await Call(route, ids, Supervisor);

        response.Status.ShouldBe(403, $"{name}: {response.Body}");
        response.IsProblem.ShouldBeTrue();
        (await App.AllEventCount()).ShouldBe(before);
    }

    [Theory]
    [MemberData(nameof(RoutesWithACaseId))]
    public async Task A_partner_organisation_reads_and_logs_steps_and_gets_403_on_every_other_write(string name)
    {
        var route = Routes[name];
        var ids = await ArrangeSharedCaseFor(name);
        var before = await App.AllEventCount();

        var response = await Call(route, ids, ReceivingWorker);

        response.Status.ShouldBe(route.Partner, $"{name}: {response.Body}");
        response.Body.ShouldNotContain(Bodies.Canary, Case.Insensitive); // the consent does not include personal details
        if (response.Status == 403) response.IsProblem.ShouldBeTrue();
        (await App.AllEventCount()).ShouldBe(route.IsWrite && route.Partner < 400 ? before + 1 : before, name);
    }

    [Theory]
    [MemberData(nameof(RoutesWithACaseId))]
    public async Task A_partner_organisations_supervisor_cannot_tell_the_shared_case_exists_and_never_writes(string name)
    {
        var route = Routes[name];
        var ids = await ArrangeSharedCaseFor(name);
        var before = await App.AllEventCount();

        var response = await Call(route, ids, ReceivingSupervisor);

        response.Status.ShouldBe(route.IsWrite ? 403 : 404, $"{name}: {response.Body}");
        if (!route.IsWrite)
            CaseTestKit.ProblemShape(response).ShouldBe(CaseTestKit.ProblemShape(await Call(route, Ids.Unknown(), ReceivingSupervisor)));
        (await App.AllEventCount()).ShouldBe(before);
    }

    [Theory]
    [MemberData(nameof(RoutesWithACaseIdOnceTheConsentEnds))]
    public async Task Once_the_consent_ends_the_former_partner_is_answered_as_for_an_unknown_case(string name, string ending)
    {
        var route = Routes[name];
        var ids = await ArrangeSharedCaseFor(name, consentExpiresOn: ending == "expired" ? "2026-03-05" : null);
        if (ending == "withdrawn")
            await Post($"/api/cases/{ids.CaseId}/consents/{ids.ConsentId}/withdraw", new { }, Worker, 200);
        else
            App.Clock.AdjustTime(new DateTimeOffset(2026, 3, 6, 15, 0, 0, TimeSpan.Zero));
        var before = await App.AllEventCount();

        var response = await Call(route, ids, ReceivingWorker);

        if (route.ByReceivingOrganisation && ending == "withdrawn")
        {
            // The withdrawal cancelled the referral still waiting on the receiving organisation: nothing to answer.
            response.Status.ShouldBe(409, $"{name}: {response.Body}");
            response.Json["detail"]!.GetValue<string>().ShouldBe("The referral is already cancelled.");
            (await App.AllEventCount()).ShouldBe(before);
            (await Get($"/api/cases/{ids.CaseId}", ReceivingWorker)).Status.ShouldBe(404);
            return;
        }

        if (route.ByReceivingOrganisation)
        {
            // An expiry appends nothing: still the receiving organisation's pending referral (it is in its incoming
            // list), but acceptance needs an active consent; declining does not.
            response.Status.ShouldBe(name == "accept referral" ? 409 : 200, $"{name}: {response.Body}");
            if (name == "accept referral") response.Json["title"]!.GetValue<string>().ShouldBe("Consent required");
            (await App.AllEventCount()).ShouldBe(name == "accept referral" ? before : before + 1);
            (await Get($"/api/cases/{ids.CaseId}", ReceivingWorker)).Status.ShouldBe(404);
            return;
        }

        var unknown = await Call(route, Ids.Unknown(), ReceivingWorker);
        response.Status.ShouldBe(404, $"{name}: {response.Body}");
        CaseTestKit.ProblemShape(response).ShouldBe(CaseTestKit.ProblemShape(unknown), $"{name}: hidden {response.Body} / unknown {unknown.Body}");
        response.Body.ShouldNotContain(Bodies.Canary, Case.Insensitive);
        (await App.AllEventCount()).ShouldBe(before);
    }

    [Theory]
    [InlineData("withdrawn")]
    [InlineData("expired")]
    public async Task Once_the_consent_ends_the_case_leaves_the_former_partners_list(string ending)
    {
        var ids = await ArrangeSharedCaseFor("list cases", consentExpiresOn: ending == "expired" ? "2026-03-05" : null);
        (await ListedIds("/api/cases", ReceivingWorker)).ShouldBe([ids.CaseId]);

        if (ending == "withdrawn")
            await Post($"/api/cases/{ids.CaseId}/consents/{ids.ConsentId}/withdraw", new { }, Worker, 200);
        else
            App.Clock.AdjustTime(new DateTimeOffset(2026, 3, 6, 15, 0, 0, TimeSpan.Zero));

        (await ListedIds("/api/cases", ReceivingWorker)).ShouldBeEmpty();
        (await ListedIds("/api/cases", ReceivingSupervisor)).ShouldBeEmpty();
        (await ListedIds("/api/cases", Worker)).ShouldBe([ids.CaseId]);
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

    private async Task<List<Guid>> ListedIds(string url, TestUser user)
    {
        var response = await Get(url, user, 200);
        return response.Json["items"]!.AsArray().Select(item => item!["id"]!.GetValue<Guid>()).ToList();
    }
}
