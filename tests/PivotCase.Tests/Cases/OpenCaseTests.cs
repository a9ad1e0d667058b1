using Microsoft.Extensions.DependencyInjection;
using PivotCase.Api.Cases;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Cases;

public sealed class OpenCaseTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task Opening_a_case_starts_its_stream_with_the_caller_as_pivot_worker()
    {
        var response = await Post("/api/cases", Bodies.NewCase(Bodies.CanaryDetails), Worker, 201);

        var id = response.Json["id"]!.GetValue<Guid>();
        response.Json["version"]!.GetValue<long>().ShouldBe(1);
        response.Headers["Location"].ShouldBe($"/api/cases/{id}");

        var events = await Stream(id);
        var opened = events.ShouldHaveSingleItem().Data.ShouldBeOfType<CaseOpened>();
        opened.Organization.ShouldBe("cathii");
        opened.PivotWorker.ShouldBe(Worker.Sub);
        opened.AccessPoint.ShouldBe(AccessPoint.Police);
        opened.ExploitationTypes.ShouldBe([ExploitationType.SexualExploitation, ExploitationType.ForcedLabour]);
        opened.AgeGroup.ShouldBe(AgeGroup.From18To24);
        opened.Region.ShouldBe("06");
        opened.OpenedOn.ShouldBe(new DateOnly(2026, 3, 2));
        opened.OpenedAt.ShouldBe(AppFixture.StartOfTime);
        opened.PersonalDetails.ShouldNotBeNull().Ciphertext.ShouldNotContain(Bodies.Canary);
    }

    [Fact]
    public async Task A_case_opened_after_the_fact_keeps_its_day_and_starts_at_midnight_in_Toronto()
    {
        var id = await OpenCase(body: Bodies.NewCase(openedOn: "2026-02-20"));

        var opened = (await Stream(id)).ShouldHaveSingleItem().Data.ShouldBeOfType<CaseOpened>();
        opened.OpenedOn.ShouldBe(new DateOnly(2026, 2, 20));
        opened.OpenedAt.ShouldBe(new DateTimeOffset(2026, 2, 20, 5, 0, 0, TimeSpan.Zero)); // EST, UTC-5
        opened.RecordedAt.ShouldBe(AppFixture.StartOfTime);

        var details = (await Load<CaseDetails>(id)).ShouldNotBeNull();
        details.OpenedOn.ShouldBe(new DateOnly(2026, 2, 20));
        details.OpenedAt.ShouldBe(new DateTimeOffset(2026, 2, 20, 5, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task A_past_opening_day_in_daylight_saving_time_starts_at_midnight_EDT()
    {
        using var clock = App.ClockAt(new DateTimeOffset(2026, 4, 1, 15, 0, 0, TimeSpan.Zero));

        var id = await OpenCase(body: Bodies.NewCase(openedOn: "2026-03-20"));

        var opened = (await Stream(id)).ShouldHaveSingleItem().Data.ShouldBeOfType<CaseOpened>();
        opened.OpenedOn.ShouldBe(new DateOnly(2026, 3, 20));
        opened.OpenedAt.ShouldBe(new DateTimeOffset(2026, 3, 20, 4, 0, 0, TimeSpan.Zero)); // EDT, UTC-4
    }

    [Fact]
    public async Task Opening_today_explicitly_starts_the_crisis_window_now()
    {
        var id = await OpenCase(body: Bodies.NewCase(openedOn: "2026-03-02"));

        var opened = (await Stream(id)).ShouldHaveSingleItem().Data.ShouldBeOfType<CaseOpened>();
        opened.OpenedOn.ShouldBe(new DateOnly(2026, 3, 2));
        opened.OpenedAt.ShouldBe(AppFixture.StartOfTime);
    }

    [Theory]
    [InlineData("2026-03-03")]
    [InlineData("1999-12-31")]
    [InlineData("1026-03-02")]
    public async Task An_opening_day_in_the_future_or_before_2000_is_rejected_and_nothing_is_recorded(string openedOn)
    {
        var response = await Post("/api/cases", Bodies.NewCase(openedOn: openedOn), Worker);

        response.ShouldBeCleanProblem(400);
        response.ErrorFields().ShouldContain("openedOn");
        (await App.AllEventCount()).ShouldBe(0);
        (await CaseDetailsCount()).ShouldBe(0);
    }

    [Fact]
    public async Task Today_is_the_Toronto_day_not_the_UTC_day()
    {
        // 03:00 UTC on 3 March is still 22:00 on 2 March in Toronto: 3 March is tomorrow.
        using var clock = App.ClockAt(new DateTimeOffset(2026, 3, 3, 3, 0, 0, TimeSpan.Zero));

        var response = await Post("/api/cases", Bodies.NewCase(openedOn: "2026-03-03"), Worker);

        response.ShouldBeCleanProblem(400);
        response.ErrorFields().ShouldContain("openedOn");
        (await App.AllEventCount()).ShouldBe(0);
    }

    [Fact]
    public async Task Missing_required_fields_are_each_named_and_nothing_is_recorded()
    {
        var response = await Post("/api/cases", "{}", Worker);

        response.ShouldBeCleanProblem(400);
        response.ErrorFields().ShouldBe(
            ["accessPoint", "trafficking", "ageGroup", "gender", "exploitationTypes", "region"], ignoreOrder: true);
        (await App.AllEventCount()).ShouldBe(0);
    }

    [Fact]
    public async Task An_empty_list_of_exploitation_types_is_rejected()
    {
        var body = """
            { "accessPoint": "police", "exploitationTypes": [], "trafficking": "domestic", "ageGroup": "18_24",
              "gender": "woman", "region": "06" }
            """;

        var response = await Post("/api/cases", body, Worker);

        response.ShouldBeCleanProblem(400);
        response.ErrorFields().ShouldBe(["exploitationTypes"]);
        (await App.AllEventCount()).ShouldBe(0);
    }

    [Theory]
    [InlineData("accessPoint", "\"nope\"")]
    [InlineData("ageGroup", "\"teen\"")]
    [InlineData("gender", "\"female\"")]
    [InlineData("trafficking", "\"local\"")]
    [InlineData("ageGroup", "\"From18To24\"")]
    [InlineData("accessPoint", "3")]
    [InlineData("accessPoint", "\"3\"")]
    [InlineData("accessPoint", "null")]
    // Not contract values: a comma list is read flags-style (health|community = youth_protection), C# names are not snake_case.
    [InlineData("accessPoint", "\"health,community\"")]
    [InlineData("accessPoint", "\"SelfReferral\"")]
    [InlineData("gender", "\"woman,man\"")]
    public async Task An_unknown_enumeration_value_is_a_field_error_without_internals(string field, string json)
    {
        var response = await Post("/api/cases", CaseJsonWith(field, json), Worker);

        await ShouldNotHaveBeenRecorded(response);
        response.ShouldBeCleanProblem(400);
        response.ErrorFields().ShouldContain(field);
        (await App.AllEventCount()).ShouldBe(0);
    }

    [Theory]
    [InlineData("""["forced_labour", "slavery"]""")]
    [InlineData("""["forced_labour,forced_marriage"]""")]
    [InlineData("""["forced_labour", "forced_labour"]""")]
    [InlineData("\"forced_labour\"")]
    public async Task An_unknown_or_repeated_exploitation_type_is_a_field_error(string types)
    {
        var response = await Post("/api/cases", CaseJsonWith("exploitationTypes", types), Worker);

        await ShouldNotHaveBeenRecorded(response);
        response.ShouldBeCleanProblem(400);
        response.ErrorFields().ShouldContain("exploitationTypes");
        (await App.AllEventCount()).ShouldBe(0);
    }

    [Theory]
    [InlineData("2026-13-01")]
    [InlineData("2026-02-30")]
    [InlineData("20/02/2026")]
    [InlineData("yesterday")]
    public async Task An_invalid_opening_day_is_rejected(string openedOn)
    {
        var response = await Post("/api/cases", Bodies.NewCase(openedOn: openedOn), Worker);

        response.ShouldBeCleanProblem(400);
        response.ErrorFields().ShouldContain("openedOn");
        (await App.AllEventCount()).ShouldBe(0);
    }

    [Theory]
    [InlineData("18")]
    [InlineData("6")]
    [InlineData("00")]
    [InlineData("AB")]
    [InlineData("")]
    [InlineData("+6")]
    [InlineData(" 6")]
    public async Task A_region_that_is_not_a_Quebec_administrative_region_is_rejected(string region)
    {
        var response = await Post("/api/cases", Bodies.NewCase(region: region), Worker);

        response.ShouldBeCleanProblem(400);
        response.ErrorFields().ShouldContain("region");
        (await App.AllEventCount()).ShouldBe(0);
    }

    [Theory]
    [InlineData("01")]
    [InlineData("17")]
    public async Task The_first_and_last_region_codes_are_accepted(string region)
    {
        var id = await OpenCase(body: Bodies.NewCase(region: region));

        (await Stream(id)).ShouldHaveSingleItem().Data.ShouldBeOfType<CaseOpened>().Region.ShouldBe(region);
    }

    [Theory]
    [InlineData("{ \"accessPoint\": \"police\", ")]
    [InlineData("not json at all")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{ \"accessPoint\": 'police' }")]
    public async Task Malformed_json_is_a_clean_400(string body)
    {
        var response = await Post("/api/cases", body, Worker);

        response.ShouldBeCleanProblem(400);
        (await App.AllEventCount()).ShouldBe(0);
    }

    [Fact]
    public async Task A_body_over_256_KB_is_refused_with_413()
    {
        var notes = new string('x', 300 * 1024);
        var body = Bodies.NewCase(new { fullName = "Someone", notes });

        var response = await Post("/api/cases", body, Worker);

        response.ShouldBeCleanProblem(413);
        (await App.AllEventCount()).ShouldBe(0);
    }

    [Theory]
    [InlineData("2008-03-03", "18_24", 400)] // 17 on the opening day
    [InlineData("2008-03-03", "14_17", 201)]
    [InlineData("2008-03-02", "18_24", 201)] // 18 that very day
    [InlineData("2008-03-02", "14_17", 400)]
    [InlineData("1976-03-03", "50_plus", 400)] // 49 for one more day
    [InlineData("1976-03-03", "35_49", 201)]
    public async Task The_age_group_must_match_the_date_of_birth_on_the_opening_day(string dateOfBirth, string ageGroup, int status)
    {
        var response = await Post("/api/cases", new
        {
            accessPoint = "police", exploitationTypes = new[] { "forced_labour" }, trafficking = "domestic", ageGroup,
            gender = "woman", region = "06", personalDetails = new { fullName = "Someone", dateOfBirth }
        }, Worker);

        if (status == 400)
        {
            response.ShouldBeCleanProblem(400);
            response.ErrorFields().ShouldBe(["ageGroup"]);
            response.Body.ShouldNotContain(dateOfBirth);
            (await App.AllEventCount()).ShouldBe(0);
            return;
        }

        response.Status.ShouldBe(201, response.Body);
        var read = await Get($"/api/cases/{response.Json["id"]!.GetValue<Guid>()}", Worker, 200);
        read.Json["ageGroup"]!.GetValue<string>().ShouldBe(ageGroup);
    }

    [Fact]
    public async Task A_case_recorded_after_the_fact_takes_the_age_on_its_opening_day()
    {
        var body = new
        {
            accessPoint = "police", exploitationTypes = new[] { "forced_labour" }, trafficking = "domestic", ageGroup = "14_17",
            gender = "woman", region = "06", openedOn = "2025-12-01", personalDetails = new { dateOfBirth = "2008-01-15" }
        };

        var id = (await Post("/api/cases", body, Worker, 201)).Json["id"]!.GetValue<Guid>();

        (await Stream(id)).Single().Data.ShouldBeOfType<CaseOpened>().AgeGroup.ShouldBe(AgeGroup.From14To17);
    }

    [Fact]
    public async Task A_date_of_birth_in_the_future_is_rejected()
    {
        var response = await Post("/api/cases",
            Bodies.NewCase(new { fullName = "Someone", dateOfBirth = "2026-03-03" }), Worker);

        response.ShouldBeCleanProblem(400);
        response.ErrorFields().ShouldContain(field => field.EndsWith("dateOfBirth", StringComparison.Ordinal));
        (await App.AllEventCount()).ShouldBe(0);
        (await KeyCount()).ShouldBe(0);
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("two@@example.org")]
    [InlineData("@example.org")]
    public async Task An_invalid_email_is_rejected(string email)
    {
        var response = await Post("/api/cases", Bodies.NewCase(new { fullName = "Someone", email }), Worker);

        response.ShouldBeCleanProblem(400);
        response.ErrorFields().ShouldContain(field => field.EndsWith("email", StringComparison.Ordinal));
        (await App.AllEventCount()).ShouldBe(0);
        (await KeyCount()).ShouldBe(0);
    }

    [Fact]
    public async Task An_unparseable_date_of_birth_is_rejected()
    {
        var response = await Post("/api/cases", Bodies.NewCase(new { fullName = "Someone", dateOfBirth = "2004-02-31" }), Worker);

        response.ShouldBeCleanProblem(400);
        response.ErrorFields().ShouldContain(field => field.EndsWith("dateOfBirth", StringComparison.Ordinal));
        (await App.AllEventCount()).ShouldBe(0);
    }

    [Fact]
    public async Task The_body_cannot_choose_organisation_pivot_worker_status_version_or_id()
    {
        var forcedId = Guid.NewGuid();
        var body = $$"""
            { "accessPoint": "police", "exploitationTypes": ["forced_labour"], "trafficking": "domestic",
              "ageGroup": "18_24", "gender": "woman", "region": "06",
              "organization": "other", "pivotWorker": "someone", "status": "closed", "version": 99,
              "id": "{{forcedId}}", "caseId": "{{forcedId}}", "openedBy": "someone", "expectedVersion": 42 }
            """;

        var response = await Post("/api/cases", body, Worker, 201);

        var id = response.Json["id"]!.GetValue<Guid>();
        id.ShouldNotBe(forcedId);
        response.Json["version"]!.GetValue<long>().ShouldBe(1);

        var events = await Stream(id);
        var opened = events.ShouldHaveSingleItem().Data.ShouldBeOfType<CaseOpened>();
        events[0].Version.ShouldBe(1);
        opened.CaseId.ShouldBe(id);
        opened.Organization.ShouldBe(Worker.Organization);
        opened.PivotWorker.ShouldBe(Worker.Sub);
        opened.OpenedBy.ShouldBe(Worker.Sub);
        (await Stream(forcedId)).ShouldBeEmpty();

        var details = (await Load<CaseDetails>(id)).ShouldNotBeNull();
        details.Status.ShouldBe(CaseStatus.Open);
        details.Version.ShouldBe(1);
        details.Organization.ShouldBe(Worker.Organization);
        details.PivotWorker.ShouldBe(Worker.Sub);
    }

    [Fact]
    public async Task Only_caseworkers_may_open_a_case()
    {
        (await Post("/api/cases", Bodies.NewCase(), Supervisor)).ShouldBeCleanProblem(403);
        (await Post("/api/cases", Bodies.NewCase(), CaseTestKit.Researcher)).ShouldBeCleanProblem(403);
        (await Post("/api/cases", Bodies.NewCase(), CaseTestKit.Coordinator)).ShouldBeCleanProblem(403);
        (await Post("/api/cases", Bodies.NewCase(), null)).Status.ShouldBe(401);

        (await App.AllEventCount()).ShouldBe(0);
    }

    /// <summary>When a value that should be refused is accepted, say what was recorded instead.</summary>
    private async Task ShouldNotHaveBeenRecorded(ApiResponse response)
    {
        if (response.Status != 201) return;
        var opened = (await Stream(response.Json["id"]!.GetValue<Guid>())).Single().Data.ShouldBeOfType<CaseOpened>();
        throw new ShouldAssertException(
            $"Expected 400 but the case was opened (201) and recorded accessPoint={opened.AccessPoint}, gender={opened.Gender}, " +
            $"exploitationTypes=[{string.Join(", ", opened.ExploitationTypes)}]");
    }

    private static string CaseJsonWith(string field, string json)
    {
        var fields = new Dictionary<string, string>
        {
            ["accessPoint"] = "\"police\"",
            ["exploitationTypes"] = "[\"forced_labour\"]",
            ["trafficking"] = "\"domestic\"",
            ["ageGroup"] = "\"18_24\"",
            ["gender"] = "\"woman\"",
            ["region"] = "\"06\"",
            [field] = json
        };
        return "{" + string.Join(", ", fields.Select(pair => $"\"{pair.Key}\": {pair.Value}")) + "}";
    }

    private async Task<int> CaseDetailsCount()
    {
        await using var session = App.Host.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession();
        return await Marten.QueryableExtensions.CountAsync(session.Query<CaseDetails>());
    }

    private async Task<int> KeyCount()
    {
        await using var session = App.Host.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession();
        return await Marten.QueryableExtensions.CountAsync(session.Query<PivotCase.Api.Privacy.CaseKey>());
    }
}
