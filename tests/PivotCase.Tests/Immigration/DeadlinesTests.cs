using System.Text.Json.Nodes;
using PivotCase.Api.Immigration;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Immigration;

public sealed class DeadlinesTests(AppFixture app) : IntegrationTest(app)
{
    private static readonly object ForcedLabourAdult = new
    {
        accessPoint = "community", exploitationTypes = new[] { "forced_labour" }, trafficking = "international",
        ageGroup = "25_34", gender = "man", region = "06"
    };

    private async Task<JsonArray> Deadlines(Guid caseId) =>
        (await Get($"/api/cases/{caseId}", Worker, 200)).Json["deadlines"]!.AsArray();

    private static IEnumerable<(string Kind, string On)> Pairs(JsonArray deadlines) =>
        deadlines.Select(deadline => (deadline!["kind"]!.GetValue<string>(), deadline["on"]!.GetValue<string>()));

    [Fact]
    public async Task A_trp_with_a_validity_becomes_a_deadline_and_a_renewal_moves_it()
    {
        var caseId = await OpenCase(body: ForcedLabourAdult);

        var response = await Post($"/api/cases/{caseId}/immigration",
            new { kind = "trp_issued", on = "2026-03-01", validUntil = "2027-03-01" }, Worker, 201);

        response.Json["version"]!.GetValue<long>().ShouldBe(2);
        var recorded = (await Stream(caseId)).Last().Data.ShouldBeOfType<ImmigrationEventRecorded>();
        recorded.Kind.ShouldBe(ImmigrationEventKind.TrpIssued);
        recorded.ValidUntil.ShouldBe(new DateOnly(2027, 3, 1));
        Pairs(await Deadlines(caseId)).ShouldContain(("trp_expiry", "2027-03-01"));

        await Post($"/api/cases/{caseId}/immigration", new { kind = "trp_renewed", on = "2026-03-02", validUntil = "2028-03-01" }, Worker, 201);

        var deadlines = Pairs(await Deadlines(caseId)).ToList();
        deadlines.ShouldContain(("trp_expiry", "2028-03-01"));
        deadlines.ShouldNotContain(("trp_expiry", "2027-03-01"));
        var immigration = (await Get($"/api/cases/{caseId}", Worker, 200)).Json["immigration"]!;
        immigration["status"]!.GetValue<string>().ShouldBe("trp_renewed");
        immigration["entries"]!.AsArray().Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_removal_order_gives_15_days_to_challenge_it_until_a_trp_is_issued_after_it()
    {
        var caseId = await OpenCase(body: ForcedLabourAdult);
        await Post($"/api/cases/{caseId}/immigration", new { kind = "trp_issued", on = "2025-06-01", validUntil = "2026-06-01" }, Worker, 201);

        await Post($"/api/cases/{caseId}/immigration", new { kind = "removal_order", on = "2026-03-01" }, Worker, 201);

        Pairs(await Deadlines(caseId)).ShouldContain(("removal_order_challenge", "2026-03-16"));
        await ProjectionsCaughtUp();
        var listed = (await Get("/api/dashboard", Supervisor, 200)).Json["deadlines"]!.AsArray()
            .Single(deadline => deadline!["kind"]!.GetValue<string>() == "removal_order_challenge")!;
        listed["caseId"]!.GetValue<Guid>().ShouldBe(caseId);
        listed["daysLeft"]!.GetValue<int>().ShouldBe(14);

        await Post($"/api/cases/{caseId}/immigration", new { kind = "trp_issued", on = "2026-03-02", validUntil = "2027-03-02" }, Worker, 201);

        Pairs(await Deadlines(caseId)).Select(pair => pair.Kind).ShouldNotContain("removal_order_challenge");
        (await Stream(caseId)).Count.ShouldBe(4);
    }

    [Fact]
    public async Task An_old_permit_recorded_after_its_renewal_leaves_the_renewals_deadline()
    {
        var caseId = await OpenCase(body: ForcedLabourAdult);
        await Post($"/api/cases/{caseId}/immigration", new { kind = "trp_renewed", on = "2026-02-20", validUntil = "2027-02-20" }, Worker, 201);

        await Post($"/api/cases/{caseId}/immigration", new { kind = "trp_issued", on = "2025-02-20", validUntil = "2026-02-20" }, Worker, 201);

        (await Stream(caseId)).Count.ShouldBe(3);
        var deadlines = Pairs(await Deadlines(caseId)).ToList();
        deadlines.ShouldContain(("trp_expiry", "2027-02-20"));
        deadlines.ShouldNotContain(("trp_expiry", "2026-02-20"));
        var immigration = (await Get($"/api/cases/{caseId}", Worker, 200)).Json["immigration"]!;
        immigration["status"]!.GetValue<string>().ShouldBe("trp_renewed");
        immigration["entries"]!.AsArray().Select(entry => entry!["on"]!.GetValue<string>()).ShouldBe(["2025-02-20", "2026-02-20"]);
    }

    [Fact]
    public async Task A_work_permit_with_a_validity_becomes_a_deadline()
    {
        var caseId = await OpenCase(body: ForcedLabourAdult);

        await Post($"/api/cases/{caseId}/immigration", new { kind = "work_permit_issued", on = "2026-03-01", validUntil = "2026-09-01" }, Worker, 201);

        Pairs(await Deadlines(caseId)).ShouldContain(("work_permit_expiry", "2026-09-01"));
    }

    [Theory]
    [InlineData("""{"kind":"trp_applied","on":"2026-03-01","validUntil":"2027-03-01"}""", "validUntil")]
    [InlineData("""{"kind":"trp_issued","on":"2026-03-01","validUntil":"2026-02-01"}""", "validUntil")]
    [InlineData("""{"kind":"trp_issued","on":"2026-04-01"}""", "on")]
    [InlineData("""{"kind":"removal_order","on":"1899-12-31"}""", "on")]
    [InlineData("""{"kind":"work_permit_issued","on":"2026-03-01","validUntil":"2036-03-02"}""", "validUntil")]
    [InlineData("""{"kind":"visa","on":"2026-03-01"}""", "kind")]
    [InlineData("""{"on":"2026-03-01"}""", "kind")]
    [InlineData("""{"kind":"trp_applied"}""", "on")]
    public async Task Bad_immigration_events_are_refused(string body, string field)
    {
        var caseId = await OpenCase(body: ForcedLabourAdult);

        (await Post($"/api/cases/{caseId}/immigration", body, Worker, 400)).Errors!.ContainsKey(field).ShouldBeTrue();

        (await Stream(caseId)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task The_ivac_deadline_is_three_years_after_opening_until_a_claim_is_filed()
    {
        var caseId = await OpenCase(body: ForcedLabourAdult);
        Pairs(await Deadlines(caseId)).ShouldContain(("ivac_claim", "2029-03-02"));

        await Post($"/api/cases/{caseId}/compensation", new { kind = "claim_filed", on = "2026-03-02" }, Worker, 201);

        Pairs(await Deadlines(caseId)).ShouldNotContain(deadline => deadline.Kind == "ivac_claim");
        (await Get($"/api/cases/{caseId}", Worker, 200)).Json["compensation"]!["filedOn"]!.GetValue<string>().ShouldBe("2026-03-02");
    }

    [Fact]
    public async Task An_ivac_event_dated_before_2000_is_refused()
    {
        var caseId = await OpenCase(body: ForcedLabourAdult);

        (await Post($"/api/cases/{caseId}/compensation", new { kind = "claim_filed", on = "1999-12-31" }, Worker, 400)).Errors!
            .Select(error => error.Key).ShouldBe(["on"]);
        (await Stream(caseId)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_claim_recorded_only_by_its_decision_has_met_the_ivac_deadline()
    {
        var caseId = await OpenCase(body: ForcedLabourAdult);

        await Post($"/api/cases/{caseId}/compensation", new { kind = "claim_accepted", on = "2026-03-02" }, Worker, 201);

        Pairs(await Deadlines(caseId)).ShouldNotContain(deadline => deadline.Kind == "ivac_claim");
        var compensation = (await Get($"/api/cases/{caseId}", Worker, 200)).Json["compensation"]!;
        compensation["status"]!.GetValue<string>().ShouldBe("claim_accepted");
        compensation["filedOn"].ShouldBeNull();
    }

    [Fact]
    public async Task Sexual_violence_and_violence_in_childhood_have_no_ivac_deadline()
    {
        var sexualExploitation = await OpenCase(body: Bodies.NewCase());
        var minor = await OpenCase(body: new
        {
            accessPoint = "youth_protection", exploitationTypes = new[] { "forced_criminality" }, trafficking = "domestic",
            ageGroup = "14_17", gender = "woman", region = "06"
        });

        Pairs(await Deadlines(sexualExploitation)).ShouldNotContain(deadline => deadline.Kind == "ivac_claim");
        Pairs(await Deadlines(minor)).ShouldNotContain(deadline => deadline.Kind == "ivac_claim");
    }

    [Fact]
    public async Task A_minor_with_a_known_date_of_birth_has_an_eighteenth_birthday_deadline_at_month_precision()
    {
        var minor = await OpenCase(body: new
        {
            accessPoint = "youth_protection", exploitationTypes = new[] { "sexual_exploitation" }, trafficking = "domestic",
            ageGroup = "14_17", gender = "woman", region = "06", personalDetails = new { dateOfBirth = "2010-07-15" }
        });
        var adult = await OpenCase(body: Bodies.NewCase(new { dateOfBirth = "2001-07-15" }));

        Pairs(await Deadlines(minor)).ShouldContain(("eighteenth_birthday", "2028-07-01"));
        Pairs(await Deadlines(adult)).ShouldNotContain(deadline => deadline.Kind == "eighteenth_birthday");
    }
}
