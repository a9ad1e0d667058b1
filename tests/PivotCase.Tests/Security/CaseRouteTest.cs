using PivotCase.Tests.Directory;
using PivotCase.Tests.Steps;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Security;

/// <summary>
/// Every case route a caseworker or supervisor uses, with a body that succeeds and the arrangement of a case in which it
/// succeeds, for the tests that try one rule over all of them (RoleAndObjectAccessTests, CaseWriteRuleTests).
/// </summary>
public abstract class CaseRouteTest(AppFixture app) : IntegrationTest(app), IAsyncLifetime
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
    protected sealed record Route(string Method, string Template, string? Body, int Success, int Partner = 403,
        bool ByReceivingOrganisation = false)
    {
        public bool HasCaseId => Template.Contains("{id}", StringComparison.Ordinal);
        public bool IsWrite => Method == "POST";
        public bool NeedsConsent => Template.Contains("{consentId}", StringComparison.Ordinal) || Template.EndsWith("/referrals");
        public bool NeedsReferral => Template.Contains("{referralId}", StringComparison.Ordinal);
        public string Url(Ids ids) =>
            Template.Replace("{id}", ids.CaseId.ToString()).Replace("{stepId}", ids.StepId.ToString())
                .Replace("{consentId}", ids.ConsentId.ToString()).Replace("{referralId}", ids.ReferralId.ToString())
                .Replace("{entryId}", ids.ItemId.ToString()).Replace("{disbursementId}", ids.ItemId.ToString())
                .Replace("{assessmentId}", ids.ItemId.ToString());

        public string? BodyFor(Ids ids) => Body?.Replace("{needId}", ids.ItemId.ToString());
    }

    /// <param name="ItemId">The need, entry, disbursement or assessment the route names, when it names one.</param>
    protected sealed record Ids(Guid CaseId, Guid StepId, Guid ConsentId, Guid ReferralId, Guid ItemId = default)
    {
        public static Ids Unknown() => new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
    }

    protected const string Receiving = "maison";
    protected static readonly TestUser ReceivingWorker = TestUser.Caseworker(Receiving, "maison-worker-1");
    protected static readonly TestUser ReceivingSupervisor = TestUser.Supervisor(Receiving, "maison-supervisor-1");

    protected static readonly Dictionary<string, Route> Routes = new()
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
        ["correct profile"] = new("POST", "/api/cases/{id}/profile", """{"region":"13"}""", 200),
        ["link step to need"] = new("POST", "/api/cases/{id}/steps/{stepId}/need", """{"needId":"{needId}"}""", 200),
        ["void immigration entry"] = new("POST", "/api/cases/{id}/immigration/{entryId}/void", """{"reason":"wrong_day"}""", 200),
        ["void compensation entry"] = new("POST", "/api/cases/{id}/compensation/{entryId}/void", """{"reason":"wrong_day"}""", 200),
        ["void disbursement"] = new("POST", "/api/cases/{id}/emergency-fund/{disbursementId}/void", """{"reason":"duplicate"}""", 200),
        ["void assessment"] = new("POST", "/api/cases/{id}/assessments/{assessmentId}/void", """{"reason":"wrong_day"}""", 200),
        ["export case"] = new("GET", "/api/cases/{id}/export", null, 200, Partner: 404),
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

    public static TheoryData<string, string> RoutesWithACaseIdOnceTheConsentEnds()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in Routes.Where(r => r.Value.HasCaseId).Select(r => r.Key))
        foreach (var ending in new[] { "withdrawn", "expired" })
            data.Add(route, ending);
        return data;
    }

    /// <summary>
    /// A case of cathii with one planned step, in the state where <paramref name="route"/> would succeed: closed to be
    /// reopened, with a consent to share with maison to withdraw or refer under, with a pending referral to maison to
    /// answer or cancel.
    /// </summary>
    protected async Task<Ids> ArrangeCaseFor(string route)
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
        return new Ids(caseId, stepId, consentId, referralId, await ArrangeItemFor(route, caseId));
    }

    /// <summary>The need, entry, disbursement or assessment that <paramref name="route"/> names, recorded by the owner.</summary>
    protected async Task<Guid> ArrangeItemFor(string route, Guid caseId)
    {
        var (recording, id) = route switch
        {
            "link step to need" => ("record need", "needId"),
            "void immigration entry" => ("record immigration event", "entryId"),
            "void compensation entry" => ("record compensation event", "entryId"),
            "void disbursement" => ("disburse emergency fund", "disbursementId"),
            "void assessment" => ("record assessment", "assessmentId"),
            _ => (null, null)
        };
        return recording is null ? Guid.Empty : (await Record(recording, caseId)).Json[id!]!.GetValue<Guid>();
    }

    /// <summary>The owner makes the write <paramref name="route"/> names on the case, with the table's body.</summary>
    protected Task<ApiResponse> Record(string route, Guid caseId, int status = 201) =>
        Post(Routes[route].Template.Replace("{id}", caseId.ToString()), Routes[route].Body, Worker, status);

    /// <summary>
    /// A case of cathii shared with maison (consent, referral accepted by maison), in the state where
    /// <paramref name="route"/> would succeed for its owner; answers to a referral get a second, pending referral to
    /// maison.
    /// </summary>
    protected async Task<Ids> ArrangeSharedCaseFor(string route, string? consentExpiresOn = null)
    {
        await RegisterReceivingOrganisation();
        var caseId = await OpenCase(Worker, Bodies.NewCase(Bodies.CanaryDetails));
        var stepId = await PlanStep(caseId);
        var consentId = await GiveConsentToShare(caseId, consentExpiresOn);
        var referralId = await Refer(caseId);
        await Post($"/api/cases/{caseId}/referrals/{referralId}/accept", new { }, ReceivingWorker, 200);
        if (route is "accept referral" or "decline referral" or "cancel referral") referralId = await Refer(caseId);
        if (route == "reopen case") await Post($"/api/cases/{caseId}/close", new { reason = "moved" }, Worker, 200);
        return new Ids(caseId, stepId, consentId, referralId, await ArrangeItemFor(route, caseId));
    }

    protected Task RegisterReceivingOrganisation() =>
        Post("/api/directory/organizations", Organizations.Body(Receiving, "shelter"), TestUser.Coordinator(), 201);

    protected async Task<Guid> GiveConsentToShare(Guid caseId, string? expiresOn = null) =>
        (await Post($"/api/cases/{caseId}/consents",
            new { scope = "share_with_organization", organization = Receiving, givenOn = "2026-03-02", expiresOn }, Worker, 201))
        .Json["consentId"]!.GetValue<Guid>();

    protected async Task<Guid> Refer(Guid caseId) =>
        (await Post($"/api/cases/{caseId}/referrals", new { toOrganization = Receiving, domain = "housing" }, Worker, 201))
        .Json["referralId"]!.GetValue<Guid>();

    protected Task<ApiResponse> Call(Route route, Ids ids, TestUser user) =>
        Send(new HttpMethod(route.Method), route.Url(ids), route.BodyFor(ids), Bearer(user));
}
