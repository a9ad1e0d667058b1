using PivotCase.Tests.Directory;
using PivotCase.Tests.Steps;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Security;

/// <summary>
/// Role-level access (which roles may use a case endpoint at all) and object-level access over every case route, with
/// the single rule of CaseAccess: another organisation's case is answered exactly like a case that does not exist; an
/// organisation holding an accepted referral under an active consent reads and logs steps through its caseworkers (403
/// on other writes; its supervisors are answered as any other organisation); once the consent is withdrawn or expired
/// it is answered like any other organisation again.
/// </summary>
public sealed class RoleAndObjectAccessTests(AppFixture app) : IntegrationTest(app), IAsyncLifetime
{
    Task IAsyncLifetime.InitializeAsync() => this.RewindClockAndResetAsync(App);
    Task IAsyncLifetime.DisposeAsync() => this.RewindClockAndDisposeAsync(App);

    /// <param name="Success">The status of the request when made by the caseworker it is meant for.</param>
    /// <param name="Partner">
    /// The status for a caseworker of an organisation the case is shared with (accepted referral and active consent):
    /// partners read and log steps, every other write is the owner's (403); answering a referral is the receiving
    /// organisation's own act.
    /// </param>
    /// <param name="ByReceivingOrganisation">
    /// Answers to a referral (accept, decline) are made by the organisation the survivor is referred to, never by the
    /// owner: their "sound request" is the receiving organisation's.
    /// </param>
    private sealed record Route(string Method, string Template, string? Body, int Success, int Partner = 403,
        bool ByReceivingOrganisation = false)
    {
        public bool HasCaseId => Template.Contains("{id}", StringComparison.Ordinal);
        public bool IsWrite => Method == "POST";
        public bool NeedsConsent => Template.Contains("{consentId}", StringComparison.Ordinal) || Template.EndsWith("/referrals");
        public bool NeedsReferral => Template.Contains("{referralId}", StringComparison.Ordinal);
        public string Url(Ids ids) =>
            Template.Replace("{id}", ids.CaseId.ToString()).Replace("{stepId}", ids.StepId.ToString())
                .Replace("{consentId}", ids.ConsentId.ToString()).Replace("{referralId}", ids.ReferralId.ToString());
    }

    private sealed record Ids(Guid CaseId, Guid StepId, Guid ConsentId, Guid ReferralId)
    {
        public static Ids Unknown() => new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
    }

    private const string Receiving = "maison";
    private static readonly TestUser ReceivingWorker = TestUser.Caseworker(Receiving, "maison-worker-1");
    private static readonly TestUser ReceivingSupervisor = TestUser.Supervisor(Receiving, "maison-supervisor-1");

    private static readonly Dictionary<string, Route> Routes = new()
    {
        ["open case"] = new("POST", "/api/cases", System.Text.Json.JsonSerializer.Serialize(Bodies.NewCase()), 201),
        ["list cases"] = new("GET", "/api/cases", null, 200, 200),
        ["read case"] = new("GET", "/api/cases/{id}", null, 200, 200),
        ["read history"] = new("GET", "/api/cases/{id}/history", null, 200, 200),
        ["plan step"] = new("POST", "/api/cases/{id}/steps",
            """{"domain":"housing","title":"Emergency shelter placement","timeframe":"immediate"}""", 201, 201),
        ["start step"] = new("POST", "/api/cases/{id}/steps/{stepId}/start", "{}", 200, 200),
        ["complete step"] = new("POST", "/api/cases/{id}/steps/{stepId}/complete", "{}", 200, 200),
        ["cancel step"] = new("POST", "/api/cases/{id}/steps/{stepId}/cancel", """{"reason":"No longer needed"}""", 200, 200),
        ["close case"] = new("POST", "/api/cases/{id}/close", """{"reason":"goals_met"}""", 200),
        ["reopen case"] = new("POST", "/api/cases/{id}/reopen", "{}", 200),
        ["record assessment"] = new("POST", "/api/cases/{id}/assessments",
            """{"assessedOn":"2026-03-02","scores":{"housing":3}}""", 201),
        ["read recovery"] = new("GET", "/api/cases/{id}/recovery", null, 200, 200),
        ["give consent"] = new("POST", "/api/cases/{id}/consents",
            """{"scope":"research_statistics","givenOn":"2026-03-02"}""", 201),
        ["withdraw consent"] = new("POST", "/api/cases/{id}/consents/{consentId}/withdraw", "{}", 200),
        ["make referral"] = new("POST", "/api/cases/{id}/referrals", """{"toOrganization":"maison","domain":"housing"}""", 201),
        ["accept referral"] = new("POST", "/api/cases/{id}/referrals/{referralId}/accept", "{}", 200, 200,
            ByReceivingOrganisation: true),
        ["decline referral"] = new("POST", "/api/cases/{id}/referrals/{referralId}/decline", """{"reason":"No bed"}""", 200, 200,
            ByReceivingOrganisation: true),
        ["cancel referral"] = new("POST", "/api/cases/{id}/referrals/{referralId}/cancel", "{}", 200),
        ["transfer case"] = new("POST", "/api/cases/{id}/transfer", """{"toWorker":"worker-2"}""", 200),
        ["record need"] = new("POST", "/api/cases/{id}/needs", """{"domain":"housing","timeframe":"immediate"}""", 201),
        ["record immigration event"] = new("POST", "/api/cases/{id}/immigration", """{"kind":"trp_applied","on":"2026-03-02"}""", 201),
        ["record compensation event"] = new("POST", "/api/cases/{id}/compensation", """{"kind":"claim_filed","on":"2026-03-02"}""", 201),
        ["disburse emergency fund"] = new("POST", "/api/cases/{id}/emergency-fund",
            """{"amount":40,"category":"transport","on":"2026-03-02"}""", 201),
        ["read suggestions"] = new("GET", "/api/cases/{id}/suggestions", null, 200, 200),
        ["correct personal details"] = new("POST", "/api/cases/{id}/personal-details",
            """{"personalDetails":{"phone":"514-555-0100"}}""", 200),
        ["incoming referrals"] = new("GET", "/api/referrals/incoming", null, 200, 200)
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
        var ids = await ArrangeCaseFor(name);
        var before = await App.CountAllEventsAsync();

        var response = await Call(route, ids, new TestUser($"{role}-1", Worker.Organization, role));

        response.Status.ShouldBe(403, $"{name}: {response.Body}");
        response.IsProblem.ShouldBeTrue();
        (await App.CountAllEventsAsync()).ShouldBe(before);
    }

