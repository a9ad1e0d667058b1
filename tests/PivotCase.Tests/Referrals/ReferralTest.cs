using System.Text.Json.Nodes;
using PivotCase.Tests.Directory;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Referrals;

/// <summary>
/// What the consent, referral and transfer tests share: the coalition members "maison" and "refuge" with their
/// caseworkers, and the requests that give consent, refer, and answer a referral through the API.
/// </summary>
public abstract class ReferralTest(AppFixture app) : IntegrationTest(app)
{
    protected const string Today = "2026-03-02";

    protected static readonly TestUser Coordinator = TestUser.Coordinator();
    protected static readonly TestUser MaisonWorker = TestUser.Caseworker("maison", "maison-worker-1");
    protected static readonly TestUser MaisonSupervisor = TestUser.Supervisor("maison", "maison-supervisor-1");
    protected static readonly TestUser RefugeWorker = TestUser.Caseworker("refuge", "refuge-worker-1");

    /// <summary>Registers coalition members through the API, as the coordinator does.</summary>
    protected async Task RegisterMembers(params string[] codes)
    {
        foreach (var code in codes)
            await Post("/api/directory/organizations", Organizations.Body(code, "shelter"), Coordinator, 201);
    }

    protected static object ShareWith(
        string organization, string givenOn = Today, string? expiresOn = null, bool? includesPersonalDetails = null) => new
    {
        scope = "share_with_organization", organization, givenOn, expiresOn, includesPersonalDetails
    };

    /// <summary>Records the survivor's consent to share with <paramref name="organization"/>; returns its id.</summary>
    protected async Task<Guid> GiveConsent(
        Guid caseId, string organization, string? expiresOn = null, bool? includesPersonalDetails = null)
    {
        var response = await Post($"/api/cases/{caseId}/consents", ShareWith(organization, expiresOn: expiresOn,
            includesPersonalDetails: includesPersonalDetails), Worker, 201);
        return response.Json["consentId"]!.GetValue<Guid>();
    }

    protected async Task<Guid> Refer(Guid caseId, string organization, bool urgent = false, string domain = "housing")
    {
        var response = await Post($"/api/cases/{caseId}/referrals",
            new { toOrganization = organization, domain, reason = "Needs a shelter bed", urgent }, Worker, 201);
        return response.Json["referralId"]!.GetValue<Guid>();
    }

    protected Task<ApiResponse> Accept(Guid caseId, Guid referralId, TestUser user, int? expectedStatus = null) =>
        Post($"/api/cases/{caseId}/referrals/{referralId}/accept", new { }, user, expectedStatus);

    /// <summary>
    /// A case of cathii (with the canary personal details) shared with maison: consent given, referral made and
    /// accepted by maison's caseworker. Returns the ids needed to take the access back.
    /// </summary>
    protected async Task<(Guid CaseId, Guid ConsentId, Guid ReferralId)> SharedCase(
        bool includesPersonalDetails = false, string? expiresOn = null)
    {
        await RegisterMembers("maison", "refuge");
        var caseId = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));
        var consentId = await GiveConsent(caseId, "maison", expiresOn, includesPersonalDetails);
        var referralId = await Refer(caseId, "maison");
        await Accept(caseId, referralId, MaisonWorker, 200);
        return (caseId, consentId, referralId);
    }

    protected async Task<List<Guid>> ListedIds(TestUser user, string url = "/api/cases")
    {
        var response = await Get(url, user, 200);
        return response.Json["items"]!.AsArray().Select(item => item!["id"]!.GetValue<Guid>()).ToList();
    }

    protected static JsonNode Single(JsonNode? array) => array!.AsArray().ShouldHaveSingleItem()!;
}
