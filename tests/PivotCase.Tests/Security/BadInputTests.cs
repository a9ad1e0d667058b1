using System.Text;
using PivotCase.Api.Steps;
using PivotCase.Tests.Cases;
using PivotCase.Tests.Steps;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Security;

/// <summary>
/// Hostile or broken request bodies on POST /api/cases/{id}/steps: always a 400/413 problem+json that names the
/// field when there is one, never an internal detail, never an event.
/// </summary>
public sealed class BadInputTests(AppFixture app) : IntegrationTest(app), IAsyncLifetime
{
    Task IAsyncLifetime.InitializeAsync() => this.RewindClockAndResetAsync(App);
    Task IAsyncLifetime.DisposeAsync() => this.RewindClockAndDisposeAsync(App);

    private static readonly string[] Leaks = ["   at ", "Npgsql", "SELECT", "System.", "PivotCase.Api", "Exception"];

    private static string StepsOf(Guid caseId) => $"/api/cases/{caseId}/steps";

    public static TheoryData<string> MalformedJson => new(
        "{",
        "{ \"domain\": \"housing\", \"title\": \"Shelter\", ",
        "{ \"domain\": housing }",
        "{ 'domain': 'housing' }",
        "not json at all",
        "{ \"domain\": \"housing\", \"title\": \"Shelter\", \"timeframe\": \"immediate\" } trailing",
        "[1, 2, 3]",
        "\"a string\"",
        "42");

    [Theory]
    [MemberData(nameof(MalformedJson))]
    public async Task Malformed_json_is_400_problem_json_without_internals(string body)
    {
        var caseId = await OpenCase();

        var response = await Post(StepsOf(caseId), body, Worker);

        ShouldBeCleanProblem(response, 400);
        (await Stream(caseId)).Count.ShouldBe(1);
        // The client's mistake is logged for whoever debugs, never as the server's error, and without the
        // deserializer's exception (whose message quotes the body).
        var unreadable = App.Logs.Lines
            .Where(line => line.Contains(StepsOf(caseId)) && line.Contains("deserialize JSON")).ToList();
        unreadable.ShouldNotBeEmpty();
        unreadable.ShouldAllBe(line => line.StartsWith("Debug ") && !line.Contains("JsonException"));
    }

    [Fact]
    public async Task A_body_of_json_null_is_400_where_a_body_is_required_and_no_body_where_it_is_optional()
    {
        var caseId = await OpenCase();
        var stepId = await PlanStep(caseId);
        var probe = Guid.NewGuid();
        var worker = Bearer(Worker);
        var coordinator = Bearer(TestUser.Coordinator());
        (HttpMethod, string, string)[] required =
        [
            (HttpMethod.Post, "/api/cases", worker), (HttpMethod.Post, $"/api/cases/{caseId}/close", worker),
            (HttpMethod.Post, $"/api/cases/{caseId}/transfer", worker), (HttpMethod.Post, $"/api/cases/{caseId}/needs", worker),
            (HttpMethod.Post, StepsOf(caseId), worker), (HttpMethod.Post, $"/api/cases/{caseId}/steps/{stepId}/cancel", worker),
            (HttpMethod.Post, $"/api/cases/{caseId}/consents", worker), (HttpMethod.Post, $"/api/cases/{caseId}/referrals", worker),
            (HttpMethod.Post, $"/api/cases/{caseId}/immigration", worker), (HttpMethod.Post, $"/api/cases/{caseId}/compensation", worker),
            (HttpMethod.Post, $"/api/cases/{caseId}/emergency-fund", worker), (HttpMethod.Post, $"/api/cases/{caseId}/assessments", worker),
            (HttpMethod.Post, $"/api/cases/{caseId}/erasure", coordinator), (HttpMethod.Post, "/api/directory/organizations", coordinator),
            (HttpMethod.Put, "/api/directory/organizations/maison", coordinator)
        ];

        foreach (var (method, route, authorization) in required)
        {
            var response = await Send(method, route, "null", authorization);
            response.Status.ShouldBe(400, $"{method} {route}: {response.Body}");
            ShouldBeCleanProblem(response, 400);
        }

        (await Stream(caseId)).Count.ShouldBe(2);
        (await Get("/api/directory/organizations", Worker, 200)).Json.AsArray().ShouldBeEmpty();

        // Where the body is optional, null is no body: starting the step works as it does without one.
        (await Post($"/api/cases/{caseId}/steps/{stepId}/start", "null", Worker)).Status.ShouldBe(200);
        (await Stream(caseId)).Last().Data.ShouldBeOfType<StepStarted>();
        foreach (var route in new[]
                 {
                     $"/api/cases/{caseId}/reopen", $"/api/cases/{caseId}/consents/{probe}/withdraw",
                     $"/api/cases/{caseId}/referrals/{probe}/accept", $"/api/cases/{caseId}/referrals/{probe}/decline",
                     $"/api/cases/{caseId}/referrals/{probe}/cancel"
                 })
            (await Post(route, "null", Worker)).Status.ShouldBe((await Post(route, null, Worker)).Status, route);
    }