    [Theory]
    [MemberData(nameof(RoutesWithACaseId))]
    public async Task Another_organisations_caseworker_gets_the_same_404_as_for_an_unknown_case_and_nothing_is_appended(string name)
    {
        var route = Routes[name];
        var ids = await ArrangeCaseFor(name);
        var before = await App.CountAllEventsAsync();

        var hidden = await Call(route, ids, OtherOrgWorker);
        var unknown = await Call(route, Ids.Unknown(), OtherOrgWorker);

        hidden.Status.ShouldBe(404, $"{name}: {hidden.Body}");
        hidden.IsProblem.ShouldBeTrue();
        unknown.Status.ShouldBe(404, $"{name} (unknown id): {unknown.Body}");
        ProblemOf(hidden).ShouldBe(ProblemOf(unknown),
            $"{name}: another organisation's case must be indistinguishable from an unknown one.\n" +
            $"hidden:  {hidden.Body}\nunknown: {unknown.Body}");
        (await App.CountAllEventsAsync()).ShouldBe(before);

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
        var before = await App.CountAllEventsAsync();

        var response = await Call(route, ids, TestUser.Supervisor("autre", "supervisor-9"));

        // Reads: the case is not visible (404). Writes: the role may not write at all (403).
        response.Status.ShouldBe(route.IsWrite ? 403 : 404, $"{name}: {response.Body}");
        response.Body.ShouldNotContain(ids.CaseId.ToString());
        (await App.CountAllEventsAsync()).ShouldBe(before);
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
        var before = await App.CountAllEventsAsync();

        var response = await Call(route, ids, Supervisor);

        response.Status.ShouldBe(403, $"{name}: {response.Body}");
        response.IsProblem.ShouldBeTrue();
        (await App.CountAllEventsAsync()).ShouldBe(before);
    }

    [Theory]
    [MemberData(nameof(RoutesWithACaseId))]
    public async Task A_partner_organisation_reads_and_logs_steps_and_gets_403_on_every_other_write(string name)
    {
        var route = Routes[name];
        var ids = await ArrangeSharedCaseFor(name);
        var before = await App.CountAllEventsAsync();

        var response = await Call(route, ids, ReceivingWorker);

        response.Status.ShouldBe(route.Partner, $"{name}: {response.Body}");
        response.Body.ShouldNotContain(Bodies.Canary, Case.Insensitive); // the consent does not include personal details
        if (response.Status == 403) response.IsProblem.ShouldBeTrue();
        (await App.CountAllEventsAsync()).ShouldBe(route.IsWrite && route.Partner < 400 ? before + 1 : before, name);
    }

    [Theory]
    [MemberData(nameof(RoutesWithACaseId))]
    public async Task A_partner_organisations_supervisor_cannot_tell_the_shared_case_exists_and_never_writes(string name)
    {
        var route = Routes[name];
        var ids = await ArrangeSharedCaseFor(name);
        var before = await App.CountAllEventsAsync();

        var response = await Call(route, ids, ReceivingSupervisor);

        response.Status.ShouldBe(route.IsWrite ? 403 : 404, $"{name}: {response.Body}");
        if (!route.IsWrite)
            ProblemOf(response).ShouldBe(ProblemOf(await Call(route, Ids.Unknown(), ReceivingSupervisor)));
        (await App.CountAllEventsAsync()).ShouldBe(before);
    }

