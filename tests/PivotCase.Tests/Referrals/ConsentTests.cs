using PivotCase.Api.Referrals;
using PivotCase.Tests.Cases;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Referrals;

/// <summary>POST /api/cases/{id}/consents and /consents/{consentId}/withdraw: the survivor's consent, recorded with who and when.</summary>
public sealed class ConsentTests(AppFixture app) : ReferralTest(app)
{
    private static string ConsentsOf(Guid caseId) => $"/api/cases/{caseId}/consents";

    private static string WithdrawalOf(Guid caseId, Guid consentId) => $"/api/cases/{caseId}/consents/{consentId}/withdraw";

    [Fact]
    public async Task Consent_to_share_with_an_organisation_is_recorded_with_who_and_when_and_shown_on_the_case()
    {
        var caseId = await OpenCase();
        App.Clock.Advance(TimeSpan.FromMinutes(10));

        var response = await Post(ConsentsOf(caseId), ShareWith("maison", expiresOn: "2026-09-01", includesPersonalDetails: true),
            Worker, 201);

        var consentId = response.Json["consentId"]!.GetValue<Guid>();
        consentId.ShouldNotBe(Guid.Empty);
        response.Json["version"]!.GetValue<long>().ShouldBe(2);

        var stream = await Stream(caseId);
        stream.Count.ShouldBe(2);
        var given = stream[1].Data.ShouldBeOfType<ConsentGiven>();
        given.ShouldBe(new ConsentGiven(caseId, consentId, ConsentScope.ShareWithOrganization, "maison", true,
            new DateOnly(2026, 3, 2), new DateOnly(2026, 9, 1), Worker.Sub, AppFixture.StartOfTime.AddMinutes(10)));

        var read = await Get($"/api/cases/{caseId}", Worker, 200);
        read.Json["version"]!.GetValue<long>().ShouldBe(2);
        var consents = read.Json["consents"].ShouldNotBeNull("GET /api/cases/{id} must list the case's consents[] (api.md)");
        var consent = Single(consents);
        consent["consentId"]!.GetValue<Guid>().ShouldBe(consentId);
        consent["scope"]!.GetValue<string>().ShouldBe("share_with_organization");
        consent["organization"]!.GetValue<string>().ShouldBe("maison");
        consent["includesPersonalDetails"]!.GetValue<bool>().ShouldBeTrue();
        consent["givenOn"]!.GetValue<string>().ShouldBe("2026-03-02");
        consent["expiresOn"]!.GetValue<string>().ShouldBe("2026-09-01");
        consent["withdrawnAt"].ShouldBeNull();
        read.Json["referrals"].ShouldNotBeNull("GET /api/cases/{id} must list the case's referrals[] (api.md)").AsArray().ShouldBeEmpty();

        var history = (await Get($"/api/cases/{caseId}/history", Worker, 200)).Json.AsArray();
        history[1]!["type"]!.GetValue<string>().ShouldBe("consent_given");
        history[1]!["by"]!.GetValue<string>().ShouldBe(Worker.Sub);
        history[1]!["summary"]!.GetValue<string>()
            .ShouldBe($"Consent {consentId} given: share_with_organization with maison, personal details included, until 2026-09-01");
    }

    [Fact]
    public async Task Consent_to_research_statistics_names_no_organisation_and_never_includes_personal_details()
    {
        var caseId = await OpenCase();

        var response = await Post(ConsentsOf(caseId), new { scope = "research_statistics", givenOn = "2026-03-01" }, Worker, 201);

        var consentId = response.Json["consentId"]!.GetValue<Guid>();
        var given = (await Stream(caseId)).Last().Data.ShouldBeOfType<ConsentGiven>();
        given.ShouldBe(new ConsentGiven(caseId, consentId, ConsentScope.ResearchStatistics, null, false,
            new DateOnly(2026, 3, 1), null, Worker.Sub, AppFixture.StartOfTime));

        var consent = Single((await Get($"/api/cases/{caseId}", Worker, 200)).Json["consents"]);
        consent["scope"]!.GetValue<string>().ShouldBe("research_statistics");
        consent["organization"].ShouldBeNull();
        consent["includesPersonalDetails"]!.GetValue<bool>().ShouldBeFalse();
        consent["expiresOn"].ShouldBeNull();
    }

    [Fact]
    public async Task A_consent_without_includesPersonalDetails_does_not_include_them()
    {
        var caseId = await OpenCase();

        await GiveConsent(caseId, "maison");

        (await Stream(caseId)).Last().Data.ShouldBeOfType<ConsentGiven>().IncludesPersonalDetails.ShouldBeFalse();
        Single((await Get($"/api/cases/{caseId}", Worker, 200)).Json["consents"])["includesPersonalDetails"]!
            .GetValue<bool>().ShouldBeFalse();
    }

