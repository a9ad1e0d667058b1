using CaseClosed = PivotCase.Api.Cases.CaseClosed;
using PivotCase.Api.Referrals;
using PivotCase.Api.Steps;
using PivotCase.Tests.Cases;
using PivotCase.Tests.Steps;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Referrals;

/// <summary>
/// Referrals to coalition members under the survivor's consent, their answer by the receiving organisation, and the
/// partner access an accepted referral grants for as long as the consent is active.
/// </summary>
public sealed class ReferralTests(AppFixture app) : ReferralTest(app)
{
    private static string ReferralsOf(Guid caseId) => $"/api/cases/{caseId}/referrals";

    private static object ReferralTo(string organization, string domain = "housing", bool? urgent = null) =>
        new { toOrganization = organization, domain, reason = "Needs a shelter bed", urgent };

    // ---- Making a referral -------------------------------------------------------------------------------------

    [Fact]
    public async Task A_referral_under_an_active_consent_is_recorded_with_its_consent_and_shown_on_the_case()
    {
        await RegisterMembers("maison");
        var caseId = await OpenCase();
        var consentId = await GiveConsent(caseId, "maison");
        App.Clock.Advance(TimeSpan.FromMinutes(3));

        var response = await Post(ReferralsOf(caseId), ReferralTo("maison", urgent: true), Worker, 201);

        var referralId = response.Json["referralId"]!.GetValue<Guid>();
        response.Json["version"]!.GetValue<long>().ShouldBe(3);
        var stream = await Stream(caseId);
        stream.Count.ShouldBe(3);
        stream[2].Data.ShouldBeOfType<ReferralMade>().ShouldBe(new ReferralMade(caseId, referralId, "cathii", "maison",
            ServiceDomain.Housing, "Needs a shelter bed", true, consentId, Worker.Sub, AppFixture.StartOfTime.AddMinutes(3)));

        var referral = Single((await Get($"/api/cases/{caseId}", Worker, 200)).Json["referrals"]);
        referral["referralId"]!.GetValue<Guid>().ShouldBe(referralId);
        referral["fromOrganization"]!.GetValue<string>().ShouldBe("cathii");
        referral["toOrganization"]!.GetValue<string>().ShouldBe("maison");
        referral["domain"]!.GetValue<string>().ShouldBe("housing");
        referral["urgent"]!.GetValue<bool>().ShouldBeTrue();
        referral["status"]!.GetValue<string>().ShouldBe("pending");
        (await Get($"/api/cases/{caseId}/history", Worker, 200)).Json.AsArray().Last()!["summary"]!.GetValue<string>()
            .ShouldBe($"Referral {referralId} to maison for housing (urgent)");
    }

    [Fact]
    public async Task A_referral_is_not_urgent_unless_said_so()
    {
        await RegisterMembers("maison");
        var caseId = await OpenCase();
        await GiveConsent(caseId, "maison");

        await Post(ReferralsOf(caseId), new { toOrganization = "maison", domain = "legal" }, Worker, 201);

        var made = (await Stream(caseId)).Last().Data.ShouldBeOfType<ReferralMade>();
        made.Urgent.ShouldBeFalse();
        made.Reason.ShouldBeNull();
    }