    public static TheoryData<string, string> RoutesWithACaseIdOnceTheConsentEnds()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in Routes.Where(r => r.Value.HasCaseId).Select(r => r.Key))
        foreach (var ending in new[] { "withdrawn", "expired" })
            data.Add(route, ending);
        return data;
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
        var before = await App.CountAllEventsAsync();

        var response = await Call(route, ids, ReceivingWorker);

        if (route.ByReceivingOrganisation && ending == "withdrawn")
        {
            // The withdrawal cancelled the referral still waiting on the receiving organisation: nothing to answer.
            response.Status.ShouldBe(409, $"{name}: {response.Body}");
            response.Json["detail"]!.GetValue<string>().ShouldBe("The referral is already cancelled.");
            (await App.CountAllEventsAsync()).ShouldBe(before);
            (await Get($"/api/cases/{ids.CaseId}", ReceivingWorker)).Status.ShouldBe(404);
            return;
        }

        if (route.ByReceivingOrganisation)
        {
            // An expiry appends nothing: still the receiving organisation's pending referral (it is in its incoming
            // list), but acceptance needs an active consent; declining does not.
            response.Status.ShouldBe(name == "accept referral" ? 409 : 200, $"{name}: {response.Body}");
            if (name == "accept referral") response.Json["title"]!.GetValue<string>().ShouldBe("Consent required");
            (await App.CountAllEventsAsync()).ShouldBe(name == "accept referral" ? before : before + 1);
            (await Get($"/api/cases/{ids.CaseId}", ReceivingWorker)).Status.ShouldBe(404);
            return;
        }

        var unknown = await Call(route, Ids.Unknown(), ReceivingWorker);
        response.Status.ShouldBe(404, $"{name}: {response.Body}");
        ProblemOf(response).ShouldBe(ProblemOf(unknown), $"{name}: hidden {response.Body} / unknown {unknown.Body}");
        response.Body.ShouldNotContain(Bodies.Canary, Case.Insensitive);
        (await App.CountAllEventsAsync()).ShouldBe(before);
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

    /// <summary>
    /// A case of cathii with one planned step, in the state where <paramref name="route"/> would succeed: closed to be
    /// reopened, with a consent to share with maison to withdraw or refer under, with a pending referral to maison to
    /// answer or cancel.
    /// </summary>
    private async Task<Ids> ArrangeCaseFor(string route)
    {
        var caseId = await OpenCase(Worker);
        var stepId = await PlanStep(caseId);
        var consentId = Guid.Empty;
        var referralId = Guid.Empty;
        if (Routes[route].NeedsConsent || Routes[route].NeedsReferral)
        {
            await RegisterReceivingOrganisation();
            consentId = await GiveConsentToShare(caseId);
        }

        if (Routes[route].NeedsReferral) referralId = await Refer(caseId);
        if (route == "reopen case") await Post($"/api/cases/{caseId}/close", new { reason = "moved" }, Worker, 200);
        return new Ids(caseId, stepId, consentId, referralId);
    }

    /// <summary>
    /// A case of cathii shared with maison (consent, referral accepted by maison), in the state where
    /// <paramref name="route"/> would succeed for its owner; answers to a referral get a second, pending referral to
    /// maison.
    /// </summary>
    private async Task<Ids> ArrangeSharedCaseFor(string route, string? consentExpiresOn = null)
    {
        await RegisterReceivingOrganisation();
        var caseId = await OpenCase(Worker, Bodies.NewCase(Bodies.CanaryDetails));
        var stepId = await PlanStep(caseId);
        var consentId = await GiveConsentToShare(caseId, consentExpiresOn);
        var referralId = await Refer(caseId);
        await Post($"/api/cases/{caseId}/referrals/{referralId}/accept", new { }, ReceivingWorker, 200);
        if (route is "accept referral" or "decline referral" or "cancel referral") referralId = await Refer(caseId);
        if (route == "reopen case") await Post($"/api/cases/{caseId}/close", new { reason = "moved" }, Worker, 200);
        return new Ids(caseId, stepId, consentId, referralId);
    }

    private Task RegisterReceivingOrganisation() =>
        Post("/api/directory/organizations", Organizations.Body(Receiving, "shelter"), TestUser.Coordinator(), 201);

    private async Task<Guid> GiveConsentToShare(Guid caseId, string? expiresOn = null) =>
        (await Post($"/api/cases/{caseId}/consents",
            new { scope = "share_with_organization", organization = Receiving, givenOn = "2026-03-02", expiresOn }, Worker, 201))
        .Json["consentId"]!.GetValue<Guid>();

    private async Task<Guid> Refer(Guid caseId) =>
        (await Post($"/api/cases/{caseId}/referrals", new { toOrganization = Receiving, domain = "housing" }, Worker, 201))
        .Json["referralId"]!.GetValue<Guid>();

    private Task<ApiResponse> Call(Route route, Ids ids, TestUser user) =>
        Send(new HttpMethod(route.Method), route.Url(ids), route.Body, Bearer(user));

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