    public static TheoryData<string, string> BadConsents => new()
    {
        // missing scope, missing givenOn, unknown scope
        { """{"organization":"maison","givenOn":"2026-03-02"}""", "scope" },
        { """{"scope":"share_with_organization","organization":"maison"}""", "givenOn" },
        { """{"scope":"marketing","givenOn":"2026-03-02"}""", "scope" },
        // consent to share names one organisation, and not the case's own
        { """{"scope":"share_with_organization","givenOn":"2026-03-02"}""", "organization" },
        { """{"scope":"share_with_organization","organization":" ","givenOn":"2026-03-02"}""", "organization" },
        { """{"scope":"share_with_organization","organization":"cathii","givenOn":"2026-03-02"}""", "organization" },
        { """{"scope":"share_with_organization","organization":"Maison de l'espoir","givenOn":"2026-03-02"}""", "organization" },
        // research statistics name no organisation and carry no personal details
        { """{"scope":"research_statistics","organization":"maison","givenOn":"2026-03-02"}""", "organization" },
        { """{"scope":"research_statistics","includesPersonalDetails":true,"givenOn":"2026-03-02"}""", "includesPersonalDetails" },
        // dates: not given in the future, not expiring before it is given, not already expired
        { """{"scope":"share_with_organization","organization":"maison","givenOn":"2026-03-03"}""", "givenOn" },
        { """{"scope":"share_with_organization","organization":"maison","givenOn":"1999-12-31"}""", "givenOn" },
        { """{"scope":"share_with_organization","organization":"maison","givenOn":"2026-03-02","expiresOn":"2036-03-03"}""", "expiresOn" },
        { """{"scope":"share_with_organization","organization":"maison","givenOn":"2026-02-20","expiresOn":"2026-02-10"}""", "expiresOn" },
        { """{"scope":"share_with_organization","organization":"maison","givenOn":"2026-02-20","expiresOn":"2026-03-01"}""", "expiresOn" },
        { """{"scope":"research_statistics","givenOn":"2026-03-02","expiresOn":"2026-03-01"}""", "expiresOn" },
        { """{"scope":"share_with_organization","organization":"maison","givenOn":"yesterday"}""", "givenOn" }
    };