    [Theory]
    [InlineData("title", "5")]
    [InlineData("title", "true")]
    [InlineData("title", "{\"text\":\"Shelter\"}")]
    [InlineData("title", "[\"Shelter\"]")]
    [InlineData("domain", "3")]
    [InlineData("domain", "[\"housing\"]")]
    [InlineData("timeframe", "1")]
    [InlineData("dueOn", "20260316")]
    [InlineData("needId", "\"not-a-guid\"")]
    [InlineData("needId", "12")]
    [InlineData("expectedVersion", "\"three\"")]
    [InlineData("expectedVersion", "\"1\"")]
    [InlineData("expectedVersion", "1.5")]
    [InlineData("provider", "{}")]
    public async Task A_value_of_the_wrong_json_type_is_400_naming_the_field(string field, string rawValue)
    {
        var caseId = await OpenCase();

        var response = await Post(StepsOf(caseId), WithField(field, rawValue), Worker);

        ShouldBeCleanProblem(response, 400);
        response.Errors.ShouldNotBeNull($"no errors in {response.Body}").ContainsKey(field).ShouldBeTrue(response.Body);
        (await Stream(caseId)).Count.ShouldBe(1);
    }

    [Theory]
    [InlineData("domain", "\"spa\"")]
    [InlineData("domain", "\"HOUSING_AND_MORE\"")]
    [InlineData("timeframe", "\"eventually\"")]
    [InlineData("status", "\"cancelled\"")]
    [InlineData("status", "\"paused\"")]
    public async Task An_unknown_enumeration_value_is_400_naming_the_field(string field, string rawValue)
    {
        var caseId = await OpenCase();

        var response = await Post(StepsOf(caseId), WithField(field, rawValue), Worker);

        ShouldBeCleanProblem(response, 400);
        response.Errors.ShouldNotBeNull(response.Body).ContainsKey(field).ShouldBeTrue(response.Body);
        (await Stream(caseId)).Count.ShouldBe(1);
    }

