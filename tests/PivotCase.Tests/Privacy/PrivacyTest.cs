using Marten;
using Microsoft.Extensions.DependencyInjection;
using PivotCase.Api.Cases;
using PivotCase.Api.Privacy;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Privacy;

/// <summary>What the erasure, retention, access-log and export tests share.</summary>
public abstract class PrivacyTest(AppFixture app) : IntegrationTest(app)
{
    protected static readonly TestUser Coordinator = TestUser.Coordinator();
    protected static readonly TestUser Researcher = TestUser.Researcher();
    protected static readonly TestUser OtherOrgSupervisor = TestUser.Supervisor("autre", "supervisor-9");
    protected static readonly TestUser PartnerWorker = TestUser.Caseworker("maison", "worker-5");
    protected static readonly TestUser PartnerSupervisor = TestUser.Supervisor("maison", "supervisor-5");

    /// <summary>The canary's date of birth makes the survivor a minor: the case then carries the 18th-birthday month.</summary>
    protected const string MinorDateOfBirth = "2010-07-15";
    protected static readonly DateOnly ComesOfAgeMonth = new(2028, 7, 1);

    protected static object MinorWithCanary => new
    {
        accessPoint = "youth_protection",
        exploitationTypes = new[] { "sexual_exploitation" },
        trafficking = "domestic",
        ageGroup = "14_17",
        gender = "woman",
        region = "06",
        personalDetails = new
        {
            fullName = $"{Bodies.Canary} Marie-Ange",
            alias = $"{Bodies.Canary}-alias",
            dateOfBirth = MinorDateOfBirth,
            phone = "514-555-0199",
            email = "zzcanary@example.org",
            languages = new[] { "fr" },
            notes = $"{Bodies.Canary} notes"
        }
    };

    protected Task<ApiResponse> Erase(Guid caseId, string reason = "survivor_request", TestUser? user = null, int? expectedStatus = 200) =>
        Post($"/api/cases/{caseId}/erasure", new { reason }, user ?? Coordinator, expectedStatus);

    /// <summary>Makes "maison" a partner: a directory member holding an accepted referral under the survivor's consent.</summary>
    protected async Task ShareWithPartner(Guid caseId, bool includesPersonalDetails = false)
    {
        await Post("/api/directory/organizations", new
        {
            code = "maison", name = "Maison", sector = "shelter", regions = new[] { "06" }, languages = new[] { "fr" },
            contact = new { name = "Intake", phone = "514-555-0100", email = "intake@maison.example.org" },
            services = new[] { new { domain = "housing", description = "Shelter", available24h = true } }
        }, Coordinator, 201);
        await Post($"/api/cases/{caseId}/consents", new
        {
            scope = "share_with_organization", organization = "maison", givenOn = "2026-03-02", includesPersonalDetails
        }, Worker, 201);
        var referral = await Post($"/api/cases/{caseId}/referrals", new { toOrganization = "maison", domain = "housing" }, Worker, 201);
        await Post($"/api/cases/{caseId}/referrals/{referral.Json["referralId"]}/accept", new { }, PartnerWorker, 200);
    }

    protected async Task<CaseOpened> OpeningEvent(Guid caseId) =>
        (await Stream(caseId)).First().Data.ShouldBeOfType<CaseOpened>();

    /// <summary>The access log is written in batches after the response: wait for it (bounded), never sleep blindly.</summary>
    protected async Task<IReadOnlyList<CaseAccessRecord>> AccessRecords(Guid caseId, int atLeast)
    {
        var store = App.Host.Services.GetRequiredService<IDocumentStore>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            await using var session = store.QuerySession();
            var records = await session.Query<CaseAccessRecord>().Where(record => record.CaseId == caseId).ToListAsync();
            if (records.Count >= atLeast || DateTime.UtcNow > deadline) return records;
            await Task.Delay(50);
        }
    }
}
