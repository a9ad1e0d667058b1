using System.Text.Json.Nodes;
using PivotCase.Tests.Directory;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Trajectory;

public sealed class SuggestionsTests(AppFixture app) : DirectoryTest(app)
{
    private static object Case(string trafficking, string ageGroup, string region = "06") => new
    {
        accessPoint = "community",
        exploitationTypes = new[] { "sexual_exploitation" },
        trafficking,
        ageGroup,
        gender = "woman",
        region
    };

    private async Task<Guid> RecordNeed(Guid caseId, string domain, string timeframe)
    {
        var response = await Post($"/api/cases/{caseId}/needs", new { domain, timeframe }, Worker, 201);
        return response.Json["needId"]!.GetValue<Guid>();
    }

    private async Task<JsonArray> Suggestions(Guid caseId, TestUser? user = null) =>
        (await Get($"/api/cases/{caseId}/suggestions", user ?? Worker, 200)).Json.AsArray();

    private static JsonNode? Find(JsonArray suggestions, string titleContains) =>
        suggestions.FirstOrDefault(suggestion => suggestion!["title"]!.GetValue<string>().Contains(titleContains));

    private static string[] Providers(JsonNode? suggestion) =>
        suggestion.ShouldNotBeNull()["providers"]!.AsArray().Select(code => code!.GetValue<string>()).ToArray();

