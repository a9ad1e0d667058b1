using Marten;
using Microsoft.Extensions.DependencyInjection;
using PivotCase.Api.Cases;
using PivotCase.Api.Privacy;
using PivotCase.Tests.Cases;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Privacy;

/// <summary>The planted name ZZCANARY must stay encrypted at rest and out of logs, lists, history and error answers.</summary>
public sealed class PersonalDetailsProtectionTests(AppFixture app) : IntegrationTest(app)
{
    private const string Schema = "pivotcase";

    [Fact]
    public async Task The_canary_is_nowhere_in_clear_text_in_the_database()
    {
        var id = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));
        var stepId = await PlanStep(id);
        await Post($"/api/cases/{id}/steps/{stepId}/complete", new { outcome = "Placed" }, Worker, 200);
        await Post($"/api/cases/{id}/close", new { reason = "goals_met" }, Worker, 200);
        await Post($"/api/cases/{id}/reopen", "{}", Worker, 200);
        await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));

        // The details are there, and readable by the caseworker: the scan below is not vacuous.
        (await Get($"/api/cases/{id}", Worker, 200)).Body.ShouldContain(Bodies.Canary);

        var tables = await TablesOf(Schema);
        tables.ShouldContain("mt_events");
        tables.ShouldContain("mt_streams");
        tables.ShouldContain("mt_doc_case_key");
        tables.ShouldContain("mt_doc_casedetails");

        // The scan itself finds clear values that are stored (the pivot worker's id).
        (await RowsContaining(Schema, "mt_events", Worker.Sub)).ShouldBeGreaterThan(0);

        var leaks = new List<string>();
        foreach (var table in tables)
        {
            foreach (var needle in new[] { Bodies.Canary, "Marie-Ange", "514-555-0199", "2004-05-06" })
            {
                var rows = await RowsContaining(Schema, table, needle);
                if (rows > 0) leaks.Add($"{table}: {rows} row(s) contain '{needle}'");
            }
        }

        leaks.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_canary_is_in_no_table_of_any_application_schema()
    {
        await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));

        var leaks = new List<string>();
        var tables = await DatabaseScan.AllTables(App.ConnectionString);
        tables.ShouldNotBeEmpty();
        foreach (var (schema, table) in tables)
        {
            var rows = await RowsContaining(schema, table, Bodies.Canary);
            if (rows > 0) leaks.Add($"{schema}.{table}: {rows}");
        }

        leaks.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_canary_never_reaches_the_logs()
    {
        var id = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));
        var stepId = await PlanStep(id);
        await Post($"/api/cases/{id}/steps/{stepId}/complete", new { outcome = "Placed" }, Worker, 200);
        await Get($"/api/cases/{id}", Worker, 200);
        await Get($"/api/cases/{id}", Supervisor, 200);
        await Get("/api/cases", Worker, 200);
        await Get($"/api/cases/{id}/history", Worker, 200);

        // Failing requests whose bodies carry the canary.
        await Post("/api/cases", Bodies.NewCase(new { fullName = Bodies.Canary, email = $"{Bodies.Canary}@@example" }), Worker, 400);
        await Post("/api/cases", Bodies.NewCase(new { fullName = Bodies.Canary, dateOfBirth = Bodies.Canary }), Worker, 400);
        await Post("/api/cases", Bodies.NewCase(new { fullName = Bodies.Canary, languages = new[] { Bodies.Canary } }), Worker, 400);
        await Post("/api/cases", $$"""{ "accessPoint": "{{Bodies.Canary}}" }""", Worker, 400);
        await Post("/api/cases", $$"""{ "personalDetails": { "fullName": "{{Bodies.Canary}}" """, Worker, 400);
        await Post("/api/cases", Bodies.NewCase(new { fullName = Bodies.Canary, notes = new string('x', 300 * 1024) }), Worker, 413);
        await Get($"/api/cases/{id}", OtherOrgWorker, 404);

        App.Logs.Lines.ShouldNotBeEmpty();
        App.Logs.Lines.Where(line => line.Contains(Bodies.Canary, StringComparison.OrdinalIgnoreCase)).ShouldBeEmpty();
        App.Logs.Contain(Bodies.Canary).ShouldBeFalse();
        App.Logs.Contain("Marie-Ange").ShouldBeFalse();
        App.Logs.Contain("514-555-0199").ShouldBeFalse();
    }

    [Theory]
    [InlineData("email")]
    [InlineData("dateOfBirth")]
    [InlineData("languages")]
    [InlineData("fullName")]
    public async Task Error_answers_never_echo_the_canary(string field)
    {
        object details = field switch
        {
            "email" => new { fullName = Bodies.Canary, email = $"{Bodies.Canary}@@example" },
            "dateOfBirth" => new { fullName = Bodies.Canary, dateOfBirth = Bodies.Canary },
            "languages" => new { fullName = Bodies.Canary, languages = new[] { Bodies.Canary } },
            _ => new { fullName = Bodies.Canary + new string('x', 300) }
        };

        var response = await Post("/api/cases", Bodies.NewCase(details), Worker);

        response.ShouldBeCleanProblem(400);
        response.ErrorFields().ShouldContain(name => name.EndsWith(field, StringComparison.Ordinal));
        response.Body.ShouldNotContain(Bodies.Canary, Shouldly.Case.Insensitive);
        (await App.AllEventCount()).ShouldBe(0);
    }

    [Fact]
    public async Task An_unknown_enumeration_value_carrying_the_canary_is_not_echoed()
    {
        var response = await Post("/api/cases", $$"""
            { "accessPoint": "{{Bodies.Canary}}", "exploitationTypes": ["forced_labour"], "trafficking": "domestic",
              "ageGroup": "18_24", "gender": "woman", "region": "06" }
            """, Worker);

        response.ShouldBeCleanProblem(400);
        response.Body.ShouldNotContain(Bodies.Canary, Shouldly.Case.Insensitive);
    }

    [Fact]
    public async Task Malformed_json_carrying_the_canary_is_not_echoed()
    {
        var response = await Post("/api/cases", $$"""{ "personalDetails": { "fullName": "{{Bodies.Canary}}" } """, Worker);

        response.ShouldBeCleanProblem(400);
        response.Body.ShouldNotContain(Bodies.Canary, Shouldly.Case.Insensitive);
    }

    [Fact]
    public async Task Each_case_has_its_own_key_stored_apart_and_no_key_without_details()
    {
        var withDetails = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));
        var withoutDetails = await OpenCase();

        var key = (await Load<CaseKey>(withDetails)).ShouldNotBeNull();
        key.Id.ShouldBe(withDetails);
        key.WrappedKey.ShouldNotBeNullOrWhiteSpace();
        (await Load<CaseKey>(withoutDetails)).ShouldBeNull();

        var opened = (await Stream(withDetails)).ShouldHaveSingleItem().Data.ShouldBeOfType<CaseOpened>();
        var projected = (await Load<CaseDetails>(withDetails)).ShouldNotBeNull();
        projected.PersonalDetails.ShouldNotBeNull().Ciphertext.ShouldBe(opened.PersonalDetails!.Ciphertext);
        (await Stream(withoutDetails)).ShouldHaveSingleItem().Data.ShouldBeOfType<CaseOpened>().PersonalDetails.ShouldBeNull();
    }

    [Fact]
    public async Task Deleting_the_case_key_shreds_the_personal_details_but_keeps_the_case()
    {
        var id = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));
        await PlanStep(id);
        (await Get($"/api/cases/{id}", Worker, 200)).Json["personalDetails"].ShouldNotBeNull();

        await using (var session = App.Host.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Delete<CaseKey>(id);
            await session.SaveChangesAsync();
        }

        (await Load<CaseKey>(id)).ShouldBeNull();
        var response = await Get($"/api/cases/{id}", Worker, 200);

        var json = response.Json.AsObject();
        json.ContainsKey("personalDetails").ShouldBeTrue();
        json["personalDetails"].ShouldBeNull();
        json["id"]!.GetValue<Guid>().ShouldBe(id);
        json["version"]!.GetValue<long>().ShouldBe(2);
        json["status"]!.GetValue<string>().ShouldBe("open");
        json["accessPoint"]!.GetValue<string>().ShouldBe("police");
        json["ageGroup"]!.GetValue<string>().ShouldBe("18_24");
        json["region"]!.GetValue<string>().ShouldBe("06");
        json["steps"]!.AsArray().Count.ShouldBe(1);
        response.Body.ShouldNotContain(Bodies.Canary, Shouldly.Case.Insensitive);

        (await Get($"/api/cases/{id}", Supervisor, 200)).Json["personalDetails"].ShouldBeNull();
        (await Get($"/api/cases/{id}/history", Worker, 200)).Json.AsArray().Count.ShouldBe(2);
        (await Get("/api/cases", Worker, 200)).Json["totalCount"]!.GetValue<long>().ShouldBe(1);

        // The case still accepts work after its details are shredded.
        await PlanStep(id);
        (await Stream(id)).Count.ShouldBe(3);
    }

    private async Task<List<string>> TablesOf(string schema) =>
        (await DatabaseScan.AllTables(App.ConnectionString, schema)).Select(table => table.Table).ToList();

    private Task<long> RowsContaining(string schema, string table, string needle) =>
        DatabaseScan.RowsContaining(App.ConnectionString, schema, table, needle);
}
