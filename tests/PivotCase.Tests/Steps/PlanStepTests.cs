using System.Text.Json.Nodes;
using PivotCase.Api.Cases;
using PivotCase.Tests.Cases;
using PivotCase.Api.Steps;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Steps;

/// <summary>POST /api/cases/{id}/steps: what it records, what it answers, and every way it refuses.</summary>
public sealed class PlanStepTests(AppFixture app) : IntegrationTest(app), IAsyncLifetime
{
    Task IAsyncLifetime.InitializeAsync() => this.RewindClockAndResetAsync(App);
    Task IAsyncLifetime.DisposeAsync() => this.RewindClockAndDisposeAsync(App);

    private static string StepsOf(Guid caseId) => $"/api/cases/{caseId}/steps";

    private static object Step(string domain = "housing", string title = "Emergency shelter placement",
        string timeframe = "immediate") => new { domain, title, timeframe };

    [Fact]
    public async Task Planning_a_step_answers_201_with_the_step_id_and_the_new_version()
    {
        var caseId = await OpenCase();

        var response = await Post(StepsOf(caseId), Step(), Worker, 201);

        response.IsProblem.ShouldBeFalse();
        response.ContentType.ShouldNotBeNull().ShouldStartWith("application/json");
        response.Json["stepId"]!.GetValue<Guid>().ShouldNotBe(Guid.Empty);
        response.Json["version"]!.GetValue<long>().ShouldBe(2);
        var stream = await Stream(caseId);
        stream.Count.ShouldBe(2);
        stream[^1].Data.ShouldBeOfType<StepPlanned>().StepId.ShouldBe(response.Json["stepId"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task Planning_a_step_appends_StepPlanned_with_every_field_the_caller_and_the_clock_time()
    {
        var caseId = await OpenCase();
        App.Clock.Advance(TimeSpan.FromMinutes(7));
        var plannedAt = App.Clock.GetUtcNow();
        var needId = (await Post($"/api/cases/{caseId}/needs", new { domain = "mental_health", timeframe = "short_term" }, Worker, 201))
            .Json["needId"]!.GetValue<Guid>();

        var response = await Post(StepsOf(caseId), new
        {
            domain = "mental_health",
            title = "Trauma-informed counselling intake",
            timeframe = "short_term",
            dueOn = "2026-03-16",
            provider = "cavac",
            needId
        }, Worker, 201);

        var stepId = response.Json["stepId"]!.GetValue<Guid>();
        var events = await Stream(caseId);
        events.Count.ShouldBe(3);
        events[^1].Version.ShouldBe(3);
        var planned = events[^1].Data.ShouldBeOfType<StepPlanned>();
        planned.CaseId.ShouldBe(caseId);
        planned.StepId.ShouldBe(stepId);
        planned.Domain.ShouldBe(ServiceDomain.MentalHealth);
        planned.Title.ShouldBe("Trauma-informed counselling intake");
        planned.Timeframe.ShouldBe(Timeframe.ShortTerm);
        planned.DueOn.ShouldBe(new DateOnly(2026, 3, 16));
        planned.Provider.ShouldBe("cavac");
        planned.NeedId.ShouldBe(needId);
        planned.PlannedBy.ShouldBe(Worker.Sub);
        planned.PlannedAt.ShouldBe(plannedAt);
    }

    [Fact]
    public async Task The_optional_fields_may_be_left_out()
    {
        var caseId = await OpenCase();

        await Post(StepsOf(caseId), Step(), Worker, 201);

        var planned = (await Stream(caseId))[^1].Data.ShouldBeOfType<StepPlanned>();
        planned.DueOn.ShouldBeNull();
        planned.Provider.ShouldBeNull();
        planned.NeedId.ShouldBeNull();
    }

    [Fact]
    public async Task The_case_shows_the_planned_step_with_the_fields_of_the_contract()
    {
        var caseId = await OpenCase();
        App.Clock.Advance(TimeSpan.FromMinutes(3));
        var needId = (await Post($"/api/cases/{caseId}/needs", new { domain = "housing", timeframe = "immediate" }, Worker, 201))
            .Json["needId"]!.GetValue<Guid>();
        var stepId = await PlanStep(caseId, new
        {
            domain = "housing", title = "Emergency shelter placement", timeframe = "immediate",
            dueOn = "2026-03-04", provider = "maison-marguerite", needId
        });

        var read = await Get($"/api/cases/{caseId}", Worker, 200);

        read.Json["version"]!.GetValue<long>().ShouldBe(3);
        var step = read.Json["steps"]!.AsArray().ShouldHaveSingleItem()!.AsObject();
        foreach (var field in new[]
                 {
                     "stepId", "domain", "title", "timeframe", "status", "dueOn", "provider", "needId", "plannedAt",
                     "plannedBy", "completedOn", "outcome"
                 })
            step.ContainsKey(field).ShouldBeTrue($"steps[] lacks the contract field '{field}': {step.ToJsonString()}");

        step["stepId"]!.GetValue<Guid>().ShouldBe(stepId);
        step["domain"]!.GetValue<string>().ShouldBe("housing");
        step["title"]!.GetValue<string>().ShouldBe("Emergency shelter placement");
        step["timeframe"]!.GetValue<string>().ShouldBe("immediate");
        step["status"]!.GetValue<string>().ShouldBe("planned");
        step["dueOn"]!.GetValue<string>().ShouldBe("2026-03-04");
        step["provider"]!.GetValue<string>().ShouldBe("maison-marguerite");
        step["needId"]!.GetValue<Guid>().ShouldBe(needId);
        DateTimeOffset.Parse(step["plannedAt"]!.GetValue<string>()).ShouldBe(AppFixture.StartOfTime.AddMinutes(3));
        step["plannedBy"]!.GetValue<string>().ShouldBe(Worker.Sub);
        step["completedOn"].ShouldBeNull();
        step["outcome"].ShouldBeNull();
    }

    [Fact]
    public async Task Planning_a_step_in_progress_appends_StepPlanned_then_StepStarted()
    {
        var caseId = await OpenCase();

        var response = await Post(StepsOf(caseId), new
        {
            domain = "legal", title = "Meet legal aid lawyer", timeframe = "short_term", status = "in_progress"
        }, Worker, 201);

        var stepId = response.Json["stepId"]!.GetValue<Guid>();
        response.Json["version"]!.GetValue<long>().ShouldBe(3);
        var events = await Stream(caseId);
        events.Count.ShouldBe(3);
        events[1].Data.ShouldBeOfType<StepPlanned>().StepId.ShouldBe(stepId);
        var started = events[2].Data.ShouldBeOfType<StepStarted>();
        started.StepId.ShouldBe(stepId);
        started.StartedBy.ShouldBe(Worker.Sub);
        started.StartedAt.ShouldBe(App.Clock.GetUtcNow());

        var step = await ReadStep(caseId, stepId);
        step["status"]!.GetValue<string>().ShouldBe("in_progress");
    }

    [Fact]
    public async Task Planning_a_step_done_appends_StepPlanned_then_StepCompleted_today()
    {
        var caseId = await OpenCase();
        // 02:30 UTC on 3 March is still 2 March in Quebec (UTC-5).
        App.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 3, 2, 30, 0, TimeSpan.Zero));

        var response = await Post(StepsOf(caseId), new
        {
            domain = "basic_needs", title = "Clothing voucher", timeframe = "immediate", status = "done"
        }, Worker, 201);

        var stepId = response.Json["stepId"]!.GetValue<Guid>();
        response.Json["version"]!.GetValue<long>().ShouldBe(3);
        var events = await Stream(caseId);
        events.Count.ShouldBe(3);
        events[1].Data.ShouldBeOfType<StepPlanned>().StepId.ShouldBe(stepId);
        var completed = events[2].Data.ShouldBeOfType<StepCompleted>();
        completed.StepId.ShouldBe(stepId);
        completed.CompletedOn.ShouldBe(new DateOnly(2026, 3, 2));
        completed.CompletedBy.ShouldBe(Worker.Sub);
        completed.CompletedAt.ShouldBe(App.Clock.GetUtcNow());

        var step = await ReadStep(caseId, stepId);
        step["status"]!.GetValue<string>().ShouldBe("done");
        step["completedOn"]!.GetValue<string>().ShouldBe("2026-03-02");
    }

    [Fact]
    public async Task A_step_logged_done_after_the_fact_keeps_the_day_it_was_done_and_its_outcome()
    {
        var caseId = await OpenCase(body: Bodies.NewCase(openedOn: "2026-01-30"));

        var response = await Post(StepsOf(caseId), new
        {
            domain = "housing", title = "Emergency shelter placement", timeframe = "immediate", status = "done",
            completedOn = "2026-02-01", outcome = "  Placed at the shelter  "
        }, Worker, 201);

        var stepId = response.Json["stepId"]!.GetValue<Guid>();
        var completed = (await Stream(caseId))[2].Data.ShouldBeOfType<StepCompleted>();
        completed.StepId.ShouldBe(stepId);
        completed.CompletedOn.ShouldBe(new DateOnly(2026, 2, 1));
        completed.Outcome.ShouldBe("Placed at the shelter");
        completed.CompletedAt.ShouldBe(App.Clock.GetUtcNow());
        var step = await ReadStep(caseId, stepId);
        step["completedOn"]!.GetValue<string>().ShouldBe("2026-02-01");
        step["outcome"]!.GetValue<string>().ShouldBe("Placed at the shelter");
    }

    [Theory]
    [InlineData(null, "2026-03-01", null, "completedOn")]
    [InlineData("planned", null, "Placed", "outcome")]
    [InlineData("in_progress", "2026-03-01", null, "completedOn")]
    [InlineData("done", "2026-03-03", null, "completedOn")]
    [InlineData("done", "2026-01-29", null, "completedOn")]
    public async Task A_completion_day_or_outcome_is_refused_unless_the_step_is_done_on_a_day_of_the_case(
        string? status, string? completedOn, string? outcome, string field)
    {
        var caseId = await OpenCase(body: Bodies.NewCase(openedOn: "2026-01-30"));

        var response = await Post(StepsOf(caseId), new
        {
            domain = "housing", title = "Emergency shelter placement", timeframe = "immediate", status, completedOn, outcome
        }, Worker, 400);

        response.Errors.ShouldNotBeNull().Select(error => error.Key).ShouldBe([field]);
        (await Stream(caseId)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Planning_a_step_with_status_planned_appends_only_StepPlanned()
    {
        var caseId = await OpenCase();

        var response = await Post(StepsOf(caseId), new
        {
            domain = "health", title = "Medical check-up", timeframe = "immediate", status = "planned"
        }, Worker, 201);

        response.Json["version"]!.GetValue<long>().ShouldBe(2);
        (await Stream(caseId)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Missing_domain_title_and_timeframe_are_each_reported_and_nothing_is_appended()
    {
        var caseId = await OpenCase();

        var response = await Post(StepsOf(caseId), new { provider = "cathii" }, Worker, 400);

        response.IsProblem.ShouldBeTrue();
        response.Json["status"]!.GetValue<int>().ShouldBe(400);
        var errors = response.Errors.ShouldNotBeNull();
        errors.ContainsKey("domain").ShouldBeTrue();
        errors.ContainsKey("title").ShouldBeTrue();
        errors.ContainsKey("timeframe").ShouldBeTrue();
        (await Stream(caseId)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_blank_title_is_missing()
    {
        var caseId = await OpenCase();

        var response = await Post(StepsOf(caseId), Step(title: "   "), Worker, 400);

        response.Errors.ShouldNotBeNull().ContainsKey("title").ShouldBeTrue();
        (await Stream(caseId)).Count.ShouldBe(1);
    }

    [Theory]
    [InlineData("domain", "spa")]
    [InlineData("domain", "")]
    [InlineData("timeframe", "someday")]
    [InlineData("status", "cancelled")]
    public async Task A_value_outside_the_vocabulary_is_400_naming_the_field(string field, string value)
    {
        var caseId = await OpenCase();
        var body = new JsonObject
        {
            ["domain"] = "housing", ["title"] = "Emergency shelter placement", ["timeframe"] = "immediate", [field] = value
        };

        var response = await Post(StepsOf(caseId), body.ToJsonString(), Worker, 400);

        response.IsProblem.ShouldBeTrue();
        response.Errors.ShouldNotBeNull().ContainsKey(field).ShouldBeTrue(response.Body);
        (await Stream(caseId)).Count.ShouldBe(1);
    }

    [Theory]
    [InlineData("2026-02-30")]
    [InlineData("2026-13-01")]
    [InlineData("16/03/2026")]
    [InlineData("next week")]
    [InlineData("2036-03-03")]
    [InlineData("9999-12-31")]
    public async Task An_invalid_due_date_is_400_naming_dueOn(string dueOn)
    {
        var caseId = await OpenCase();

        var response = await Post(StepsOf(caseId), new
        {
            domain = "housing", title = "Emergency shelter placement", timeframe = "immediate", dueOn
        }, Worker, 400);

        response.IsProblem.ShouldBeTrue();
        response.Errors.ShouldNotBeNull().ContainsKey("dueOn").ShouldBeTrue(response.Body);
        (await Stream(caseId)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_title_of_201_characters_is_400()
    {
        var caseId = await OpenCase();

        var response = await Post(StepsOf(caseId), Step(title: new string('t', 201)), Worker, 400);

        response.Errors.ShouldNotBeNull().ContainsKey("title").ShouldBeTrue();
        (await Stream(caseId)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_title_of_200_characters_is_accepted()
    {
        var caseId = await OpenCase();

        await Post(StepsOf(caseId), Step(title: new string('t', 200)), Worker, 201);

        (await Stream(caseId)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task The_current_expectedVersion_is_accepted()
    {
        var caseId = await OpenCase();

        var first = await Post(StepsOf(caseId), new
        {
            domain = "housing", title = "Emergency shelter placement", timeframe = "immediate", expectedVersion = 1
        }, Worker, 201);
        var second = await Post(StepsOf(caseId), new
        {
            domain = "health", title = "Medical check-up", timeframe = "immediate", expectedVersion = 2
        }, Worker, 201);

        first.Json["version"]!.GetValue<long>().ShouldBe(2);
        second.Json["version"]!.GetValue<long>().ShouldBe(3);
        (await Stream(caseId)).Count.ShouldBe(3);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(0)]
    public async Task A_stale_or_future_expectedVersion_is_409_and_nothing_is_appended(long expectedVersion)
    {
        var caseId = await OpenCase();
        await PlanStep(caseId); // the case is now at version 2

        var response = await Post(StepsOf(caseId), new
        {
            domain = "health", title = "Medical check-up", timeframe = "immediate", expectedVersion
        }, Worker, 409);

        response.IsProblem.ShouldBeTrue();
        response.Json["status"]!.GetValue<int>().ShouldBe(409);
        response.Json["title"].ShouldNotBeNull();
        response.Json["detail"].ShouldNotBeNull();
        (await Stream(caseId)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_closed_case_refuses_new_steps_with_409()
    {
        var caseId = await OpenCase();
        await Post($"/api/cases/{caseId}/close", new { reason = "goals_met" }, Worker, 200);

        var response = await Post(StepsOf(caseId), Step(), Worker, 409);

        response.IsProblem.ShouldBeTrue();
        (await Stream(caseId)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_supervisor_may_not_plan_steps()
    {
        var caseId = await OpenCase();

        var response = await Post(StepsOf(caseId), Step(), Supervisor, 403);

        response.IsProblem.ShouldBeTrue();
        (await Stream(caseId)).Count.ShouldBe(1);
    }

    [Theory]
    [InlineData("researcher")]
    [InlineData("coordinator")]
    public async Task Researchers_and_coordinators_may_not_plan_steps_even_in_the_owning_organisation(string role)
    {
        var caseId = await OpenCase();

        var response = await Post(StepsOf(caseId), Step(), new TestUser($"{role}-1", Worker.Organization, role), 403);

        response.IsProblem.ShouldBeTrue();
        (await Stream(caseId)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_caseworker_of_another_organisation_gets_404_and_nothing_is_appended()
    {
        var caseId = await OpenCase();

        var response = await Post(StepsOf(caseId), Step(), OtherOrgWorker, 404);

        response.IsProblem.ShouldBeTrue();
        response.Json["status"]!.GetValue<int>().ShouldBe(404);
        (await Stream(caseId)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task An_unknown_case_is_404_and_nothing_is_appended()
    {
        var caseId = Guid.NewGuid();

        var response = await Post(StepsOf(caseId), Step(), Worker, 404);

        response.IsProblem.ShouldBeTrue();
        response.Json["status"]!.GetValue<int>().ShouldBe(404);
        (await Stream(caseId)).ShouldBeEmpty();
        (await App.AllEventCount()).ShouldBe(0);
    }

    private async Task<JsonObject> ReadStep(Guid caseId, Guid stepId)
    {
        var read = await Get($"/api/cases/{caseId}", Worker, 200);
        return read.Json["steps"]!.AsArray().Single(step => step!["stepId"]!.GetValue<Guid>() == stepId)!.AsObject();
    }

    [Fact]
    public async Task A_case_that_holds_the_most_steps_a_case_can_refuses_another_from_anyone_and_keeps_the_rest()
    {
        var caseId = await OpenCase();
        var stepId = await PlanStep(caseId);
        var partner = await PartnerCaseworkerOf(caseId);
        await App.AppendEventsAsync(caseId, Enumerable.Range(1, CaseBounds.MaxSteps - 1)
            .Select(index => new StepPlanned(caseId, Guid.CreateVersion7(), ServiceDomain.Other, $"Step {index}", Timeframe.LongTerm,
                null, null, null, Worker.Sub, AppFixture.StartOfTime)));
        var before = (await Stream(caseId)).Count;

        foreach (var user in new[] { Worker, partner })
        {
            var refused = await Post($"/api/cases/{caseId}/steps", new { domain = "housing", title = "Shelter", timeframe = "immediate" },
                user, 409);
            refused.ShouldBeCleanProblem(409);
            refused.Json["detail"]!.GetValue<string>().ShouldBe("The case already holds 5,000 steps, the most one case can hold.");
        }

        (await Stream(caseId)).Count.ShouldBe(before);
        (await Load<CaseDetails>(caseId)).ShouldNotBeNull().Steps.Count.ShouldBe(CaseBounds.MaxSteps);
        await Post($"/api/cases/{caseId}/steps/{stepId}/complete", new { }, Worker, 200);
        await Post($"/api/cases/{caseId}/needs", new { domain = "housing", timeframe = "immediate" }, Worker, 201);
        (await Stream(caseId)).Count.ShouldBe(before + 2);
    }
}