    [Fact]
    public async Task Without_consent_the_referral_is_409_consent_required_and_nothing_is_appended()
    {
        await RegisterMembers("maison");
        var caseId = await OpenCase();

        var response = await Post(ReferralsOf(caseId), ReferralTo("maison"), Worker, 409);

        ShouldBeConsentRequired(response, "maison");
        (await Stream(caseId)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task With_an_expired_consent_the_referral_is_409_consent_required()
    {
        await RegisterMembers("maison");
        var caseId = await OpenCase();
        await GiveConsent(caseId, "maison", expiresOn: "2026-03-05");

        // The last day of the consent still counts …
        App.Clock.AdjustTime(new DateTimeOffset(2026, 3, 5, 22, 0, 0, TimeSpan.Zero));
        await Post(ReferralsOf(caseId), ReferralTo("maison"), Worker, 201);

        // … the next Quebec day it is over.
        App.Clock.AdjustTime(new DateTimeOffset(2026, 3, 6, 15, 0, 0, TimeSpan.Zero));
        var response = await Post(ReferralsOf(caseId), ReferralTo("maison"), Worker, 409);

        ShouldBeConsentRequired(response, "maison");
        (await Stream(caseId)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task With_a_withdrawn_consent_the_referral_is_409_consent_required()
    {
        await RegisterMembers("maison");
        var caseId = await OpenCase();
        var consentId = await GiveConsent(caseId, "maison");
        await Post($"/api/cases/{caseId}/consents/{consentId}/withdraw", new { }, Worker, 200);

        var response = await Post(ReferralsOf(caseId), ReferralTo("maison"), Worker, 409);

        ShouldBeConsentRequired(response, "maison");
        (await Stream(caseId)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_consent_for_another_organisation_or_for_research_does_not_allow_the_referral()
    {
        await RegisterMembers("maison", "refuge");
        var caseId = await OpenCase();
        await GiveConsent(caseId, "refuge");
        await Post($"/api/cases/{caseId}/consents", new { scope = "research_statistics", givenOn = Today }, Worker, 201);

        var response = await Post(ReferralsOf(caseId), ReferralTo("maison"), Worker, 409);

        ShouldBeConsentRequired(response, "maison");
        (await Stream(caseId)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_referral_to_an_organisation_outside_the_directory_is_400_even_with_consent()
    {
        await RegisterMembers("maison");
        var caseId = await OpenCase();
        await GiveConsent(caseId, "nowhere");

        var response = await Post(ReferralsOf(caseId), ReferralTo("nowhere"), Worker, 400);

        response.IsProblem.ShouldBeTrue();
        response.Errors!.Select(pair => pair.Key).ShouldBe(["toOrganization"]);
        (await Stream(caseId)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_second_referral_to_the_same_member_for_the_same_domain_is_409_while_the_first_is_pending()
    {
        await RegisterMembers("maison");
        var caseId = await OpenCase();
        await GiveConsent(caseId, "maison");
        var first = await Refer(caseId, "maison");

        var response = await Post(ReferralsOf(caseId), ReferralTo("maison"), Worker, 409);

        response.ShouldBeCleanProblem(409);
        response.Json["detail"]!.GetValue<string>().ShouldBe(
            "A referral to maison for housing is already pending: wait for its answer or cancel it first.");
        (await Stream(caseId)).Count.ShouldBe(3);
        await Post(ReferralsOf(caseId), ReferralTo("maison", domain: "legal"), Worker, 201);
        await Post($"/api/cases/{caseId}/referrals/{first}/decline", new { }, MaisonWorker, 200);
        await Post(ReferralsOf(caseId), ReferralTo("maison"), Worker, 201);
        (await Stream(caseId)).Count.ShouldBe(6);
    }

    [Fact]
    public async Task A_referral_to_the_cases_own_organisation_is_400()
    {
        await RegisterMembers("cathii", "maison");
        var caseId = await OpenCase();

        var response = await Post(ReferralsOf(caseId), ReferralTo("cathii"), Worker, 400);

        response.Errors!.Select(pair => pair.Key).ShouldBe(["toOrganization"]);
        (await Stream(caseId)).Count.ShouldBe(1);
    }

    [Theory]
    [InlineData("""{"domain":"housing"}""", "toOrganization")]
    [InlineData("""{"toOrganization":"maison"}""", "domain")]
    [InlineData("""{"toOrganization":"maison","domain":"spa"}""", "domain")]
    public async Task Referrals_missing_a_field_are_400_and_append_nothing(string body, string field)
    {
        await RegisterMembers("maison");
        var caseId = await OpenCase();
        await GiveConsent(caseId, "maison");

        var response = await Post(ReferralsOf(caseId), body, Worker, 400);

        response.Errors.ShouldNotBeNull(response.Body).ContainsKey(field).ShouldBeTrue(response.Body);
        (await Stream(caseId)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Another_organisation_and_supervisors_may_not_refer()
    {
        await RegisterMembers("maison");
        var caseId = await OpenCase();
        await GiveConsent(caseId, "maison");

        await Post(ReferralsOf(caseId), ReferralTo("maison"), OtherOrgWorker, 404);
        await Post(ReferralsOf(caseId), ReferralTo("maison"), MaisonWorker, 404);
        await Post(ReferralsOf(caseId), ReferralTo("maison"), Supervisor, 403);

        (await Stream(caseId)).Count.ShouldBe(2);
    }

    // ---- Incoming referrals ------------------------------------------------------------------------------------

    [Fact]
    public async Task The_receiving_organisation_sees_the_pending_referral_with_the_de_identified_profile_only()
    {
        await RegisterMembers("maison", "refuge");
        var caseId = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));
        await GiveConsent(caseId, "maison", includesPersonalDetails: true);
        var referralId = await Refer(caseId, "maison", urgent: true);

        var response = await Get("/api/referrals/incoming", MaisonWorker, 200);

        response.Body.ShouldNotContain(Bodies.Canary, Case.Insensitive);
        response.Body.ShouldNotContain("514-555-0199");
        response.Body.ShouldNotContain("personalDetails", Case.Insensitive);
        var incoming = Single(response.Json);
        incoming["referralId"]!.GetValue<Guid>().ShouldBe(referralId);
        incoming["caseId"]!.GetValue<Guid>().ShouldBe(caseId);
        incoming["fromOrganization"]!.GetValue<string>().ShouldBe("cathii");
        incoming["domain"]!.GetValue<string>().ShouldBe("housing");
        incoming["urgent"]!.GetValue<bool>().ShouldBeTrue();
        incoming["status"]!.GetValue<string>().ShouldBe("pending");
        DateTimeOffset.Parse(incoming["referredAt"]!.GetValue<string>()).ShouldBe(AppFixture.StartOfTime);
        var profile = incoming["case"]!;
        profile["accessPoint"]!.GetValue<string>().ShouldBe("police");
        profile["trafficking"]!.GetValue<string>().ShouldBe("international");
        profile["ageGroup"]!.GetValue<string>().ShouldBe("18_24");
        profile["gender"]!.GetValue<string>().ShouldBe("woman");
        profile["region"]!.GetValue<string>().ShouldBe("06");
        profile["organization"]!.GetValue<string>().ShouldBe("cathii");
        profile["exploitationTypes"]!.AsArray().Select(type => type!.GetValue<string>())
            .ShouldBe(["sexual_exploitation", "forced_labour"]);

        (await Get("/api/referrals/incoming", MaisonSupervisor, 200)).Json.AsArray().Count.ShouldBe(1);
        (await Get("/api/referrals/incoming?status=pending", MaisonWorker, 200)).Json.AsArray().Count.ShouldBe(1);
        (await Get("/api/referrals/incoming?status=accepted", MaisonWorker, 200)).Json.AsArray().ShouldBeEmpty();
        (await Get("/api/referrals/incoming", RefugeWorker, 200)).Json.AsArray().ShouldBeEmpty();
        (await Get("/api/referrals/incoming", Worker, 200)).Json.AsArray().ShouldBeEmpty();

        // Before acceptance the case itself stays hidden from the receiving organisation.
        await Get($"/api/cases/{caseId}", MaisonWorker, 404);
        await Get($"/api/cases/{caseId}/history", MaisonWorker, 404);
        (await ListedIds(MaisonWorker)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Once_the_consent_ends_the_incoming_referral_stays_listed_without_the_survivors_profile_or_its_reason()
    {
        await RegisterMembers("maison", "refuge");
        var caseId = await OpenCase();
        var consentId = await GiveConsent(caseId, "maison", expiresOn: "2026-03-05");
        var referralId = await Refer(caseId, "maison");
        var incoming = Single((await Get("/api/referrals/incoming", MaisonWorker, 200)).Json);
        incoming["consentInForce"]!.GetValue<bool>().ShouldBeTrue();
        incoming["case"]!["region"]!.GetValue<string>().ShouldBe("06");
        incoming["reason"]!.GetValue<string>().ShouldBe("Needs a shelter bed");

        App.Clock.AdjustTime(new DateTimeOffset(2026, 3, 6, 5, 30, 0, TimeSpan.Zero)); // 00:30 on the 6th in Quebec
        var expired = Single((await Get("/api/referrals/incoming", MaisonWorker, 200)).Json);
        expired["referralId"]!.GetValue<Guid>().ShouldBe(referralId);
        expired["status"]!.GetValue<string>().ShouldBe("pending");
        expired["consentInForce"]!.GetValue<bool>().ShouldBeFalse();
        expired["case"].ShouldBeNull();
        expired["reason"].ShouldBeNull();

        // Withdrawn rather than expired: the referral could never be accepted, so it is cancelled with the consent.
        App.Clock.AdjustTime(AppFixture.StartOfTime);
        var response = await Post($"/api/cases/{caseId}/consents/{consentId}/withdraw", new { }, Worker, 200);
        response.Json["version"]!.GetValue<long>().ShouldBe(5);
        var stream = await Stream(caseId);
        stream[^2].Data.ShouldBeOfType<ConsentWithdrawn>();
        stream[^1].Data.ShouldBeOfType<ReferralCancelled>().ShouldBe(
            new ReferralCancelled(caseId, referralId, null, Worker.Sub, AppFixture.StartOfTime));
        var cancelled = Single((await Get("/api/referrals/incoming", MaisonWorker, 200)).Json);
        cancelled["status"]!.GetValue<string>().ShouldBe("cancelled");
        cancelled["case"].ShouldBeNull();
        cancelled["reason"].ShouldBeNull();
        await Post($"/api/cases/{caseId}/referrals/{referralId}/decline", new { reason = "Consent withdrawn" }, MaisonWorker, 409);
    }

    [Fact]
    public async Task Withdrawing_a_consent_that_already_expired_leaves_its_referral_waiting_for_a_new_one()
    {
        await RegisterMembers("maison");
        var caseId = await OpenCase();
        var consentId = await GiveConsent(caseId, "maison", expiresOn: "2026-03-05");
        var referralId = await Refer(caseId, "maison");
        App.Clock.AdjustTime(new DateTimeOffset(2026, 3, 6, 15, 0, 0, TimeSpan.Zero));

        await Post($"/api/cases/{caseId}/consents/{consentId}/withdraw", new { }, Worker, 200);

        (await Stream(caseId)).Last().Data.ShouldBeOfType<ConsentWithdrawn>();
        await GiveConsent(caseId, "maison");
        await Accept(caseId, referralId, MaisonWorker, 200);
    }

    [Fact]
    public async Task Withdrawing_one_of_two_consents_to_the_same_member_leaves_its_pending_referral_waiting()
    {
        await RegisterMembers("maison", "refuge");
        var caseId = await OpenCase();
        var first = await GiveConsent(caseId, "maison");
        await GiveConsent(caseId, "maison");
        var toMaison = await Refer(caseId, "maison");
        var refugeConsent = await GiveConsent(caseId, "refuge");
        var toRefuge = await Refer(caseId, "refuge");

        await Post($"/api/cases/{caseId}/consents/{first}/withdraw", new { }, Worker, 200);

        (await Stream(caseId)).Last().Data.ShouldBeOfType<ConsentWithdrawn>();
        Single((await Get("/api/referrals/incoming", MaisonWorker, 200)).Json)["status"]!.GetValue<string>().ShouldBe("pending");

        await Post($"/api/cases/{caseId}/consents/{refugeConsent}/withdraw", new { }, Worker, 200);
        (await Stream(caseId)).Last().Data.ShouldBeOfType<ReferralCancelled>().ReferralId.ShouldBe(toRefuge);
        (await Get($"/api/cases/{caseId}", Worker, 200)).Json["referrals"]!.AsArray()
            .Single(referral => referral!["referralId"]!.GetValue<Guid>() == toMaison)!["status"]!.GetValue<string>().ShouldBe("pending");
    }

    [Fact]
    public async Task Incoming_referrals_are_for_case_readers_and_validate_their_status_filter()
    {
        await Get("/api/referrals/incoming?status=maybe", MaisonWorker, 400);
        await Get("/api/referrals/incoming", TestUser.Researcher("maison"), 403);
        await Get("/api/referrals/incoming", TestUser.Coordinator("maison"), 403);
        await Get("/api/referrals/incoming", null, 401);
    }

    [Fact]
    public async Task Incoming_referrals_show_the_answer_once_given()
    {
        await RegisterMembers("maison");
        var caseId = await OpenCase();
        await GiveConsent(caseId, "maison");
        var referralId = await Refer(caseId, "maison");
        App.Clock.Advance(TimeSpan.FromHours(1));
        await Accept(caseId, referralId, MaisonWorker, 200);

        var incoming = Single((await Get("/api/referrals/incoming?status=accepted", MaisonWorker, 200)).Json);

        incoming["status"]!.GetValue<string>().ShouldBe("accepted");
        DateTimeOffset.Parse(incoming["respondedAt"]!.GetValue<string>()).ShouldBe(AppFixture.StartOfTime.AddHours(1));
        // The profile stays while the consent lasts; who holds the case is read on the case itself once accepted.
        incoming["case"]!["region"]!.GetValue<string>().ShouldBe("06");
        incoming["case"]!["organization"].ShouldBeNull();
        (await Get("/api/referrals/incoming?status=pending", MaisonWorker, 200)).Json.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_declined_or_cancelled_referral_stays_listed_without_the_profile_or_reason_while_the_consent_lasts()
    {
        await RegisterMembers("maison");
        var caseId = await OpenCase();
        await GiveConsent(caseId, "maison");
        var declined = await Refer(caseId, "maison");
        await Post($"/api/cases/{caseId}/referrals/{declined}/decline", new { reason = "No bed" }, MaisonWorker, 200);
        var cancelled = await Refer(caseId, "maison");
        await Post($"/api/cases/{caseId}/referrals/{cancelled}/cancel", new { }, Worker, 200);
        var accepted = await Refer(caseId, "maison");
        await Accept(caseId, accepted, MaisonWorker, 200);
        (await Stream(caseId)).Select(stored => stored.Data).OfType<ReferralCancelled>().ShouldHaveSingleItem();

        var incoming = (await Get("/api/referrals/incoming", MaisonWorker, 200)).Json.AsArray()
            .ToDictionary(referral => referral!["referralId"]!.GetValue<Guid>(), referral => referral!);

        incoming.Count.ShouldBe(3);
        foreach (var closed in new[] { declined, cancelled })
        {
            incoming[closed]["consentInForce"]!.GetValue<bool>().ShouldBeTrue();
            incoming[closed]["case"].ShouldBeNull();
            incoming[closed]["reason"].ShouldBeNull();
        }
        incoming[accepted]["case"]!["region"]!.GetValue<string>().ShouldBe("06");
        incoming[accepted]["reason"]!.GetValue<string>().ShouldBe("Needs a shelter bed");
    }

    // ---- Accepting: partner access -----------------------------------------------------------------------------

    [Fact]
    public async Task Accepting_records_who_and_when_and_the_partner_reads_the_case_without_personal_details()
    {
        await RegisterMembers("maison");
        var caseId = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));
        await GiveConsent(caseId, "maison");
        var referralId = await Refer(caseId, "maison");
        App.Clock.Advance(TimeSpan.FromMinutes(30));

        var response = await Accept(caseId, referralId, MaisonWorker, 200);

        response.Json["version"]!.GetValue<long>().ShouldBe(4);
        (await Stream(caseId)).Last().Data.ShouldBeOfType<ReferralAccepted>()
            .ShouldBe(new ReferralAccepted(caseId, referralId, null, MaisonWorker.Sub, AppFixture.StartOfTime.AddMinutes(30)));

        var read = await Get($"/api/cases/{caseId}", MaisonWorker, 200);
        read.Json["id"]!.GetValue<Guid>().ShouldBe(caseId);
        read.Json["organization"]!.GetValue<string>().ShouldBe("cathii");
        read.Json["personalDetails"].ShouldBeNull();
        read.Body.ShouldNotContain(Bodies.Canary, Case.Insensitive);
        var referral = Single(read.Json["referrals"]);
        referral["status"]!.GetValue<string>().ShouldBe("accepted");
        referral["respondedBy"]!.GetValue<string>().ShouldBe(MaisonWorker.Sub);

        var history = await Get($"/api/cases/{caseId}/history", MaisonWorker, 200);
        history.Json.AsArray().Last()!["summary"]!.GetValue<string>().ShouldBe($"Referral {referralId} accepted");
        history.Body.ShouldNotContain(Bodies.Canary, Case.Insensitive);

        // The owner still sees everything.
        (await Get($"/api/cases/{caseId}", Worker, 200)).Json["personalDetails"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Accepting_may_give_a_reason_which_is_kept_with_the_answer()
    {
        // api.md: "/accept and /decline { "reason"? }".
        await RegisterMembers("maison");
        var caseId = await OpenCase();
        await GiveConsent(caseId, "maison");
        var referralId = await Refer(caseId, "maison");

        await Post($"/api/cases/{caseId}/referrals/{referralId}/accept", new { reason = "Bed reserved for tonight" }, MaisonWorker, 200);

        (await Stream(caseId)).Last().Data.ShouldBeOfType<ReferralAccepted>();
        var referral = Single((await Get($"/api/cases/{caseId}", Worker, 200)).Json["referrals"]);
        referral["status"]!.GetValue<string>().ShouldBe("accepted");
        (referral["responseReason"]?.GetValue<string>()).ShouldBe("Bed reserved for tonight", "the accept reason of api.md is dropped");
    }

    [Fact]
    public async Task A_partner_sees_the_personal_details_when_the_consent_includes_them()
    {
        var (caseId, _, _) = await SharedCase(includesPersonalDetails: true);

        var details = (await Get($"/api/cases/{caseId}", MaisonWorker, 200)).Json["personalDetails"].ShouldNotBeNull();
        details["fullName"]!.GetValue<string>().ShouldBe($"{Bodies.Canary} Marie-Ange");
        details["phone"]!.GetValue<string>().ShouldBe("514-555-0199");

        await Get($"/api/cases/{caseId}", MaisonSupervisor, 404);
    }

    [Fact]
    public async Task A_later_consent_with_personal_details_reveals_them_and_its_withdrawal_hides_them_again()
    {
        var (caseId, _, _) = await SharedCase();
        (await Get($"/api/cases/{caseId}", MaisonWorker, 200)).Json["personalDetails"].ShouldBeNull();

        var wider = await GiveConsent(caseId, "maison", includesPersonalDetails: true);
        (await Get($"/api/cases/{caseId}", MaisonWorker, 200)).Json["personalDetails"].ShouldNotBeNull();

        await Post($"/api/cases/{caseId}/consents/{wider}/withdraw", new { }, Worker, 200);
        var read = await Get($"/api/cases/{caseId}", MaisonWorker, 200);
        read.Json["personalDetails"].ShouldBeNull();
        read.Body.ShouldNotContain(Bodies.Canary, Case.Insensitive);
    }

    [Fact]
    public async Task The_partners_caseworkers_read_and_list_the_case_and_its_supervisors_do_not()
    {
        var (caseId, _, _) = await SharedCase();
        var ownOnly = await OpenCase(MaisonWorker);

        (await Get($"/api/cases/{caseId}/history", MaisonWorker, 200)).Json.AsArray().Count.ShouldBe(4);
        CaseTestKit.ProblemShape(await Get($"/api/cases/{caseId}", MaisonSupervisor, 404))
            .ShouldBe(CaseTestKit.ProblemShape(await Get($"/api/cases/{Guid.NewGuid()}", MaisonSupervisor, 404)));
        await Get($"/api/cases/{caseId}/history", MaisonSupervisor, 404);
        await Get($"/api/cases/{caseId}/recovery", MaisonSupervisor, 404);
        await Get($"/api/cases/{caseId}/suggestions", MaisonSupervisor, 404);

        (await ListedIds(MaisonWorker)).ShouldBe([ownOnly, caseId], ignoreOrder: true);
        (await ListedIds(MaisonSupervisor)).ShouldBe([ownOnly]);
        (await Get("/api/cases", MaisonSupervisor, 200)).Json["totalCount"]!.GetValue<int>().ShouldBe(1);
        (await ListedIds(MaisonWorker, "/api/cases?status=open")).ShouldContain(caseId);
        (await ListedIds(Worker)).ShouldBe([caseId]);
        (await ListedIds(RefugeWorker)).ShouldBeEmpty();
        (await Get("/api/cases", MaisonWorker, 200)).Body.ShouldNotContain(Bodies.Canary, Case.Insensitive);
    }

    [Fact]
    public async Task The_partner_logs_steps_in_its_own_name()
    {
        var (caseId, _, _) = await SharedCase();
        var versionBefore = (await Stream(caseId)).Count;

        var stepId = await PlanStep(caseId, new { domain = "housing", title = "Shelter bed", timeframe = "immediate" }, MaisonWorker);
        await Post($"/api/cases/{caseId}/steps/{stepId}/start", new { }, MaisonWorker, 200);
        await Post($"/api/cases/{caseId}/steps/{stepId}/complete", new { outcome = "Placed" }, MaisonWorker, 200);
        var other = await PlanStep(caseId, new { domain = "legal", title = "Legal aid", timeframe = "short_term" }, MaisonWorker);
        await Post($"/api/cases/{caseId}/steps/{other}/cancel", new { reason = "Owner handles it" }, MaisonWorker, 200);

        var stream = await Stream(caseId);
        stream.Count.ShouldBe(versionBefore + 5);
        stream[versionBefore].Data.ShouldBeOfType<StepPlanned>().PlannedBy.ShouldBe(MaisonWorker.Sub);
        stream[versionBefore + 1].Data.ShouldBeOfType<StepStarted>().StartedBy.ShouldBe(MaisonWorker.Sub);
        stream[versionBefore + 2].Data.ShouldBeOfType<StepCompleted>().CompletedBy.ShouldBe(MaisonWorker.Sub);
        stream[versionBefore + 4].Data.ShouldBeOfType<StepCancelled>().CancelledBy.ShouldBe(MaisonWorker.Sub);

        var steps = (await Get($"/api/cases/{caseId}", Worker, 200)).Json["steps"]!.AsArray();
        steps.Count.ShouldBe(2);
        steps[0]!["plannedBy"]!.GetValue<string>().ShouldBe(MaisonWorker.Sub);
        steps[0]!["status"]!.GetValue<string>().ShouldBe("done");
        steps[1]!["status"]!.GetValue<string>().ShouldBe("cancelled");
    }

    public static TheoryData<string, string> OwnerOnlyWrites => new()
    {
        { "/close", """{"reason":"goals_met"}""" },
        { "/needs", """{"domain":"housing","timeframe":"immediate"}""" },
        { "/consents", """{"scope":"share_with_organization","organization":"refuge","givenOn":"2026-03-02"}""" },
        { "/consents/{consentId}/withdraw", "{}" },
        { "/referrals", """{"toOrganization":"refuge","domain":"housing"}""" },
        { "/referrals/{referralId}/cancel", "{}" },
        { "/transfer", """{"toWorker":"maison-worker-1","toOrganization":"maison"}""" },
        { "/transfer", """{"toWorker":"worker-2"}""" },
        { "/assessments", """{"assessedOn":"2026-03-02","scores":{"housing":3}}""" },
        { "/immigration", """{"kind":"trp_applied","on":"2026-03-02"}""" },
        { "/compensation", """{"kind":"claim_filed","on":"2026-03-02"}""" },
        { "/emergency-fund", """{"amount":50,"category":"transport","on":"2026-03-02"}""" },
        { "/reopen", "{}" }
    };

    [Theory]
    [MemberData(nameof(OwnerOnlyWrites))]
    public async Task Every_other_write_by_the_partner_is_403_and_appends_nothing(string path, string body)
    {
        var (caseId, consentId, referralId) = await SharedCase();
        await GiveConsent(caseId, "refuge");
        var before = await App.AllEventCount();

        var url = $"/api/cases/{caseId}" + path.Replace("{consentId}", consentId.ToString()).Replace("{referralId}", referralId.ToString());
        var response = await Post(url, body, MaisonWorker, 403);

        response.IsProblem.ShouldBeTrue();
        (await App.AllEventCount()).ShouldBe(before);
    }

    // ---- Access ends with the consent --------------------------------------------------------------------------

    [Fact]
    public async Task Withdrawing_the_consent_ends_the_partners_access_at_once()
    {
        var (caseId, consentId, _) = await SharedCase(includesPersonalDetails: true);
        var stepId = await PlanStep(caseId, null, MaisonWorker);
        (await ListedIds(MaisonWorker)).ShouldBe([caseId]);

        await Post($"/api/cases/{caseId}/consents/{consentId}/withdraw", new { }, Worker, 200);

        await ShouldBeHiddenFrom(caseId, stepId, MaisonWorker);
        // The owner keeps the case, the partner's steps included.
        (await Get($"/api/cases/{caseId}", Worker, 200)).Json["steps"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task The_consent_expiring_ends_the_partners_access_without_any_event()
    {
        var (caseId, _, _) = await SharedCase(includesPersonalDetails: true, expiresOn: "2026-03-05");
        var stepId = await PlanStep(caseId, null, MaisonWorker);

        App.Clock.AdjustTime(new DateTimeOffset(2026, 3, 6, 4, 30, 0, TimeSpan.Zero)); // 23:30 on the 5th in Quebec
        (await Get($"/api/cases/{caseId}", MaisonWorker, 200)).Json["personalDetails"].ShouldNotBeNull();
        var events = (await Stream(caseId)).Count;

        App.Clock.AdjustTime(new DateTimeOffset(2026, 3, 6, 5, 30, 0, TimeSpan.Zero)); // 00:30 on the 6th in Quebec
        await ShouldBeHiddenFrom(caseId, stepId, MaisonWorker);
        (await Stream(caseId)).Count.ShouldBe(events);
        (await Get($"/api/cases/{caseId}", Worker, 200)).Json["personalDetails"].ShouldNotBeNull();
    }

    [Fact]
    public async Task A_former_partners_page_counts_only_the_cases_it_can_see()
    {
        // api.md: GET /api/cases answers "the caller's visible cases, paged".
        var (caseId, consentId, _) = await SharedCase();
        var own = await OpenCase(MaisonWorker);
        await Post($"/api/cases/{caseId}/consents/{consentId}/withdraw", new { }, Worker, 200);

        var page = (await Get("/api/cases", MaisonWorker, 200)).Json;

        page["items"]!.AsArray().Select(item => item!["id"]!.GetValue<Guid>()).ShouldBe([own]);
        page["totalCount"]!.GetValue<long>().ShouldBe(1);
    }

    [Fact]
    public async Task A_partner_whose_consent_expired_gets_full_pages_and_a_count_of_the_cases_it_still_sees()
    {
        var own = await OpenCase(MaisonWorker);
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var (shared, _, _) = await SharedCase(expiresOn: "2026-03-05"); // newer: first in the list's order

        App.Clock.AdjustTime(new DateTimeOffset(2026, 3, 6, 4, 30, 0, TimeSpan.Zero)); // 23:30 on the 5th in Quebec
        var before = (await Get("/api/cases?pageSize=1", MaisonWorker, 200)).Json;
        before["items"]!.AsArray().Select(item => item!["id"]!.GetValue<Guid>()).ShouldBe([shared]);
        before["totalCount"]!.GetValue<long>().ShouldBe(2);

        App.Clock.AdjustTime(new DateTimeOffset(2026, 3, 6, 5, 30, 0, TimeSpan.Zero)); // 00:30 on the 6th in Quebec
        var after = (await Get("/api/cases?pageSize=1", MaisonWorker, 200)).Json;
        after["items"]!.AsArray().Select(item => item!["id"]!.GetValue<Guid>()).ShouldBe([own]);
        after["totalCount"]!.GetValue<long>().ShouldBe(1);
        (await ListedIds(MaisonWorker, "/api/cases?pageSize=1&page=2")).ShouldBeEmpty();
        (await ListedIds(Worker)).ShouldBe([shared]);
    }

    [Fact]
    public async Task A_partner_sees_the_eighteenth_birthday_deadline_only_with_a_consent_that_includes_personal_details()
    {
        await RegisterMembers("maison", "refuge");
        var caseId = await OpenCase(body: new
        {
            accessPoint = "youth_protection", exploitationTypes = new[] { "sexual_exploitation" }, trafficking = "domestic",
            ageGroup = "14_17", gender = "woman", region = "06", personalDetails = new { dateOfBirth = "2010-07-15" }
        });
        await GiveConsent(caseId, "maison", includesPersonalDetails: false);
        await Accept(caseId, await Refer(caseId, "maison"), MaisonWorker, 200);
        static List<string> Kinds(ApiResponse response) =>
            response.Json["deadlines"]!.AsArray().Select(deadline => deadline!["kind"]!.GetValue<string>()).ToList();

        Kinds(await Get($"/api/cases/{caseId}", Worker, 200)).ShouldContain("eighteenth_birthday");
        var partnerView = await Get($"/api/cases/{caseId}", MaisonWorker, 200);
        Kinds(partnerView).ShouldNotContain("eighteenth_birthday");
        partnerView.Body.ShouldNotContain("2028-07");

        await GiveConsent(caseId, "maison", includesPersonalDetails: true);
        Kinds(await Get($"/api/cases/{caseId}", MaisonWorker, 200)).ShouldContain("eighteenth_birthday");
    }

    [Fact]
    public async Task A_partners_history_leaves_out_the_survivors_other_relationships()
    {
        var (caseId, consentId, referralId) = await SharedCase();
        var refugeConsent = await GiveConsent(caseId, "refuge");
        var refugeReferral = await Refer(caseId, "refuge");
        await Post($"/api/cases/{caseId}/referrals/{refugeReferral}/cancel", new { }, Worker, 200);
        await Post($"/api/cases/{caseId}/consents/{refugeConsent}/withdraw", new { }, Worker, 200);
        await Post($"/api/cases/{caseId}/consents", new { scope = "research_statistics", givenOn = Today }, Worker, 201);
        await PlanStep(caseId, null, MaisonWorker);

        var partnerHistory = await Get($"/api/cases/{caseId}/history", MaisonWorker, 200);
        var ownerHistory = (await Get($"/api/cases/{caseId}/history", Worker, 200)).Json.AsArray();

        partnerHistory.Body.ShouldNotContain("refuge");
        partnerHistory.Body.ShouldNotContain(refugeReferral.ToString());
        partnerHistory.Body.ShouldNotContain(refugeConsent.ToString());
        partnerHistory.Body.ShouldNotContain("research_statistics");
        partnerHistory.Json.AsArray().Select(entry => entry!["type"]!.GetValue<string>()).ShouldBe(
            ["case_opened", "consent_given", "referral_made", "referral_accepted", "step_planned"]);
        partnerHistory.Body.ShouldContain(consentId.ToString());
        partnerHistory.Body.ShouldContain(referralId.ToString());
        ownerHistory.Count.ShouldBe(10);
    }

    [Fact]
    public async Task A_partner_sees_its_own_referral_and_consents_but_not_the_survivors_other_relationships()
    {
        var (caseId, consentId, referralId) = await SharedCase();
        await GiveConsent(caseId, "refuge");
        var refugeReferral = await Refer(caseId, "refuge");
        await Post($"/api/cases/{caseId}/consents", new { scope = "research_statistics", givenOn = Today }, Worker, 201);

        var partnerView = (await Get($"/api/cases/{caseId}", MaisonWorker, 200)).Json;
        var ownerView = (await Get($"/api/cases/{caseId}", Worker, 200)).Json;

        partnerView["referrals"]!.AsArray().Select(referral => referral!["referralId"]!.GetValue<Guid>()).ShouldBe([referralId]);
        partnerView["consents"]!.AsArray().Select(consent => consent!["consentId"]!.GetValue<Guid>()).ShouldBe([consentId]);
        ownerView["referrals"]!.AsArray().Select(referral => referral!["referralId"]!.GetValue<Guid>())
            .ShouldBe([referralId, refugeReferral], ignoreOrder: true);
        ownerView["consents"]!.AsArray().Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_new_consent_after_withdrawal_restores_access_to_the_accepted_referral()
    {
        var (caseId, consentId, _) = await SharedCase();
        await Post($"/api/cases/{caseId}/consents/{consentId}/withdraw", new { }, Worker, 200);
        await Get($"/api/cases/{caseId}", MaisonWorker, 404);

        await GiveConsent(caseId, "maison");

        await Get($"/api/cases/{caseId}", MaisonWorker, 200);
    }

    // ---- Answering: only the receiving organisation ------------------------------------------------------------

    [Fact]
    public async Task The_owning_organisation_may_not_accept_or_decline_its_own_referral()
    {
        await RegisterMembers("maison");
        var caseId = await OpenCase();
        await GiveConsent(caseId, "maison");
        var referralId = await Refer(caseId, "maison");

        (await Accept(caseId, referralId, Worker, 403)).IsProblem.ShouldBeTrue();
        (await Post($"/api/cases/{caseId}/referrals/{referralId}/decline", new { }, Worker, 403)).IsProblem.ShouldBeTrue();
        await Accept(caseId, referralId, Supervisor, 403);

        (await Stream(caseId)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_third_organisation_cannot_tell_the_referral_exists()
    {
        await RegisterMembers("maison", "refuge");
        var caseId = await OpenCase();
        await GiveConsent(caseId, "maison");
        var referralId = await Refer(caseId, "maison");

        var accept = await Accept(caseId, referralId, RefugeWorker, 404);
        var decline = await Post($"/api/cases/{caseId}/referrals/{referralId}/decline", new { }, RefugeWorker, 404);
        var unknown = await Accept(Guid.NewGuid(), referralId, RefugeWorker, 404);

        CaseTestKit.ProblemShape(accept).ShouldBe(CaseTestKit.ProblemShape(unknown));
        CaseTestKit.ProblemShape(decline).ShouldBe(CaseTestKit.ProblemShape(unknown));
        (await Stream(caseId)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task An_unknown_referral_is_not_found()
    {
        await RegisterMembers("maison");
        var caseId = await OpenCase();
        await GiveConsent(caseId, "maison");
        await Refer(caseId, "maison");

        await Accept(caseId, Guid.NewGuid(), MaisonWorker, 404);
        await Accept(caseId, Guid.NewGuid(), Worker, 404);
        await Post($"/api/cases/{caseId}/referrals/{Guid.NewGuid()}/cancel", new { }, Worker, 404);

        (await Stream(caseId)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task Accepting_twice_is_a_conflict()
    {
        var (caseId, _, referralId) = await SharedCase();
        var events = (await Stream(caseId)).Count;

        (await Accept(caseId, referralId, MaisonWorker, 409)).IsProblem.ShouldBeTrue();
        await Post($"/api/cases/{caseId}/referrals/{referralId}/decline", new { }, MaisonWorker, 409);
        await Post($"/api/cases/{caseId}/referrals/{referralId}/cancel", new { }, Worker, 409);

        (await Stream(caseId)).Count.ShouldBe(events);
    }

    [Fact]
    public async Task Declining_records_the_reason_and_grants_no_access()
    {
        await RegisterMembers("maison");
        var caseId = await OpenCase();
        await GiveConsent(caseId, "maison");
        var referralId = await Refer(caseId, "maison");

        await Post($"/api/cases/{caseId}/referrals/{referralId}/decline", new { reason = "No bed available" }, MaisonWorker, 200);

        (await Stream(caseId)).Last().Data.ShouldBeOfType<ReferralDeclined>()
            .ShouldBe(new ReferralDeclined(caseId, referralId, "No bed available", MaisonWorker.Sub, AppFixture.StartOfTime));
        var referral = Single((await Get($"/api/cases/{caseId}", Worker, 200)).Json["referrals"]);
        referral["status"]!.GetValue<string>().ShouldBe("declined");
        referral["responseReason"]!.GetValue<string>().ShouldBe("No bed available");

        await Get($"/api/cases/{caseId}", MaisonWorker, 404);
        await Post($"/api/cases/{caseId}/steps", new { domain = "housing", title = "Bed", timeframe = "immediate" }, MaisonWorker, 404);
        (await ListedIds(MaisonWorker)).ShouldBeEmpty();
        await Accept(caseId, referralId, MaisonWorker, 409);
        (await Stream(caseId)).Count.ShouldBe(4);
    }

    [Fact]
    public async Task The_referring_organisation_cancels_a_pending_referral_which_can_then_not_be_accepted()
    {
        await RegisterMembers("maison");
        var caseId = await OpenCase();
        await GiveConsent(caseId, "maison");
        var referralId = await Refer(caseId, "maison");

        // The receiving organisation cannot cancel; it cannot even see the case yet.
        await Post($"/api/cases/{caseId}/referrals/{referralId}/cancel", new { }, MaisonWorker, 404);
        await Post($"/api/cases/{caseId}/referrals/{referralId}/cancel", new { }, Supervisor, 403);
        (await Stream(caseId)).Count.ShouldBe(3);

        await Post($"/api/cases/{caseId}/referrals/{referralId}/cancel", new { reason = "Found a bed closer" }, Worker, 200);

        (await Stream(caseId)).Last().Data.ShouldBeOfType<ReferralCancelled>()
            .ShouldBe(new ReferralCancelled(caseId, referralId, "Found a bed closer", Worker.Sub, AppFixture.StartOfTime));
        Single((await Get($"/api/cases/{caseId}", Worker, 200)).Json["referrals"])["status"]!.GetValue<string>().ShouldBe("cancelled");

        (await Accept(caseId, referralId, MaisonWorker, 409)).IsProblem.ShouldBeTrue();
        await Post($"/api/cases/{caseId}/referrals/{referralId}/cancel", new { }, Worker, 409);
        await Get($"/api/cases/{caseId}", MaisonWorker, 404);
        (await Stream(caseId)).Count.ShouldBe(4);
    }

    [Fact]
    public async Task Accepting_after_the_consent_was_withdrawn_is_409_as_the_referral_was_cancelled_with_it()
    {
        await RegisterMembers("maison");
        var caseId = await OpenCase();
        var consentId = await GiveConsent(caseId, "maison");
        var referralId = await Refer(caseId, "maison");
        await Post($"/api/cases/{caseId}/consents/{consentId}/withdraw", new { }, Worker, 200);

        var response = await Accept(caseId, referralId, MaisonWorker, 409);

        response.Json["detail"]!.GetValue<string>().ShouldBe("The referral is already cancelled.");
        (await Stream(caseId)).Count.ShouldBe(5);
        await Get($"/api/cases/{caseId}", MaisonWorker, 404);
    }

    [Fact]
    public async Task Accepting_after_the_consent_expired_is_409_consent_required()
    {
        await RegisterMembers("maison");
        var caseId = await OpenCase();
        await GiveConsent(caseId, "maison", expiresOn: "2026-03-05");
        var referralId = await Refer(caseId, "maison");
        App.Clock.AdjustTime(new DateTimeOffset(2026, 3, 6, 15, 0, 0, TimeSpan.Zero));

        ShouldBeConsentRequired(await Accept(caseId, referralId, MaisonWorker, 409), "maison");
        (await Stream(caseId)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_referral_on_a_closed_case_cannot_be_made_or_accepted()
    {
        await RegisterMembers("maison");
        var caseId = await OpenCase();
        await GiveConsent(caseId, "maison");
        var referralId = await Refer(caseId, "maison");
        await Post($"/api/cases/{caseId}/close", new { reason = "moved" }, Worker, 200);

        await Post(ReferralsOf(caseId), ReferralTo("maison"), Worker, 409);
        await Accept(caseId, referralId, MaisonWorker, 409);
        await Post($"/api/cases/{caseId}/referrals/{referralId}/decline", new { }, MaisonWorker, 409);

        (await Stream(caseId)).Count.ShouldBe(5);
    }

    [Fact]
    public async Task Closing_a_case_cancels_its_pending_referrals_and_only_those()
    {
        await RegisterMembers("maison", "refuge");
        var caseId = await OpenCase();
        await GiveConsent(caseId, "maison");
        await GiveConsent(caseId, "refuge");
        var accepted = await Refer(caseId, "maison");
        await Accept(caseId, accepted, MaisonWorker, 200);
        var pending = await Refer(caseId, "refuge", urgent: true);
        App.Clock.Advance(TimeSpan.FromHours(2));

        var closed = await Post($"/api/cases/{caseId}/close", new { reason = "moved" }, Worker, 200);

        var stream = await Stream(caseId);
        stream.Count.ShouldBe(8);
        closed.Json["version"]!.GetValue<long>().ShouldBe(8);
        var closedAt = AppFixture.StartOfTime.AddHours(2);
        stream[6].Data.ShouldBe(new ReferralCancelled(caseId, pending, null, Worker.Sub, closedAt));
        stream[7].Data.ShouldBeOfType<CaseClosed>().ClosedAt.ShouldBe(closedAt);

        var referrals = (await Get($"/api/cases/{caseId}", Worker, 200)).Json["referrals"]!.AsArray();
        referrals.Select(referral => (referral!["referralId"]!.GetValue<Guid>(), referral["status"]!.GetValue<string>()))
            .ShouldBe([(accepted, "accepted"), (pending, "cancelled")], ignoreOrder: true);
        Single((await Get("/api/referrals/incoming", RefugeWorker, 200)).Json)["status"]!.GetValue<string>().ShouldBe("cancelled");
        Single((await Get("/api/referrals/incoming", MaisonWorker, 200)).Json)["status"]!.GetValue<string>().ShouldBe("accepted");

        await Post($"/api/cases/{caseId}/reopen", new { }, Worker, 200);
        await ProjectionsCaughtUp();
        (await Get("/api/referrals/incoming?status=pending", RefugeWorker, 200)).Json.AsArray().ShouldBeEmpty();
        (await Get("/api/dashboard", Supervisor, 200)).Json["pendingReferrals"]!.AsArray().ShouldBeEmpty();
        (await Stream(caseId)).Count.ShouldBe(9);
    }

    // ---- Helpers -----------------------------------------------------------------------------------------------

    private static void ShouldBeConsentRequired(ApiResponse response, string organization)
    {
        response.Status.ShouldBe(409, response.Body);
        response.IsProblem.ShouldBeTrue();
        response.Json["title"]!.GetValue<string>().ShouldBe("Consent required");
        response.Json["detail"]!.GetValue<string>().ShouldContain(organization);
    }

    /// <summary>Every read and step write answers 404, like an unknown case, and the case leaves the lists.</summary>
    private async Task ShouldBeHiddenFrom(Guid caseId, Guid stepId, TestUser user)
    {
        var unknown = await Get($"/api/cases/{Guid.NewGuid()}", user, 404);
        foreach (var path in new[] { "", "/history", "/recovery", "/suggestions" })
        {
            var response = await Get($"/api/cases/{caseId}{path}", user, 404);
            response.Body.ShouldNotContain(Bodies.Canary, Case.Insensitive);
            if (path == "") CaseTestKit.ProblemShape(response).ShouldBe(CaseTestKit.ProblemShape(unknown));
        }

        (await ListedIds(user)).ShouldNotContain(caseId);
        (await Get("/api/cases", user, 200)).Body.ShouldNotContain(caseId.ToString());

        if (!user.Roles.Contains("caseworker")) return;
        var before = (await Stream(caseId)).Count;
        await Post($"/api/cases/{caseId}/steps", new { domain = "housing", title = "Bed", timeframe = "immediate" }, user, 404);
        await Post($"/api/cases/{caseId}/steps/{stepId}/start", new { }, user, 404);
        await Post($"/api/cases/{caseId}/steps/{stepId}/complete", new { }, user, 404);
        await Post($"/api/cases/{caseId}/steps/{stepId}/cancel", new { reason = "x" }, user, 404);
        (await Stream(caseId)).Count.ShouldBe(before);
    }
}