    [Fact]
    public async Task An_international_case_with_an_immediate_housing_need_gets_shelter_and_the_immigration_steps_with_local_24h_providers_first()
    {
        await Register(Organizations.Body("shelter-far-24h", "shelter", ["03"], services: ("housing", true)));
        await Register(Organizations.Body("shelter-local-day", "shelter", ["06"], services: ("housing", false)));
        await Register(Organizations.Body("shelter-local-24h", "shelter", ["06"], services: ("housing", true)));
        await Register(Organizations.Body("legal-clinic", "legal_aid", ["06"], services: [("legal", false), ("immigration", false)]));
        await Register(Organizations.Body("interpretes", "community", ["03", "06"], services: ("language", true)));
        var caseId = await OpenCase(body: Case("international", "25_34"));
        await RecordNeed(caseId, "housing", "immediate");

        var suggestions = await Suggestions(caseId);

        var timeframes = suggestions.Select(suggestion => suggestion!["timeframe"]!.GetValue<string>()).ToList();
        timeframes.First().ShouldBe("immediate");
        timeframes.ShouldBe(timeframes.OrderBy(timeframe => Array.IndexOf(["immediate", "short_term", "long_term"], timeframe)));
        suggestions.Where(suggestion => suggestion!["timeframe"]!.GetValue<string>() == "immediate")
            .Select(suggestion => suggestion!["domain"]!.GetValue<string>())
            .ShouldBe(["housing", "legal", "immigration", "language"]);

        var shelter = Find(suggestions, "emergency shelter");
        shelter.ShouldNotBeNull()["titleFr"]!.GetValue<string>().ShouldBe("Hébergement d'urgence sécuritaire");
        shelter["why"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        Providers(shelter).ShouldBe(["shelter-local-24h", "shelter-local-day", "shelter-far-24h"]);
        Providers(Find(suggestions, "Temporary Resident Permit")).ShouldBe(["legal-clinic"]);
        Providers(Find(suggestions, "removal")).ShouldBe(["legal-clinic"]);
        Providers(Find(suggestions, "Interpreter")).ShouldBe(["interpretes"]);
        Find(suggestions, "Interim Federal Health Program").ShouldNotBeNull()["timeframe"]!.GetValue<string>().ShouldBe("short_term");
    }

    /// <summary>
    /// Providers working in one of the survivor's languages rank first among those alike, for callers who may see the
    /// personal details the languages come from; for the others the order would give the languages away, so it stays by code.
    /// </summary>
    [Fact]
    public async Task Providers_speaking_the_survivors_language_rank_first_only_for_callers_who_may_see_it()
    {
        await Register(Organizations.Body("a-shelter", "shelter", ["06"], ["fr"], ("housing", false)));
        await Register(Organizations.Body("b-shelter", "shelter", ["06"], ["fr", "tir"], ("housing", false)));
        var caseId = await OpenCase(body: new
        {
            accessPoint = "community", exploitationTypes = new[] { "forced_labour" }, trafficking = "international", ageGroup = "25_34",
            gender = "woman", region = "06",
            personalDetails = new { fullName = $"{Bodies.Canary} Test", languages = new[] { "tir" } }
        });
        await RecordNeed(caseId, "housing", "short_term");
        var partner = await PartnerCaseworkerOf(caseId);

        Providers(Find(await Suggestions(caseId), "housing")).ShouldBe(["b-shelter", "a-shelter", "maison"]);
        Providers(Find(await Suggestions(caseId, partner), "housing")).ShouldBe(["a-shelter", "b-shelter", "maison"]);
    }

    [Fact]
    public async Task A_minor_gets_a_youth_protection_referral()
    {
        await Register(Organizations.Body("dpj-mtl", "youth_protection", ["06"], services: ("youth_protection", true)));
        var caseId = await OpenCase(body: Case("domestic", "14_17"));

        var suggestions = await Suggestions(caseId);

        var referral = suggestions.First()!;
        referral["domain"]!.GetValue<string>().ShouldBe("youth_protection");
        referral["timeframe"]!.GetValue<string>().ShouldBe("immediate");
        Providers(referral).ShouldBe(["dpj-mtl"]);
        Find(suggestions, "Temporary Resident Permit").ShouldBeNull();
    }

    [Fact]
    public async Task Youth_protection_suggestions_stop_the_month_after_the_18th_birthday()
    {
        var caseId = await OpenCase(body: new
        {
            accessPoint = "police", exploitationTypes = new[] { "sexual_exploitation" }, trafficking = "domestic",
            ageGroup = "14_17", gender = "woman", region = "06", personalDetails = new { dateOfBirth = "2008-08-15" }
        });
        string[] YouthProtection(JsonArray suggestions) => suggestions
            .Where(suggestion => suggestion!["domain"]!.GetValue<string>() == "youth_protection")
            .Select(suggestion => suggestion!["title"]!.GetValue<string>()).ToArray();

        YouthProtection(await Suggestions(caseId)).Length.ShouldBe(2);
        // A partner whose consent excludes the personal details must not learn the birth month from the day they stop.
        var partner = TestUser.Caseworker("maison", "maison-worker-1");
        await Register(Organizations.Body("maison"));
        await Post($"/api/cases/{caseId}/consents", new { scope = "share_with_organization", organization = "maison", givenOn = "2026-03-02" }, Worker, 201);
        var referralId = (await Post($"/api/cases/{caseId}/referrals", new { toOrganization = "maison", domain = "housing" }, Worker, 201))
            .Json["referralId"]!.GetValue<Guid>();
        await Post($"/api/cases/{caseId}/referrals/{referralId}/accept", new { }, partner, 200);

        App.Clock.AdjustTime(new DateTimeOffset(2026, 8, 31, 15, 0, 0, TimeSpan.Zero));
        YouthProtection(await Suggestions(caseId)).Length.ShouldBe(2, "the survivor may still be 17 in the birthday month");
        App.Clock.AdjustTime(new DateTimeOffset(2026, 9, 1, 15, 0, 0, TimeSpan.Zero));
        YouthProtection(await Suggestions(caseId)).ShouldBeEmpty();
        Find(await Suggestions(caseId), "IVAC").ShouldNotBeNull();
        YouthProtection(await Suggestions(caseId, partner)).Length.ShouldBe(2);
    }

    [Fact]
    public async Task A_language_need_brings_an_interpreter_to_a_domestic_case_and_an_international_case_gets_it_once()
    {
        var domestic = await OpenCase(body: Case("domestic", "25_34"));
        Find(await Suggestions(domestic), "Interpreter").ShouldBeNull();
        await RecordNeed(domestic, "language", "immediate");
        Find(await Suggestions(domestic), "Interpreter").ShouldNotBeNull()["timeframe"]!.GetValue<string>().ShouldBe("immediate");

        var international = await OpenCase(body: Case("international", "25_34"));
        await RecordNeed(international, "language", "immediate");
        var suggestions = await Suggestions(international);
        suggestions.Count(suggestion => suggestion!["title"]!.GetValue<string>().Contains("Interpreter")).ShouldBe(1);
        Find(suggestions, "Interpreter")!["why"]!.GetValue<string>().ShouldStartWith("Every other step");

        await PlanStep(domestic, new { domain = "language", title = "Interpreter booked", timeframe = "immediate" });
        Find(await Suggestions(domestic), "Interpreter").ShouldBeNull();
    }

    [Fact]
    public async Task A_need_met_by_a_done_step_no_longer_drives_suggestions()
    {
        var caseId = await OpenCase(body: Case("domestic", "25_34"));
        var needId = await RecordNeed(caseId, "housing", "immediate");
        Find(await Suggestions(caseId), "emergency shelter").ShouldNotBeNull();

        await PlanStep(caseId, new { domain = "housing", title = "Shelter placement", timeframe = "immediate", status = "done", needId });

        var after = await Suggestions(caseId);
        Find(after, "emergency shelter").ShouldBeNull();
        Find(after, "IVAC").ShouldNotBeNull();
    }

    [Fact]
    public async Task A_closed_case_gets_no_suggestion_until_it_is_reopened()
    {
        var caseId = await OpenCase(body: Case("international", "25_34"));
        await RecordNeed(caseId, "housing", "immediate");
        var open = await Suggestions(caseId);
        Find(open, "emergency shelter").ShouldNotBeNull();

        await Post($"/api/cases/{caseId}/close", new { reason = "lost_contact" }, Worker, 200);
        (await Suggestions(caseId)).ShouldBeEmpty();
        (await Suggestions(caseId, Supervisor)).ShouldBeEmpty();

        await Post($"/api/cases/{caseId}/reopen", new { }, Worker, 200);
        (await Suggestions(caseId)).ToJsonString().ShouldBe(open.ToJsonString());
        (await Stream(caseId)).Count.ShouldBe(4);
    }

    [Fact]
    public async Task A_trp_applied_for_and_an_ivac_claim_filed_take_their_suggestions_off()
    {
        var caseId = await OpenCase(body: Case("international", "25_34"));
        Find(await Suggestions(caseId), "Temporary Resident Permit").ShouldNotBeNull();

        await Post($"/api/cases/{caseId}/immigration", new { kind = "trp_applied", on = "2026-03-02" }, Worker, 201);
        await Post($"/api/cases/{caseId}/compensation", new { kind = "claim_filed", on = "2026-03-02" }, Worker, 201);

        var after = await Suggestions(caseId);
        Find(after, "Temporary Resident Permit").ShouldBeNull();
        Find(after, "IVAC").ShouldBeNull();
        Find(after, "Interpreter").ShouldNotBeNull();
    }

    [Fact]
    public async Task The_pivot_organisation_supervisor_reads_them_other_organisations_see_no_case()
    {
        var caseId = await OpenCase(body: Case("international", "25_34"));

        var supervisors = await Suggestions(caseId, Supervisor);
        supervisors.AsArray().ShouldNotBeEmpty();
        supervisors.ToJsonString().ShouldBe((await Suggestions(caseId)).ToJsonString());
        (await Get($"/api/cases/{caseId}/suggestions", OtherOrgWorker, 404)).IsProblem.ShouldBeTrue();
        await Get($"/api/cases/{caseId}/suggestions", TestUser.Supervisor("autre"), 404);
        await Get($"/api/cases/{Guid.NewGuid()}/suggestions", Worker, 404);
    }

    [Fact]
    public async Task Researchers_and_coordinators_may_not_read_suggestions_and_a_token_is_required()
    {
        var caseId = await OpenCase(body: Case("international", "25_34"));

        await Get($"/api/cases/{caseId}/suggestions", Researcher, 403);
        await Get($"/api/cases/{caseId}/suggestions", Coordinator, 403);
        await Get($"/api/cases/{caseId}/suggestions", null, 401);
    }
}
