using PivotCase.Api.Cases;
using PivotCase.Tests.Referrals;
using PivotCase.Tests.Support;
using Case = Shouldly.Case;

namespace PivotCase.Tests.Cases;

/// <summary>POST /api/cases/{id}/transfer: a new pivot worker, and a new organisation only under the survivor's consent.</summary>
public sealed class TransferTests(AppFixture app) : ReferralTest(app)
{
    private static readonly TestUser Colleague = TestUser.Caseworker(sub: "worker-2");

    private static string TransferOf(Guid caseId) => $"/api/cases/{caseId}/transfer";

    [Fact]
    public async Task A_transfer_to_a_colleague_changes_the_pivot_worker_and_the_history_shows_it()
    {
        var caseId = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));
        App.Clock.Advance(TimeSpan.FromMinutes(20));

        var response = await Post(TransferOf(caseId), new { toWorker = Colleague.Sub }, Worker, 200);

        response.Json["id"]!.GetValue<Guid>().ShouldBe(caseId);
        response.Json["version"]!.GetValue<long>().ShouldBe(2);
        (await Stream(caseId)).Last().Data.ShouldBeOfType<CaseTransferred>().ShouldBe(new CaseTransferred(caseId,
            Worker.Sub, Colleague.Sub, "cathii", "cathii", Worker.Sub, AppFixture.StartOfTime.AddMinutes(20)));

        var read = await Get($"/api/cases/{caseId}", Colleague, 200);
        read.Json["pivotWorker"]!.GetValue<string>().ShouldBe(Colleague.Sub);
        read.Json["organization"]!.GetValue<string>().ShouldBe("cathii");
        read.Json["version"]!.GetValue<long>().ShouldBe(2);
        read.Json["personalDetails"].ShouldNotBeNull();

        var entry = (await Get($"/api/cases/{caseId}/history", Worker, 200)).Json.AsArray().Last()!;
        entry["type"]!.GetValue<string>().ShouldBe("case_transferred");
        entry["by"]!.GetValue<string>().ShouldBe(Worker.Sub);
        entry["summary"]!.GetValue<string>().ShouldBe($"Case transferred from {Worker.Sub} (cathii) to {Colleague.Sub} (cathii)");

        var summary = (await Get("/api/cases", Worker, 200)).Json["items"]!.AsArray().ShouldHaveSingleItem()!;
        summary["pivotWorker"]!.GetValue<string>().ShouldBe(Colleague.Sub);
    }

    [Fact]
    public async Task A_partner_reads_that_the_case_was_transferred_without_whom_between()
    {
        var (caseId, _, _) = await SharedCase();

        await Post(TransferOf(caseId), new { toWorker = Colleague.Sub }, Worker, 200);

        var partners = (await Get($"/api/cases/{caseId}/history", MaisonWorker, 200)).Json.AsArray().Last()!;
        partners["type"]!.GetValue<string>().ShouldBe("case_transferred");
        partners["by"]!.GetValue<string>().ShouldBe(Worker.Sub);
        partners["summary"]!.GetValue<string>().ShouldBe("Case transferred to another pivot worker");
        (await Get($"/api/cases/{caseId}/history", Worker, 200)).Json.AsArray().Last()!["summary"]!.GetValue<string>()
            .ShouldBe($"Case transferred from {Worker.Sub} (cathii) to {Colleague.Sub} (cathii)");
    }

    [Fact]
    public async Task Naming_the_cases_own_organisation_is_a_transfer_within_it()
    {
        var caseId = await OpenCase();

        await Post(TransferOf(caseId), new { toWorker = Colleague.Sub, toOrganization = "cathii" }, Worker, 200);

        var transferred = (await Stream(caseId)).Last().Data.ShouldBeOfType<CaseTransferred>();
        transferred.ToOrganization.ShouldBe("cathii");
        transferred.ToWorker.ShouldBe(Colleague.Sub);
    }

    [Fact]
    public async Task A_transfer_to_another_member_under_consent_moves_the_case_to_it()
    {
        await RegisterMembers("maison");
        var caseId = await OpenCase();
        await PlanStep(caseId);
        await GiveConsent(caseId, "maison");

        await Post(TransferOf(caseId), new { toWorker = MaisonWorker.Sub, toOrganization = "maison" }, Worker, 200);

        (await Stream(caseId)).Last().Data.ShouldBeOfType<CaseTransferred>().ShouldBe(new CaseTransferred(caseId,
            Worker.Sub, MaisonWorker.Sub, "cathii", "maison", Worker.Sub, AppFixture.StartOfTime));

        var read = await Get($"/api/cases/{caseId}", MaisonWorker, 200);
        read.Json["organization"]!.GetValue<string>().ShouldBe("maison");
        read.Json["pivotWorker"]!.GetValue<string>().ShouldBe(MaisonWorker.Sub);
        read.Json["steps"]!.AsArray().Count.ShouldBe(1);
        (await Get($"/api/cases/{caseId}/history", MaisonWorker, 200)).Json.AsArray().Last()!["summary"]!.GetValue<string>()
            .ShouldBe($"Case transferred from {Worker.Sub} (cathii) to {MaisonWorker.Sub} (maison)");
        (await Get($"/api/cases/{caseId}", MaisonSupervisor, 200)).Json["id"]!.GetValue<Guid>().ShouldBe(caseId);
        (await ListedIds(MaisonWorker)).ShouldBe([caseId]);

        // The new owner writes as an owner: more than steps.
        await Post($"/api/cases/{caseId}/needs", new { domain = "housing", timeframe = "immediate" }, MaisonWorker, 201);

        // The old organisation no longer sees the case at all.
        var before = (await Stream(caseId)).Count;
        var hidden = await Get($"/api/cases/{caseId}", Worker, 404);
        var unknown = await Get($"/api/cases/{Guid.NewGuid()}", Worker, 404);
        CaseTestKit.ProblemShape(hidden).ShouldBe(CaseTestKit.ProblemShape(unknown));
        await Get($"/api/cases/{caseId}/history", Worker, 404);
        await Get($"/api/cases/{caseId}", Supervisor, 404);
        await PostExpecting(404, $"/api/cases/{caseId}/steps", new { domain = "legal", title = "Legal aid", timeframe = "short_term" });
        await PostExpecting(404, TransferOf(caseId), new { toWorker = Worker.Sub, toOrganization = "cathii" });
        (await ListedIds(Worker)).ShouldBeEmpty();
        (await Get("/api/cases", Worker, 200)).Body.ShouldNotContain(caseId.ToString());
        (await Stream(caseId)).Count.ShouldBe(before);
    }

    [Fact]
    public async Task A_transfer_cancels_a_referral_still_pending_to_the_new_owner_and_only_that_one()
    {
        await RegisterMembers("maison", "refuge");
        var caseId = await OpenCase();
        await GiveConsent(caseId, "maison");
        await GiveConsent(caseId, "refuge");
        var toMaison = await Refer(caseId, "maison", urgent: true);
        var toRefuge = await Refer(caseId, "refuge");

        var response = await Post(TransferOf(caseId), new { toWorker = MaisonWorker.Sub, toOrganization = "maison" }, Worker, 200);

        var stream = await Stream(caseId);
        response.Json["version"]!.GetValue<long>().ShouldBe(7);
        stream.Count.ShouldBe(7);
        stream[5].Data.ShouldBe(new Api.Referrals.ReferralCancelled(caseId, toMaison, null, Worker.Sub, AppFixture.StartOfTime));
        stream[6].Data.ShouldBeOfType<CaseTransferred>().ToOrganization.ShouldBe("maison");
        (await Accept(caseId, toMaison, MaisonWorker, 409)).IsProblem.ShouldBeTrue();

        var referrals = (await Get($"/api/cases/{caseId}", MaisonWorker, 200)).Json["referrals"]!.AsArray();
        referrals.Select(referral => (referral!["referralId"]!.GetValue<Guid>(), referral["status"]!.GetValue<string>()))
            .ShouldBe([(toMaison, "cancelled"), (toRefuge, "pending")], ignoreOrder: true);
        await ProjectionsCaughtUp();
        (await Get("/api/dashboard", MaisonSupervisor, 200)).Json["pendingReferrals"]!.AsArray()
            .Select(referral => referral!["referralId"]!.GetValue<Guid>()).ShouldBe([toRefuge]);
        (await Stream(caseId)).Count.ShouldBe(7);

        // The third member still sees who referred, and now also who holds the case.
        var incoming = (await Get("/api/referrals/incoming", RefugeWorker, 200)).Json.AsArray().ShouldHaveSingleItem()!;
        incoming["referralId"]!.GetValue<Guid>().ShouldBe(toRefuge);
        incoming["fromOrganization"]!.GetValue<string>().ShouldBe("cathii");
        incoming["case"]!["organization"]!.GetValue<string>().ShouldBe("maison");
    }

    [Fact]
    public async Task A_transfer_to_another_organisation_without_consent_is_409_consent_required()
    {
        await RegisterMembers("maison", "refuge");
        var caseId = await OpenCase();
        await GiveConsent(caseId, "refuge");

        var response = await Post(TransferOf(caseId), new { toWorker = MaisonWorker.Sub, toOrganization = "maison" }, Worker, 409);

        response.IsProblem.ShouldBeTrue();
        response.Json["title"]!.GetValue<string>().ShouldBe("Consent required");
        response.Json["detail"]!.GetValue<string>().ShouldContain("maison");
        (await Stream(caseId)).Count.ShouldBe(2);
        await Get($"/api/cases/{caseId}", MaisonWorker, 404);
    }

    [Fact]
    public async Task A_case_with_personal_details_moves_only_under_a_consent_that_includes_them()
    {
        await RegisterMembers("maison");
        var caseId = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));
        await GiveConsent(caseId, "maison", includesPersonalDetails: false);

        var refused = await Post(TransferOf(caseId), new { toWorker = MaisonWorker.Sub, toOrganization = "maison" }, Worker, 409);

        refused.Json["title"]!.GetValue<string>().ShouldBe("Consent required");
        refused.Json["detail"]!.GetValue<string>().ShouldContain("personal details");
        (await Stream(caseId)).Count.ShouldBe(2);
        await Get($"/api/cases/{caseId}", MaisonWorker, 404);

        await GiveConsent(caseId, "maison", includesPersonalDetails: true);
        await Post(TransferOf(caseId), new { toWorker = MaisonWorker.Sub, toOrganization = "maison" }, Worker, 200);
        (await Stream(caseId)).Last().Data.ShouldBeOfType<CaseTransferred>().ToOrganization.ShouldBe("maison");
        (await Get($"/api/cases/{caseId}", MaisonWorker, 200)).Body.ShouldContain(Bodies.Canary);
    }

    [Fact]
    public async Task A_withdrawn_or_expired_consent_does_not_allow_a_transfer()
    {
        await RegisterMembers("maison", "refuge");
        var caseId = await OpenCase();
        var withdrawn = await GiveConsent(caseId, "maison");
        await Post($"/api/cases/{caseId}/consents/{withdrawn}/withdraw", new { }, Worker, 200);
        await GiveConsent(caseId, "refuge", expiresOn: "2026-03-03");
        App.Clock.AdjustTime(new DateTimeOffset(2026, 3, 4, 15, 0, 0, TimeSpan.Zero));

        var toMaison = await Post(TransferOf(caseId), new { toWorker = MaisonWorker.Sub, toOrganization = "maison" }, Worker, 409);
        var toRefuge = await Post(TransferOf(caseId), new { toWorker = RefugeWorker.Sub, toOrganization = "refuge" }, Worker, 409);

        toMaison.Json["title"]!.GetValue<string>().ShouldBe("Consent required");
        toRefuge.Json["title"]!.GetValue<string>().ShouldBe("Consent required");
        (await Stream(caseId)).Count.ShouldBe(4);
    }

    [Fact]
    public async Task A_transfer_to_an_organisation_outside_the_directory_is_400_even_with_consent()
    {
        var caseId = await OpenCase();
        await GiveConsent(caseId, "nowhere");

        var response = await Post(TransferOf(caseId), new { toWorker = "someone", toOrganization = "nowhere" }, Worker, 400);

        response.IsProblem.ShouldBeTrue();
        response.Errors!.Select(pair => pair.Key).ShouldBe(["toOrganization"]);
        (await Stream(caseId)).Count.ShouldBe(2);
    }

    [Theory]
    [InlineData("{}", "toWorker")]
    [InlineData("""{"toWorker":null}""", "toWorker")]
    [InlineData("""{"toWorker":"  "}""", "toWorker")]
    [InlineData("""{"toWorker":"worker-1"}""", "toWorker")]
    [InlineData("""{"toWorker":"worker-1","toOrganization":"cathii"}""", "toWorker")]
    [InlineData("""{"toWorker":5}""", "toWorker")]
    public async Task Bad_transfers_are_400_naming_the_field_and_append_nothing(string body, string field)
    {
        var caseId = await OpenCase();

        var response = await Post(TransferOf(caseId), body, Worker, 400);

        response.IsProblem.ShouldBeTrue();
        response.Errors.ShouldNotBeNull(response.Body).ContainsKey(field).ShouldBeTrue(response.Body);
        (await Stream(caseId)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task The_current_pivot_worker_padded_with_spaces_is_still_the_same_worker()
    {
        // toWorker is stored trimmed, so " worker-1 " must be judged as "worker-1": no transfer at all.
        var caseId = await OpenCase();

        var response = await Post(TransferOf(caseId), """{"toWorker":" worker-1 "}""", Worker);

        response.Status.ShouldBe(400, $"a transfer from {Worker.Sub} to {Worker.Sub} was recorded: {response.Body}");
        response.Errors!.ContainsKey("toWorker").ShouldBeTrue();
        (await Stream(caseId)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_worker_name_longer_than_100_characters_is_400()
    {
        var caseId = await OpenCase();

        var response = await Post(TransferOf(caseId), new { toWorker = new string('w', 101) }, Worker, 400);

        response.Errors!.ContainsKey("toWorker").ShouldBeTrue();
        (await Stream(caseId)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Another_organisation_gets_404_and_a_supervisor_403()
    {
        await RegisterMembers("autre");
        var caseId = await OpenCase();
        await GiveConsent(caseId, "autre");

        var hidden = await Post(TransferOf(caseId), new { toWorker = OtherOrgWorker.Sub, toOrganization = "autre" }, OtherOrgWorker, 404);
        var unknown = await Post(TransferOf(Guid.NewGuid()), new { toWorker = OtherOrgWorker.Sub }, OtherOrgWorker, 404);
        CaseTestKit.ProblemShape(hidden).ShouldBe(CaseTestKit.ProblemShape(unknown));
        (await Post(TransferOf(caseId), new { toWorker = Colleague.Sub }, Supervisor, 403)).IsProblem.ShouldBeTrue();
        await Post(TransferOf(caseId), new { toWorker = Colleague.Sub }, TestUser.Coordinator("cathii"), 403);

        (await Stream(caseId)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_closed_case_is_not_transferred_and_a_stale_version_is_a_conflict()
    {
        var caseId = await OpenCase();

        await Post(TransferOf(caseId), new { toWorker = Colleague.Sub, expectedVersion = 7 }, Worker, 409);
        await Post($"/api/cases/{caseId}/close", new { reason = "moved" }, Worker, 200);
        await Post(TransferOf(caseId), new { toWorker = Colleague.Sub }, Worker, 409);

        (await Stream(caseId)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task The_history_of_a_transfer_never_carries_personal_details()
    {
        var caseId = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));

        await Post(TransferOf(caseId), new { toWorker = Colleague.Sub }, Worker, 200);

        (await Get($"/api/cases/{caseId}/history", Worker, 200)).Body.ShouldNotContain(Bodies.Canary, Case.Insensitive);
    }

    private Task<ApiResponse> PostExpecting(int status, string url, object body) => Post(url, body, Worker, status);
}
