using System.Net;
using System.Net.Http.Json;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PivotCase.Api.Cases;
using PivotCase.Api.Directory;
using PivotCase.Api.Platform.Idempotency;
using PivotCase.Api.Privacy;
using PivotCase.Api.Steps;
using PivotCase.Tests.Cases;
using PivotCase.Tests.Directory;
using PivotCase.Tests.Privacy;
using PivotCase.Tests.Recovery;
using PivotCase.Tests.Referrals;
using PivotCase.Tests.Support;
using Wolverine.Http;
using Wolverine.Tracking;

namespace PivotCase.Tests.Reliability;

/// <summary>
/// Idempotency-Key on every write: a retry with the same key and request gets the first answer again and records
/// nothing more; the same key with another request gets 422; failures are not kept; keys expire.
/// </summary>
public sealed partial class IdempotencyTests(AppFixture app) : ReferralTest(app)
{
    private static readonly TestUser Colleague = TestUser.Caseworker("cathii", "worker-2");

    private static object Step(string title = "Emergency shelter placement", long? expectedVersion = null) =>
        new { domain = "housing", title, timeframe = "immediate", expectedVersion };

    private Task<ApiResponse> Write(string url, object body, TestUser user, string? key, HttpMethod? method = null) =>
        Send(method ?? HttpMethod.Post, url, body, Bearer(user), headers: key is null ? null : new Dictionary<string, string>
        {
            [IdempotencyKey.Header] = key
        });

    /// <summary>Sends the write twice under one key: the retry is the first answer again, and records nothing.</summary>
    private async Task<ApiResponse> WriteAndRetry(string url, object body, TestUser user, int status, HttpMethod? method = null)
    {
        var key = $"key-{Guid.NewGuid()}";
        var first = await Write(url, body, user, key, method);
        first.Status.ShouldBe(status, $"{url}: {first.Body}");
        var events = await App.AllEventCount();

        var retry = await Write(url, body, user, key, method);

        retry.ShouldBeReplayOf(first, url);
        (await App.AllEventCount()).ShouldBe(events, url);
        return first;
    }

    private async Task<int> StepsPlannedOn(Guid caseId) => (await Stream(caseId)).Count(e => e.Data is StepPlanned);

    private async Task<IdempotencyRecord?> RecordOf(TestUser user, string key)
    {
        await using var session = App.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.LoadAsync<IdempotencyRecord>(IdempotencyKey.RecordId(user.Sub, key));
    }

    [Fact]
    public async Task The_same_key_and_body_answer_the_first_answer_again_and_open_the_case_once()
    {
        var body = Bodies.NewCase(Bodies.CanaryDetails);
        var first = await Write("/api/cases", body, Worker, "open-1");
        var retry = await Write("/api/cases", body, Worker, "open-1");

        first.Status.ShouldBe(201, first.Body);
        first.Headers["Location"].ShouldBe($"/api/cases/{first.Json["id"]}");
        first.Headers.ShouldNotContainKey(IdempotentAnswer.ReplayedHeader);
        retry.ShouldBeReplayOf(first);
        await using var session = App.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        (await session.Events.QueryRawEventDataOnly<CaseOpened>().CountAsync()).ShouldBe(1);
        (await Stream(first.Json["id"]!.GetValue<Guid>())).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_retried_step_is_planned_once_and_its_answer_kept_without_personal_details()
    {
        var caseId = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));
        var first = await Write($"/api/cases/{caseId}/steps", Step(), Worker, "plan-1");
        var retry = await Write($"/api/cases/{caseId}/steps", Step(), Worker, "plan-1");

        first.Status.ShouldBe(201, first.Body);
        retry.ShouldBeReplayOf(first);
        var planned = (await Stream(caseId)).Select(e => e.Data).OfType<StepPlanned>().ShouldHaveSingleItem();
        planned.StepId.ShouldBe(first.Json["stepId"]!.GetValue<Guid>());