    [Theory]
    [MemberData(nameof(BadConsents))]
    public async Task Bad_consents_are_400_naming_the_field_and_append_nothing(string body, string field)
    {
        var caseId = await OpenCase();

        var response = await Post(ConsentsOf(caseId), body, Worker, 400);

        response.IsProblem.ShouldBeTrue();
        response.Errors.ShouldNotBeNull(response.Body).ContainsKey(field).ShouldBeTrue(response.Body);
        (await Stream(caseId)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task The_cases_own_organisation_padded_with_spaces_is_still_refused()
    {
        // The organisation is stored trimmed, so " cathii " must be judged as "cathii": the case's own organisation.
        var caseId = await OpenCase();

        var response = await Post(ConsentsOf(caseId),
            """{"scope":"share_with_organization","organization":" cathii ","givenOn":"2026-03-02"}""", Worker);

        response.Status.ShouldBe(400, $"a consent to share the case with its own organisation was recorded: {response.Body}");
        response.Errors!.ContainsKey("organization").ShouldBeTrue();
        (await Stream(caseId)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_consent_that_expires_today_is_still_accepted()
    {
        var caseId = await OpenCase();

        await Post(ConsentsOf(caseId), ShareWith("maison", expiresOn: Today), Worker, 201);

        (await Stream(caseId)).Last().Data.ShouldBeOfType<ConsentGiven>().ExpiresOn.ShouldBe(new DateOnly(2026, 3, 2));
    }

    [Fact]
    public async Task Withdrawing_a_consent_records_who_and_when_and_shows_on_the_case()
    {
        var caseId = await OpenCase();
        var consentId = await GiveConsent(caseId, "maison");
        App.Clock.Advance(TimeSpan.FromHours(2));

        var response = await Post(WithdrawalOf(caseId, consentId), new { }, Worker, 200);

        response.Json["version"]!.GetValue<long>().ShouldBe(3);
        var stream = await Stream(caseId);
        stream.Count.ShouldBe(3);
        stream[2].Data.ShouldBeOfType<ConsentWithdrawn>()
            .ShouldBe(new ConsentWithdrawn(caseId, consentId, Worker.Sub, AppFixture.StartOfTime.AddHours(2)));

        var consent = Single((await Get($"/api/cases/{caseId}", Worker, 200)).Json["consents"]);
        consent["consentId"]!.GetValue<Guid>().ShouldBe(consentId);
        consent["withdrawnAt"].ShouldNotBeNull().GetValue<DateTimeOffset>().ShouldBe(AppFixture.StartOfTime.AddHours(2));
        (await Get($"/api/cases/{caseId}/history", Worker, 200)).Json.AsArray().Last()!["summary"]!.GetValue<string>()
            .ShouldBe($"Consent {consentId} withdrawn");
    }

    [Fact]
    public async Task A_consent_may_be_withdrawn_without_a_body()
    {
        var caseId = await OpenCase();
        var consentId = await GiveConsent(caseId, "maison");

        await Send(HttpMethod.Post, WithdrawalOf(caseId, consentId), null, Bearer(Worker), 200);

        (await Stream(caseId)).Last().Data.ShouldBeOfType<ConsentWithdrawn>();
    }

    [Fact]
    public async Task Withdrawing_twice_is_a_conflict_and_appends_nothing()
    {
        var caseId = await OpenCase();
        var consentId = await GiveConsent(caseId, "maison");
        await Post(WithdrawalOf(caseId, consentId), new { }, Worker, 200);

        var response = await Post(WithdrawalOf(caseId, consentId), new { }, Worker, 409);

        response.IsProblem.ShouldBeTrue();
        (await Stream(caseId)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task An_unknown_consent_is_not_found_and_nothing_is_appended()
    {
        var caseId = await OpenCase();
        await GiveConsent(caseId, "maison");

        var response = await Post(WithdrawalOf(caseId, Guid.NewGuid()), new { }, Worker, 404);

        response.IsProblem.ShouldBeTrue();
        (await Stream(caseId)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_consent_of_another_case_is_not_found_on_this_one()
    {
        var caseId = await OpenCase();
        var otherCase = await OpenCase();
        var consentId = await GiveConsent(otherCase, "maison");

        await Post(WithdrawalOf(caseId, consentId), new { }, Worker, 404);

        (await Stream(caseId)).Count.ShouldBe(1);
        (await Stream(otherCase)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Another_organisation_gets_404_as_for_an_unknown_case_and_nothing_is_appended()
    {
        var caseId = await OpenCase();
        var consentId = await GiveConsent(caseId, "maison");

        var give = await Post(ConsentsOf(caseId), ShareWith("autre"), OtherOrgWorker, 404);
        var withdraw = await Post(WithdrawalOf(caseId, consentId), new { }, OtherOrgWorker, 404);
        var unknown = await Post(WithdrawalOf(Guid.NewGuid(), consentId), new { }, OtherOrgWorker, 404);

        CaseTestKit.ProblemShape(withdraw).ShouldBe(CaseTestKit.ProblemShape(unknown));
        CaseTestKit.ProblemShape(give).ShouldBe(CaseTestKit.ProblemShape(unknown));
        (await Stream(caseId)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Supervisors_researchers_and_coordinators_may_not_give_or_withdraw_consent()
    {
        var caseId = await OpenCase();
        var consentId = await GiveConsent(caseId, "maison");

        foreach (var user in new[] { Supervisor, TestUser.Researcher("cathii"), TestUser.Coordinator("cathii") })
        {
            (await Post(ConsentsOf(caseId), ShareWith("refuge"), user, 403)).IsProblem.ShouldBeTrue();
            (await Post(WithdrawalOf(caseId, consentId), new { }, user, 403)).IsProblem.ShouldBeTrue();
        }

        (await Stream(caseId)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_stale_expected_version_is_a_conflict()
    {
        var caseId = await OpenCase();

        await Post(ConsentsOf(caseId), new
        {
            scope = "share_with_organization", organization = "maison", givenOn = Today, expectedVersion = 5
        }, Worker, 409);

        (await Stream(caseId)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Consent_is_given_on_an_open_case_only_but_may_be_withdrawn_after_closing()
    {
        var caseId = await OpenCase();
        var consentId = await GiveConsent(caseId, "maison");
        await Post($"/api/cases/{caseId}/close", new { reason = "goals_met" }, Worker, 200);

        await Post(ConsentsOf(caseId), ShareWith("refuge"), Worker, 409);
        (await Stream(caseId)).Count.ShouldBe(3);

        await Post(WithdrawalOf(caseId, consentId), new { }, Worker, 200);
        (await Stream(caseId)).Last().Data.ShouldBeOfType<ConsentWithdrawn>().ConsentId.ShouldBe(consentId);
    }
}
