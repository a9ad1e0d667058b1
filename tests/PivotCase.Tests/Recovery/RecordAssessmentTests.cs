using PivotCase.Api.Cases;
using PivotCase.Api.Recovery;
using PivotCase.Tests.Cases;
using PivotCase.Tests.Support;
using Case = PivotCase.Api.Cases.Case;

namespace PivotCase.Tests.Recovery;

public sealed class RecordAssessmentTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task Recording_an_assessment_appends_its_raw_scores_and_instrument_version()
    {
        var caseId = await OpenCase();

        var response = await Post($"/api/cases/{caseId}/assessments",
            RecoveryBodies.Assessment("2026-03-02", new { safety = 2, basic_needs = 4 }), Worker, 201);

        var assessmentId = response.Json["assessmentId"]!.GetValue<Guid>();
        response.Json["version"]!.GetValue<long>().ShouldBe(2);

        var events = await Stream(caseId);
        events.Count.ShouldBe(2);
        var recorded = events[1].Data.ShouldBeOfType<AssessmentRecorded>();
        recorded.CaseId.ShouldBe(caseId);
        recorded.AssessmentId.ShouldBe(assessmentId);
        recorded.AssessedOn.ShouldBe(new DateOnly(2026, 3, 2));
        recorded.Scores.ShouldBe(new Dictionary<RecoveryDomain, int>
        {
            [RecoveryDomain.Safety] = 2, [RecoveryDomain.BasicNeeds] = 4
        }, ignoreOrder: true);
        recorded.InstrumentVersion.ShouldBe(RecoveryInstrument.CurrentVersion);
        recorded.AssessedBy.ShouldBe(Worker.Sub);
        recorded.RecordedAt.ShouldBe(AppFixture.StartOfTime);

        var progress = (await Load<RecoveryProgress>(caseId)).ShouldNotBeNull();
        progress.Organization.ShouldBe("cathii");
        progress.OpenedOn.ShouldBe(new DateOnly(2026, 3, 2));
        var assessment = progress.Assessments.ShouldHaveSingleItem();
        assessment.AssessmentId.ShouldBe(assessmentId);
        assessment.Scores[RecoveryDomain.BasicNeeds].ShouldBe(4);

        (await Load<Case>(caseId)).ShouldNotBeNull().AssessedDays.ShouldBe([new DateOnly(2026, 3, 2)]);
    }

    [Fact]
    public async Task The_case_version_and_history_follow_the_assessment()
    {
        var caseId = await OpenCase();
        await Post($"/api/cases/{caseId}/assessments", RecoveryBodies.Assessment(), Worker, 201);

        var caseView = await Get($"/api/cases/{caseId}", Worker, 200);
        caseView.Json["version"]!.GetValue<long>().ShouldBe(2);

        var history = await Get($"/api/cases/{caseId}/history", Worker, 200);
        var entry = history.Json.AsArray()[1]!;
        entry["type"]!.GetValue<string>().ShouldBe("assessment_recorded");
        entry["by"]!.GetValue<string>().ShouldBe(Worker.Sub);
        entry["summary"]!.GetValue<string>().ShouldBe("Recovery assessment on 2026-03-02 (10 domains)");
    }

    [Theory]
    [InlineData("""{ "assessedOn": "2026-03-02", "scores": { "housing": 0 } }""", "scores.housing")]
    [InlineData("""{ "assessedOn": "2026-03-02", "scores": { "housing": 6 } }""", "scores.housing")]
    [InlineData("""{ "assessedOn": "2026-03-02", "scores": { "housing": 2.5 } }""", "scores.housing")]
    [InlineData("""{ "assessedOn": "2026-03-02", "scores": { "housing": "x" } }""", "scores.housing")]
    [InlineData("""{ "assessedOn": "2026-03-02", "scores": { "housing": null } }""", "scores.housing")]
    [InlineData("""{ "assessedOn": "2026-03-02", "scores": { "happiness": 3 } }""", "scores")]
    [InlineData("""{ "assessedOn": "2026-03-02", "scores": { "1": 3 } }""", "scores")]
    [InlineData("""{ "assessedOn": "2026-03-02", "scores": { "BasicNeeds": 3 } }""", "scores")]
    [InlineData("""{ "assessedOn": "2026-03-02", "scores": {} }""", "scores")]
    [InlineData("""{ "assessedOn": "2026-03-02", "scores": null }""", "scores")]
    [InlineData("""{ "assessedOn": "2026-03-02" }""", "scores")]
    [InlineData("""{ "assessedOn": "2026-03-03", "scores": { "housing": 3 } }""", "assessedOn")]
    [InlineData("""{ "assessedOn": "2026-01-31", "scores": { "housing": 3 } }""", "assessedOn")]
    [InlineData("""{ "scores": { "housing": 3 } }""", "assessedOn")]
    [InlineData("""{ "assessedOn": "2026-02-30", "scores": { "housing": 3 } }""", "assessedOn")]
    [InlineData("""{ "assessedOn": "2026-03-02", "scores": { "housing": 3 }, "instrumentVersion": "other-tool" }""", "instrumentVersion")]
    public async Task Bad_input_is_refused_with_a_field_error_and_nothing_appended(string body, string field)
    {
        var caseId = await OpenCase(body: Bodies.NewCase(openedOn: "2026-02-01"));

        var response = await Post($"/api/cases/{caseId}/assessments", body, Worker, 400);

        response.ShouldBeCleanProblem(400);
        response.ErrorFields().ShouldContain(field, response.Body);
        (await Stream(caseId)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_key_that_is_no_recovery_domain_is_not_echoed_in_the_answer()
    {
        var caseId = await OpenCase();

        foreach (var key in new[] { "ZZCANARY lives at 12 Main St", "ZZCANARY", "'[5145550123].ZZCANARY.", "[0]ZZCANARY", "a'b ZZCANARY" })
        {
            var body = $$"""{ "assessedOn": "2026-03-02", "scores": { {{System.Text.Json.JsonSerializer.Serialize(key)}}: 3 } }""";
            var response = await Post($"/api/cases/{caseId}/assessments", body, Worker, 400);

            response.ErrorFields().ShouldBe(["scores"], key);
            response.Body.ShouldNotContain("ZZCANARY");
            response.Body.ShouldNotContain("5145550123");
        }

        (await Stream(caseId)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Every_score_out_of_range_is_named()
    {
        var caseId = await OpenCase();

        var response = await Post($"/api/cases/{caseId}/assessments",
            RecoveryBodies.Assessment(scores: new { housing = 0, basic_needs = 9, income = 3 }), Worker, 400);

        response.ErrorFields().ShouldBe(["scores.housing", "scores.basic_needs"], ignoreOrder: true);
    }

    [Fact]
    public async Task A_second_assessment_on_the_same_day_is_a_conflict()
    {
        var caseId = await OpenCase(body: Bodies.NewCase(openedOn: "2026-02-01"));
        await Post($"/api/cases/{caseId}/assessments", RecoveryBodies.Assessment("2026-02-10"), Worker, 201);

        var duplicate = await Post($"/api/cases/{caseId}/assessments", RecoveryBodies.Assessment("2026-02-10", everyDomain: 4), Worker, 409);

        duplicate.IsProblem.ShouldBeTrue();
        duplicate.Json["detail"]!.GetValue<string>().ShouldContain("2026-02-10");
        (await Stream(caseId)).Count.ShouldBe(2);
        await Post($"/api/cases/{caseId}/assessments", RecoveryBodies.Assessment("2026-02-11"), Worker, 201);
    }

    [Fact]
    public async Task Two_simultaneous_assessments_of_one_day_record_one()
    {
        var caseId = await OpenCase();

        var responses = await Task.WhenAll(
            Post($"/api/cases/{caseId}/assessments", RecoveryBodies.Assessment(everyDomain: 2), Worker),
            Post($"/api/cases/{caseId}/assessments", RecoveryBodies.Assessment(everyDomain: 4), Worker));

        responses.Select(response => response.Status).Order().ShouldBe([201, 409]);
        (await Stream(caseId)).Count(@event => @event.Data is AssessmentRecorded).ShouldBe(1);
    }

    [Fact]
    public async Task A_stale_expected_version_is_a_conflict()
    {
        var caseId = await OpenCase();

        var stale = await Post($"/api/cases/{caseId}/assessments",
            new { assessedOn = "2026-03-02", scores = new { housing = 3 }, expectedVersion = 3 }, Worker, 409);

        stale.IsProblem.ShouldBeTrue();
        (await Stream(caseId)).ShouldHaveSingleItem();
        var current = await Post($"/api/cases/{caseId}/assessments",
            new { assessedOn = "2026-03-02", scores = new { housing = 3 }, expectedVersion = 1 }, Worker, 201);
        current.Json["version"]!.GetValue<long>().ShouldBe(2);
    }

    [Fact]
    public async Task A_closed_case_takes_no_assessment()
    {
        var caseId = await OpenCase();
        await Post($"/api/cases/{caseId}/close", new { reason = "goals_met" }, Worker, 200);

        var response = await Post($"/api/cases/{caseId}/assessments", RecoveryBodies.Assessment(), Worker, 409);

        response.IsProblem.ShouldBeTrue();
        (await Stream(caseId)).ShouldNotContain(@event => @event.Data is AssessmentRecorded);
    }

    [Fact]
    public async Task The_openapi_document_names_the_domains_a_score_may_be_given_for()
    {
        var document = (await Get("/openapi/v1.json", null, 200)).Json;

        document["paths"]!["/api/cases/{id}/assessments"]!["post"].ShouldNotBeNull();
        document["paths"]!["/api/cases/{id}/recovery"]!["get"].ShouldNotBeNull();
        document["components"]!["schemas"]!["RecordAssessment"]!["properties"]!["scores"]!["propertyNames"]!["enum"]!.AsArray()
            .Select(name => name!.GetValue<string>())
            .ShouldBe(["safety", "housing", "basic_needs", "physical_health", "mental_health", "legal_protection",
                "immigration_status", "income", "employment_education", "social_support"]);
    }
}