    [Theory]
    [InlineData("\"2026-02-30\"")]
    [InlineData("\"2026-13-01\"")]
    [InlineData("\"2026-3-9\"")]
    [InlineData("\"16/03/2026\"")]
    [InlineData("\"2026-03-16T10:00:00Z\"")]
    [InlineData("\"\"")]
    public async Task An_invalid_date_is_400_naming_the_field(string rawValue)
    {
        var caseId = await OpenCase();

        var response = await Post(StepsOf(caseId), WithField("dueOn", rawValue), Worker);

        ShouldBeCleanProblem(response, 400);
        response.Errors.ShouldNotBeNull(response.Body).ContainsKey("dueOn").ShouldBeTrue(response.Body);
        (await Stream(caseId)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Missing_fields_are_400_with_an_error_per_field_and_no_internals()
    {
        var caseId = await OpenCase();

        var response = await Post(StepsOf(caseId), "{}", Worker);

        ShouldBeCleanProblem(response, 400);
        response.Errors.ShouldNotBeNull().Select(e => e.Key).ShouldBe(["domain", "title", "timeframe"], ignoreOrder: true);
        (await Stream(caseId)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_body_over_256_KB_with_Content_Length_is_413_problem_json()
    {
        var caseId = await OpenCase();
        var body = OversizedStep();

        var response = await Send(HttpMethod.Post, StepsOf(caseId), body, Bearer(Worker),
            headers: new Dictionary<string, string> { ["Content-Length"] = Encoding.UTF8.GetByteCount(body).ToString() });

        ShouldBeCleanProblem(response, 413);
        (await Stream(caseId)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_body_over_256_KB_is_413_even_for_an_anonymous_caller()
    {
        var caseId = await OpenCase();

        var response = await Send(HttpMethod.Post, StepsOf(caseId), OversizedStep(), null);

        ShouldBeCleanProblem(response, 413);
        (await Stream(caseId)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_chunked_body_over_256_KB_is_413_problem_json()
    {
        var caseId = await OpenCase();

        var response = await App.PostRawAsync(StepsOf(caseId), Encoding.UTF8.GetBytes(OversizedStep()), Bearer(Worker), chunked: true);

        ShouldBeCleanProblem(response, 413);
        (await Stream(caseId)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_chunked_body_under_the_limit_still_works()
    {
        var caseId = await OpenCase();

        var response = await App.PostRawAsync(StepsOf(caseId), Encoding.UTF8.GetBytes(
            """{"domain":"housing","title":"Emergency shelter placement","timeframe":"immediate"}"""), Bearer(Worker), chunked: true);

        response.Status.ShouldBe(201, response.Body);
        (await Stream(caseId)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_body_just_under_256_KB_is_read_and_validated_not_refused_as_too_large()
    {
        var caseId = await OpenCase();
        var title = new string('t', 250 * 1024);

        var response = await Post(StepsOf(caseId), new { domain = "housing", title, timeframe = "immediate" }, Worker);

        ShouldBeCleanProblem(response, 400);
        response.Errors.ShouldNotBeNull().ContainsKey("title").ShouldBeTrue();
        (await Stream(caseId)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Bad_input_on_an_unknown_case_or_another_organisations_case_reveals_nothing_either()
    {
        var theirs = await OpenCase(OtherOrgWorker);
        var before = await App.AllEventCount();

        var unknown = await Post(StepsOf(Guid.NewGuid()), "{ \"domain\": ", Worker);
        var hidden = await Post(StepsOf(theirs), "{ \"domain\": ", Worker);

        unknown.Status.ShouldBeOneOf(400, 404);
        ShouldBeCleanProblem(unknown, unknown.Status);
        CaseTestKit.ProblemShape(hidden).ShouldBe(CaseTestKit.ProblemShape(unknown));
        (await App.AllEventCount()).ShouldBe(before);
    }

    [Theory]
    [InlineData("title", "\"Shelter\\u0000 bed\"")]
    [InlineData("provider", "\"\\u0000\"")]
    public async Task A_nul_character_in_a_text_is_400_and_nothing_is_stored(string field, string rawValue)
    {
        var caseId = await OpenCase();

        var response = await Post(StepsOf(caseId), WithField(field, rawValue), Worker);

        ShouldBeCleanProblem(response, 400);
        response.Json["detail"]!.GetValue<string>().ShouldStartWith("A text holds a NUL character");
        (await Stream(caseId)).Count.ShouldBe(1);
        (await Get($"/api/cases/{caseId}", Worker, 200)).Json["steps"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_body_sent_as_text_plain_is_refused_cleanly()
    {
        var caseId = await OpenCase();

        var response = await Send(HttpMethod.Post, StepsOf(caseId), "domain=housing&title=x", Bearer(Worker),
            headers: new Dictionary<string, string> { ["Content-Type"] = "text/plain" });

        response.Status.ShouldBeInRange(400, 499);
        response.Body.ShouldNotBeNull();
        foreach (var leak in Leaks) response.Body.ShouldNotContain(leak, Case.Sensitive);
        (await Stream(caseId)).Count.ShouldBe(1);
    }

    private static string WithField(string field, string rawValue)
    {
        var fields = new Dictionary<string, string>
        {
            ["domain"] = "\"housing\"", ["title"] = "\"Emergency shelter placement\"", ["timeframe"] = "\"immediate\"",
            [field] = rawValue
        };
        return "{" + string.Join(",", fields.Select(pair => $"\"{pair.Key}\":{pair.Value}")) + "}";
    }

    private static string OversizedStep() =>
        $$"""{"domain":"housing","title":"{{new string('x', 300 * 1024)}}","timeframe":"immediate"}""";

    private static void ShouldBeCleanProblem(ApiResponse response, int status)
    {
        response.Status.ShouldBe(status, response.Body);
        response.IsProblem.ShouldBeTrue($"content type {response.ContentType}: {response.Body}");
        var json = response.Json;
        json["status"].ShouldNotBeNull(response.Body).GetValue<int>().ShouldBe(status);
        json["title"].ShouldNotBeNull(response.Body).GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        json["detail"].ShouldNotBeNull(response.Body).GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        foreach (var leak in Leaks)
            response.Body.ShouldNotContain(leak, Case.Sensitive, $"the answer leaks '{leak}': {response.Body}");
    }
}