        var record = (await RecordOf(Worker, "plan-1")).ShouldNotBeNull();
        record.Body.ShouldBe(first.Body);
        record.ExpiresAt.ShouldBe(AppFixture.StartOfTime.AddHours(24));
        (await DatabaseScanOfRecords(Bodies.Canary)).ShouldBe(0);
    }

    [Fact]
    public async Task Erasing_a_case_removes_the_fingerprints_of_its_writes_and_their_retries_are_still_answered_once()
    {
        var openedBody = Bodies.NewCase(Bodies.CanaryDetails);
        var opened = await Write("/api/cases", openedBody, Worker, "open-erased");
        var erased = opened.Json["id"]!.GetValue<Guid>();
        var step = await Write($"/api/cases/{erased}/steps", Step(), Worker, "step-erased");
        var kept = (await Write("/api/cases", Bodies.NewCase(Bodies.CanaryDetails, region: "03"), Worker, "open-kept")).Json["id"]!.GetValue<Guid>();
        var fingerprintBefore = (await RecordOf(Worker, "open-erased")).ShouldNotBeNull().Fingerprint;
        (await RecordOf(Worker, "step-erased")).ShouldNotBeNull().CaseId.ShouldBe(erased);

        var erasure = await Write($"/api/cases/{erased}/erasure", new { reason = "survivor_request" }, Coordinator, "erase-1");

        erasure.Status.ShouldBe(200, erasure.Body);
        (await RecordOf(Worker, "open-erased")).ShouldNotBeNull().Fingerprint.ShouldBe(IdempotencyRecord.ErasedFingerprint);
        (await RecordOf(Worker, "step-erased")).ShouldNotBeNull().Fingerprint.ShouldBe(IdempotencyRecord.ErasedFingerprint);
        (await RecordOf(Worker, "open-kept")).ShouldNotBeNull().CaseId.ShouldBe(kept);
        (await RecordOf(Worker, "open-kept")).ShouldNotBeNull().Fingerprint.ShouldNotBe(IdempotencyRecord.ErasedFingerprint);
        (await RecordOf(Coordinator, "erase-1")).ShouldNotBeNull().Fingerprint.ShouldNotBe(IdempotencyRecord.ErasedFingerprint);
        (await DatabaseScanOfRecords(fingerprintBefore)).ShouldBe(0);

        // Late retries are answered from the records: no second step, no second case carrying the erased details.
        (await Write("/api/cases", openedBody, Worker, "open-erased")).ShouldBeReplayOf(opened);
        (await Write($"/api/cases/{erased}/steps", Step(), Worker, "step-erased")).ShouldBeReplayOf(step);
        (await Write($"/api/cases/{erased}/erasure", new { reason = "survivor_request" }, Coordinator, "erase-1")).ShouldBeReplayOf(erasure);
        (await Stream(erased)).Select(e => e.Data).OfType<StepPlanned>().ShouldHaveSingleItem();
        await using var session = App.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        (await session.Events.QueryRawEventDataOnly<CaseOpened>().CountAsync()).ShouldBe(2);
    }

    [Fact]
    public async Task An_erasure_deletes_the_records_about_to_expire_and_forgets_the_fingerprints_of_the_others()
    {
        var opened = (await Write("/api/cases", Bodies.NewCase(Bodies.CanaryDetails), Worker, "open-expiring")).Json["id"]!.GetValue<Guid>();
        App.Clock.Advance(TimeSpan.FromHours(20));
        await Write($"/api/cases/{opened}/steps", Step(), Worker, "step-kept");
        App.Clock.Advance(TimeSpan.FromHours(4) - PersonalDataErasure.ExpiringRecordMargin / 2);

        (await Write($"/api/cases/{opened}/erasure", new { reason = "survivor_request" }, Coordinator, "erase-expiring")).Status.ShouldBe(200);

        (await RecordOf(Worker, "open-expiring")).ShouldBeNull();
        (await RecordOf(Worker, "step-kept")).ShouldNotBeNull().Fingerprint.ShouldBe(IdempotencyRecord.ErasedFingerprint);
        (await Stream(opened)).Last().Data.ShouldBeOfType<PersonalDetailsErased>();
    }

    private async Task<long> DatabaseScanOfRecords(string needle) =>
        await DatabaseScan.RowsContaining(App.ConnectionString, DatabaseScan.ApplicationSchema, "mt_doc_idempotency_record", needle);

    [Fact]
    public async Task A_retry_is_answered_from_the_record_even_where_running_the_write_again_would_be_refused()
    {
        var caseId = await OpenCase();
        var first = await Write($"/api/cases/{caseId}/close", new { reason = "goals_met" }, Worker, "close-1");
        var retry = await Write($"/api/cases/{caseId}/close", new { reason = "goals_met" }, Worker, "close-1");
        var withoutKey = await Post($"/api/cases/{caseId}/close", new { reason = "goals_met" }, Worker);

        first.Status.ShouldBe(200, first.Body);
        retry.ShouldBeReplayOf(first);
        withoutKey.ShouldBeCleanProblem(409);
        (await Stream(caseId)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_refused_with_422_and_appends_nothing()
    {
        var caseId = await OpenCase();
        await Write($"/api/cases/{caseId}/steps", Step("First title"), Worker, "plan-2");

        var other = await Write($"/api/cases/{caseId}/steps", Step("Another title"), Worker, "plan-2");

        other.ShouldBeCleanProblem(422);
        other.Json["title"]!.GetValue<string>().ShouldBe("Idempotency-Key reused with another request");
        (await StepsPlannedOn(caseId)).ShouldBe(1);
    }

    [Fact]
    public async Task The_same_key_on_another_route_is_another_request()
    {
        var caseId = await OpenCase();
        var otherCase = await OpenCase();
        await Write($"/api/cases/{caseId}/steps", Step(), Worker, "shared-key");

        var otherCaseSameBody = await Write($"/api/cases/{otherCase}/steps", Step(), Worker, "shared-key");
        var otherEndpoint = await Write($"/api/cases/{caseId}/needs", new { domain = "housing", timeframe = "immediate" }, Worker, "shared-key");

        otherCaseSameBody.ShouldBeCleanProblem(422);
        otherEndpoint.ShouldBeCleanProblem(422);
        (await Stream(otherCase)).Count.ShouldBe(1);
        (await Stream(caseId)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Keys_belong_to_their_user()
    {
        var caseId = await OpenCase();
        var mine = await Write($"/api/cases/{caseId}/steps", Step(), Worker, "my-key");
        var colleagues = await Write($"/api/cases/{caseId}/steps", Step(), Colleague, "my-key");

        mine.Status.ShouldBe(201, mine.Body);
        colleagues.Status.ShouldBe(201, colleagues.Body);
        colleagues.Headers.ShouldNotContainKey(IdempotentAnswer.ReplayedHeader);
        colleagues.Json["stepId"]!.GetValue<Guid>().ShouldNotBe(mine.Json["stepId"]!.GetValue<Guid>());
        (await StepsPlannedOn(caseId)).ShouldBe(2);
    }

    [Fact]
    public async Task Concurrent_duplicates_open_one_case_and_get_its_answer_or_409()
    {
        var body = Bodies.NewCase(Bodies.CanaryDetails);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Write("/api/cases", body, Worker, "open-race")));

        var opened = answers.Where(a => a.Status == 201).ToList();
        opened.ShouldNotBeEmpty(Describe(answers));
        opened.Select(a => a.Body).Distinct().ShouldHaveSingleItem();
        foreach (var answer in answers.Where(a => a.Status != 201)) answer.ShouldBeCleanProblem(409);
        await using var session = App.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        (await session.Events.QueryRawEventDataOnly<CaseOpened>().CountAsync()).ShouldBe(1, Describe(answers));
        // The case's key is written with its opening, once: a duplicate that lost the race left no key of its own.
        (await session.Query<PivotCase.Api.Privacy.CaseKey>().Select(key => key.Id).ToListAsync())
            .ShouldBe([opened[0].Json["id"]!.GetValue<Guid>()], Describe(answers));
    }

    [Fact]
    public async Task Concurrent_duplicates_plan_one_step_and_get_its_answer_or_409()
    {
        for (var round = 0; round < 3; round++)
        {
            var caseId = await OpenCase();

            var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
                Write($"/api/cases/{caseId}/steps", Step(), Worker, $"plan-race-{round}")));

            var planned = (await Stream(caseId)).Select(e => e.Data).OfType<StepPlanned>().ToList();
            planned.ShouldHaveSingleItem(Describe(answers));
            answers.ShouldContain(a => a.Status == 201, Describe(answers));
            foreach (var answer in answers.Where(a => a.Status != 201)) answer.ShouldBeCleanProblem(409);
            foreach (var answer in answers.Where(a => a.Status == 201))
                answer.Json["stepId"]!.GetValue<Guid>().ShouldBe(planned[0].StepId, Describe(answers));
        }
    }

    /// <summary>
    /// Completing a step twice is refused (409, already done), so a duplicate that reads the case after the first one
    /// committed would be refused by the state the first one created; it is the same request and gets the same answer.
    /// </summary>
    [Fact]
    public async Task Concurrent_duplicates_of_a_write_that_cannot_run_twice_all_get_the_first_answer()
    {
        for (var round = 0; round < 5; round++)
        {
            var caseId = await OpenCase();
            var stepId = await PlanStep(caseId);

            var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
                Write($"/api/cases/{caseId}/steps/{stepId}/complete", new { outcome = "Placed" }, Worker, $"complete-race-{round}")));

            (await Stream(caseId)).Select(e => e.Data).OfType<StepCompleted>().ShouldHaveSingleItem(Describe(answers));
            answers.ShouldAllBe(answer => answer.Status == 200, Describe(answers));
            answers.Select(answer => answer.Body).Distinct().ShouldHaveSingleItem(Describe(answers));
            answers.Count(answer => !answer.Headers.ContainsKey(IdempotentAnswer.ReplayedHeader)).ShouldBe(1, Describe(answers));
        }
    }

    private static string Describe(IEnumerable<ApiResponse> answers) =>
        string.Join(" | ", answers.Select(a => $"{a.Status} {a.Headers.GetValueOrDefault(IdempotentAnswer.ReplayedHeader)} {a.Body}"));

    [Fact]
    public async Task A_refused_write_is_not_kept_so_its_retry_is_decided_afresh()
    {
        var caseId = await OpenCase();
        await PlanStep(caseId);

        var stale = await Write($"/api/cases/{caseId}/steps", Step(expectedVersion: 1), Worker, "stale-1");
        var again = await Write($"/api/cases/{caseId}/steps", Step(expectedVersion: 1), Worker, "stale-1");

        stale.ShouldBeCleanProblem(409);
        again.ShouldBeCleanProblem(409);
        again.Headers.ShouldNotContainKey(IdempotentAnswer.ReplayedHeader);
        (await RecordOf(Worker, "stale-1")).ShouldBeNull();

        var corrected = await Write($"/api/cases/{caseId}/steps", Step(expectedVersion: 2), Worker, "stale-1");
        corrected.Status.ShouldBe(201, corrected.Body);
        (await StepsPlannedOn(caseId)).ShouldBe(2);
    }

    [Fact]
    public async Task An_expired_key_is_a_new_request()
    {
        var caseId = await OpenCase();
        var first = await Write($"/api/cases/{caseId}/steps", Step(), Worker, "old-key");

        ApiResponse later;
        using (App.ClockAt(AppFixture.StartOfTime.AddHours(24)))
            later = await Write($"/api/cases/{caseId}/steps", Step(), Worker, "old-key");

        later.Status.ShouldBe(201, later.Body);
        later.Headers.ShouldNotContainKey(IdempotentAnswer.ReplayedHeader);
        later.Json["stepId"]!.GetValue<Guid>().ShouldNotBe(first.Json["stepId"]!.GetValue<Guid>());
        (await StepsPlannedOn(caseId)).ShouldBe(2);
        (await RecordOf(Worker, "old-key")).ShouldNotBeNull().CreatedAt.ShouldBe(AppFixture.StartOfTime.AddHours(24));
    }

    [Fact]
    public async Task The_sweep_deletes_the_records_past_their_expiry()
    {
        var caseId = await OpenCase();
        await Write($"/api/cases/{caseId}/steps", Step("First"), Worker, "early");
        using (App.ClockAt(AppFixture.StartOfTime.AddHours(12)))
            await Write($"/api/cases/{caseId}/steps", Step("Second"), Worker, "later");

        using (App.ClockAt(AppFixture.StartOfTime.AddHours(25)))
            await App.Host.InvokeMessageAndWaitAsync(new SweepExpiredIdempotencyRecords());

        (await RecordOf(Worker, "early")).ShouldBeNull();
        (await RecordOf(Worker, "later")).ShouldNotBeNull();
        (await StepsPlannedOn(caseId)).ShouldBe(2);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("clé")]
    [InlineData("tab\tinside")]
    [InlineData("256")]
    public async Task A_malformed_key_is_refused_with_400_and_appends_nothing(string key)
    {
        if (key == "256") key = new string('k', 256);
        var caseId = await OpenCase();

        var answer = await Write($"/api/cases/{caseId}/steps", Step(), Worker, key);

        answer.ShouldBeCleanProblem(400);
        answer.ErrorFields().ShouldBe([IdempotencyKey.Header]);
        (await StepsPlannedOn(caseId)).ShouldBe(0);
    }

    [Fact]
    public async Task Writes_without_a_key_are_not_deduplicated()
    {
        var caseId = await OpenCase();

        var first = await Post($"/api/cases/{caseId}/steps", Step(), Worker, 201);
        var second = await Post($"/api/cases/{caseId}/steps", Step(), Worker, 201);

        second.Json["stepId"]!.GetValue<Guid>().ShouldNotBe(first.Json["stepId"]!.GetValue<Guid>());
        (await StepsPlannedOn(caseId)).ShouldBe(2);
        await using var session = App.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        (await session.Query<IdempotencyRecord>().CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task A_replaced_directory_member_is_not_replaced_again_by_a_retry()
    {
        var first = await Write("/api/directory/organizations/maison", Organizations.Body("maison"), Coordinator, "put-1", HttpMethod.Put);
        ApiResponse retry;
        using (App.ClockAt(AppFixture.StartOfTime.AddHours(1)))
            retry = await Write("/api/directory/organizations/maison", Organizations.Body("maison"), Coordinator, "put-1", HttpMethod.Put);

        first.Status.ShouldBe(201, first.Body);
        retry.ShouldBeReplayOf(first);
        await using var session = App.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        (await session.LoadAsync<OrganizationProfile>("maison")).ShouldNotBeNull().UpdatedAt.ShouldBe(AppFixture.StartOfTime);
    }

    /// <summary>
    /// Every write route of the API, each sent twice under one key: the retry is the first answer (status, body,
    /// Location) and records nothing. The routes exercised must be all the write routes the API maps.
    /// </summary>
    [Fact]
    public async Task Every_write_route_answers_a_retry_from_its_record()
    {
        var exercised = new HashSet<string>();
        async Task<ApiResponse> Exercise(string template, string url, object body, TestUser user, int status, HttpMethod? method = null)
        {
            exercised.Add($"{(method ?? HttpMethod.Post).Method} {template}");
            return await WriteAndRetry(url, body, user, status, method);
        }

        await Exercise("/api/directory/organizations", "/api/directory/organizations", Organizations.Body("maison"), Coordinator, 201);
        await Exercise("/api/directory/organizations/{code}", "/api/directory/organizations/refuge", Organizations.Body("refuge"),
            Coordinator, 201, HttpMethod.Put);

        var caseId = (await Exercise("/api/cases", "/api/cases", Bodies.NewCase(Bodies.CanaryDetails), Worker, 201)).Json["id"]!.GetValue<Guid>();
        var at = $"/api/cases/{caseId}";
        await Exercise("/api/cases/{id}/needs", $"{at}/needs", new { domain = "housing", timeframe = "immediate" }, Worker, 201);
        var started = (await Exercise("/api/cases/{id}/steps", $"{at}/steps", Step("To start"), Worker, 201)).Json["stepId"];
        var cancelled = (await WriteAndRetry($"{at}/steps", Step("To cancel"), Worker, 201)).Json["stepId"];
        await Exercise("/api/cases/{id}/steps/{stepId}/start", $"{at}/steps/{started}/start", new { }, Worker, 200);
        var need = (await WriteAndRetry($"{at}/needs", new { domain = "housing", timeframe = "short_term" }, Worker, 201)).Json["needId"];
        await Exercise("/api/cases/{id}/steps/{stepId}/need", $"{at}/steps/{started}/need", new { needId = need }, Worker, 200);
        await Exercise("/api/cases/{id}/steps/{stepId}/complete", $"{at}/steps/{started}/complete", new { outcome = "Placed" }, Worker, 200);
        await Exercise("/api/cases/{id}/steps/{stepId}/cancel", $"{at}/steps/{cancelled}/cancel", new { reason = "No longer needed" }, Worker, 200);

        var consent = (await Exercise("/api/cases/{id}/consents", $"{at}/consents", ShareWith("maison"), Worker, 201)).Json["consentId"];
        var referrals = new List<string>();
        foreach (var domain in new[] { "housing", "health", "legal" })
            referrals.Add((await Exercise("/api/cases/{id}/referrals", $"{at}/referrals",
                new { toOrganization = "maison", domain, reason = "Needs support" }, Worker, 201)).Json["referralId"]!.ToString());
        await Exercise("/api/cases/{id}/referrals/{referralId}/accept", $"{at}/referrals/{referrals[0]}/accept", new { }, MaisonWorker, 200);
        await Exercise("/api/cases/{id}/referrals/{referralId}/decline", $"{at}/referrals/{referrals[1]}/decline", new { }, MaisonWorker, 200);
        await Exercise("/api/cases/{id}/referrals/{referralId}/cancel", $"{at}/referrals/{referrals[2]}/cancel", new { }, Worker, 200);
        await Exercise("/api/cases/{id}/consents/{consentId}/withdraw", $"{at}/consents/{consent}/withdraw", new { }, Worker, 200);

        var immigration = (await Exercise("/api/cases/{id}/immigration", $"{at}/immigration", new { kind = "trp_applied", on = Today }, Worker, 201))
            .Json["entryId"];
        var compensation = (await Exercise("/api/cases/{id}/compensation", $"{at}/compensation", new { kind = "claim_filed", on = Today }, Worker, 201))
            .Json["entryId"];
        var disbursement = (await Exercise("/api/cases/{id}/emergency-fund", $"{at}/emergency-fund",
            new { amount = 40.5m, category = "transport", on = Today }, Worker, 201)).Json["disbursementId"];
        await Exercise("/api/cases/{id}/immigration/{entryId}/void", $"{at}/immigration/{immigration}/void", new { reason = "wrong_day" }, Worker, 200);
        await Exercise("/api/cases/{id}/compensation/{entryId}/void", $"{at}/compensation/{compensation}/void", new { reason = "wrong_day" },
            Worker, 200);
        await Exercise("/api/cases/{id}/emergency-fund/{disbursementId}/void", $"{at}/emergency-fund/{disbursement}/void",
            new { reason = "duplicate" }, Worker, 200);
        var assessment = (await Exercise("/api/cases/{id}/assessments", $"{at}/assessments", RecoveryBodies.Assessment(), Worker, 201))
            .Json["assessmentId"];
        await Exercise("/api/cases/{id}/assessments/{assessmentId}/void", $"{at}/assessments/{assessment}/void", new { reason = "wrong_day" },
            Worker, 200);
        await Exercise("/api/cases/{id}/personal-details", $"{at}/personal-details",
            new { personalDetails = new { fullName = $"{Bodies.Canary} Corrected", phone = "514-555-0100" } }, Worker, 200);
        await Exercise("/api/cases/{id}/profile", $"{at}/profile", new { region = "13" }, Worker, 200);
        await Exercise("/api/cases/{id}/transfer", $"{at}/transfer", new { toWorker = Colleague.Sub }, Worker, 200);
        await Exercise("/api/cases/{id}/close", $"{at}/close", new { reason = "goals_met" }, Colleague, 200);
        await Exercise("/api/cases/{id}/reopen", $"{at}/reopen", new { }, Colleague, 200);
        await Exercise("/api/cases/{id}/erasure", $"{at}/erasure", new { reason = "survivor_request" }, Coordinator, 200);

        var incident = (await Exercise("/api/privacy/incidents", "/api/privacy/incidents", new
        {
            kind = "loss", informationConcerned = "A caseload list", circumstances = "Left on a bus", occurredFrom = Today,
            discoveredOn = Today, personsConcerned = 4
        }, Coordinator, 201)).Json["id"];
        var register = $"/api/privacy/incidents/{incident}";
        await Exercise("/api/privacy/incidents/{id}/revisions", $"{register}/revisions", new
        {
            kind = "loss", informationConcerned = "A caseload list", circumstances = "Left on a bus, found the next day", occurredFrom = Today,
            discoveredOn = Today, personsConcerned = 4
        }, Coordinator, 200);
        await Exercise("/api/privacy/incidents/{id}/risk-assessment", $"{register}/risk-assessment",
            new { seriousInjuryRisk = true, reasons = "Sensitive information" }, Coordinator, 200);
        await Exercise("/api/privacy/incidents/{id}/notices", $"{register}/notices", new { recipient = "commission", sentOn = Today },
            Coordinator, 201);
        await Exercise("/api/privacy/incidents/{id}/measures", $"{register}/measures", new { description = "List recalled", takenOn = Today },
            Coordinator, 201);

        exercised.ShouldBe(WriteRoutes().Select(route => route.Name), ignoreOrder: true);
    }

    private IEnumerable<(string Name, RouteEndpoint Endpoint)> WriteRoutes() =>
        App.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
                .Where(method => method is "POST" or "PUT" or "PATCH" or "DELETE")
                .Select(method => ($"{method} {endpoint.RoutePattern.RawText}", endpoint)));

    /// <summary>
    /// Each write route carries the middleware's marker, is documented with the header and the 422, and its generated
    /// code records the answer before Marten's SaveChangesAsync (each route is called once so that its code exists).
    /// </summary>
    [Fact]
    public async Task Every_write_route_records_its_answer_before_the_commit_and_documents_the_key()
    {
        var everyRole = new TestUser("probe-1", "cathii", "caseworker", "coordinator");
        var document = (await Get("/openapi/v1.json", null, 200)).Json;
        var routes = WriteRoutes().ToList();
        routes.ShouldNotBeEmpty();

        foreach (var (name, endpoint) in routes)
        {
            endpoint.Metadata.GetMetadata<IdempotentWrite>().ShouldNotBeNull(name);

            var method = name.Split(' ')[0];
            var url = RouteParameter().Replace(endpoint.RoutePattern.RawText!, match => match.Value == "{code}" ? "zz" : Guid.NewGuid().ToString());
            (await Send(new HttpMethod(method), url, "{}", Bearer(everyRole))).Status.ShouldBeInRange(400, 404, name);
            var source = CheckedInGeneratedCode.SourceOf(endpoint.Metadata.GetMetadata<HttpChain>().ShouldNotBeNull(name));
            var record = source.IndexOf($"{nameof(IdempotentAnswer)}.{nameof(IdempotentAnswer.Record)}(", StringComparison.Ordinal);
            record.ShouldBeGreaterThan(0, name);
            record.ShouldBeLessThan(source.IndexOf(".SaveChangesAsync(", StringComparison.Ordinal), name);

            var operation = document["paths"]![endpoint.RoutePattern.RawText!]![method.ToLowerInvariant()]!;
            operation["parameters"]!.AsArray().ShouldContain(p => p!["name"]!.GetValue<string>() == IdempotencyKey.Header
                                                                && p["in"]!.GetValue<string>() == "header", name);
            operation["responses"]!["422"].ShouldNotBeNull(name);
        }
    }

    /// <summary>What a write answers is what its record keeps in clear: never a survivor's details, sealed or not.</summary>
    [Fact]
    public void No_write_answer_carries_personal_details()
    {
        foreach (var (name, endpoint) in WriteRoutes())
        {
            var answer = endpoint.Metadata.GetMetadata<HttpChain>().ShouldNotBeNull(name).ResourceType.ShouldNotBeNull(name);
            var reachable = TypesReachableFrom(answer);
            reachable.ShouldNotContain(typeof(PivotCase.Api.Privacy.PersonalDetails), name);
            reachable.ShouldNotContain(typeof(PivotCase.Api.Privacy.EncryptedPersonalDetails), name);
            reachable.ShouldNotContain(typeof(PivotCase.Api.Privacy.CaseKey), name);
        }
    }

    private static HashSet<Type> TypesReachableFrom(Type answer)
    {
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>([answer]);
        while (pending.TryPop(out var type))
        {
            if (!seen.Add(type)) continue;
            foreach (var argument in type.GetGenericArguments()) pending.Push(argument);
            if (type.GetElementType() is { } element) pending.Push(element);
            if (type.Namespace?.StartsWith("PivotCase", StringComparison.Ordinal) == true)
                foreach (var property in type.GetProperties()) pending.Push(property.PropertyType);
        }

        return seen;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\{[^}]+\}")]
    private static partial System.Text.RegularExpressions.Regex RouteParameter();

    /// <summary>
    /// The API process dies right after the step's transaction commits, before it answers (the fault injector of
    /// Development); the client retries against a restarted API and gets the answer the first attempt committed.
    /// </summary>
    [Fact]
    public async Task A_write_committed_by_an_api_that_died_before_answering_is_answered_on_retry_and_recorded_once()
    {
        var token = Worker.TokenFrom(App.Auth, DateTimeOffset.UtcNow);
        var key = $"{ExitAfterCommit.KeyPrefix}{Guid.NewGuid()}";
        Guid caseId;
        await using (var dying = await ApiProcess.StartAsync(App.ConnectionString, new Dictionary<string, string>
                     {
                         ["Reliability__FaultInjection__ExitAfterCommit"] = "true"
                     }))
        {
            using var client = dying.Client(token);
            var opened = await client.PostAsJsonAsync("/api/cases", Bodies.NewCase());
            opened.StatusCode.ShouldBe(HttpStatusCode.Created, dying.Output);
            caseId = (await opened.Content.ReadFromJsonAsync<CaseVersionAnswer>())!.Id;

            await Should.ThrowAsync<HttpRequestException>(() => client.SendAsync(KeyedStep(caseId, key)));
            (await dying.WaitForExitAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue(dying.Output);
        }

        var committed = (await Stream(caseId)).Select(e => e.Data).OfType<StepPlanned>().ShouldHaveSingleItem();

        await using var restarted = await ApiProcess.StartAsync(App.ConnectionString);
        using var retrying = restarted.Client(token);
        var retry = await retrying.SendAsync(KeyedStep(caseId, key));

        retry.StatusCode.ShouldBe(HttpStatusCode.Created, restarted.Output);
        retry.Headers.GetValues(IdempotentAnswer.ReplayedHeader).ShouldBe(["true"]);
        (await retry.Content.ReadFromJsonAsync<StepAnswer>()).ShouldBe(new StepAnswer(committed.StepId, 2));
        (await Stream(caseId)).Select(e => e.Data).OfType<StepPlanned>().ShouldHaveSingleItem();
    }

    private static HttpRequestMessage KeyedStep(Guid caseId, string key) =>
        new(HttpMethod.Post, $"/api/cases/{caseId}/steps")
        {
            Content = JsonContent.Create(Step()),
            Headers = { { IdempotencyKey.Header, key } }
        };

    private sealed record CaseVersionAnswer(Guid Id, long Version);

    private sealed record StepAnswer(Guid StepId, long Version);
}

public static class IdempotentAnswers
{
    public static void ShouldBeReplayOf(this ApiResponse retry, ApiResponse first, string? what = null)
    {
        retry.Status.ShouldBe(first.Status, what);
        retry.Body.ShouldBe(first.Body, what);
        retry.ContentType.ShouldBe(first.ContentType, what);
        retry.Headers.GetValueOrDefault("Location").ShouldBe(first.Headers.GetValueOrDefault("Location"), what);
        retry.Headers.GetValueOrDefault(IdempotentAnswer.ReplayedHeader).ShouldBe("true", what);
        first.Headers.ShouldNotContainKey(IdempotentAnswer.ReplayedHeader, what);
    }
}
