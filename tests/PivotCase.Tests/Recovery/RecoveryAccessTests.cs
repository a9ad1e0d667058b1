using PivotCase.Api.Recovery;
using PivotCase.Api.Referrals;
using PivotCase.Api.Steps;
using PivotCase.Tests.Cases;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Recovery;

/// <summary>Recovery follows the case's access rule: owners read and write, partners read, others see nothing.</summary>
public sealed class RecoveryAccessTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task Another_organisation_finds_neither_the_recovery_nor_a_place_to_record_it()
    {
        var caseId = await OpenCase();

        (await Get($"/api/cases/{caseId}/recovery", OtherOrgWorker, 404)).IsProblem.ShouldBeTrue();
        (await Post($"/api/cases/{caseId}/assessments", RecoveryBodies.Assessment(), OtherOrgWorker, 404)).IsProblem.ShouldBeTrue();
        (await Stream(caseId)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Researchers_may_not_use_case_endpoints()
    {
        var caseId = await OpenCase();

        await Get($"/api/cases/{caseId}/recovery", TestUser.Researcher(), 403);
        await Post($"/api/cases/{caseId}/assessments", RecoveryBodies.Assessment(), TestUser.Researcher(), 403);
        (await Stream(caseId)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Supervisors_read_the_recovery_but_do_not_record_assessments()
    {
        var caseId = await OpenCase();
        await Post($"/api/cases/{caseId}/assessments", RecoveryBodies.Assessment(), Worker, 201);

        var recovery = await Get($"/api/cases/{caseId}/recovery", Supervisor, 200);
        await Post($"/api/cases/{caseId}/assessments", RecoveryBodies.Assessment("2026-03-01"), Supervisor, 403);

        recovery.Json["trajectory"]!.AsArray().ShouldHaveSingleItem();
        (await Stream(caseId)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_partner_with_an_accepted_referral_reads_the_recovery_but_only_the_owner_records_it()
    {
        var caseId = await OpenCase();
        var consent = await Post($"/api/cases/{caseId}/consents",
            new { scope = "share_with_organization", organization = OtherOrgWorker.Organization, givenOn = "2026-03-02" }, Worker, 201);
        await AcceptedReferral(caseId, consent.Json["consentId"]!.GetValue<Guid>());

        await Get($"/api/cases/{caseId}/recovery", OtherOrgWorker, 200);
        await Post($"/api/cases/{caseId}/assessments", RecoveryBodies.Assessment(), OtherOrgWorker, 403);
        (await Stream(caseId)).ShouldNotContain(@event => @event.Data is AssessmentRecorded);
    }

    private async Task AcceptedReferral(Guid caseId, Guid consentId)
    {
        var referralId = Guid.CreateVersion7();
        await App.AppendEventsAsync(caseId,
            new ReferralMade(caseId, referralId, "cathii", OtherOrgWorker.Organization, ServiceDomain.Housing, null, false,
                consentId, Worker.Sub, AppFixture.StartOfTime),
            new ReferralAccepted(caseId, referralId, null, OtherOrgWorker.Sub, AppFixture.StartOfTime));
    }
}
