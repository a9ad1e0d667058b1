using System.Text.Json.Nodes;
using PivotCase.Api.Steps;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Steps;

/// <summary>Starting, completing and cancelling a step: the events, the read model, and the refused transitions.</summary>
public sealed class StepLifecycleTests(AppFixture app) : IntegrationTest(app), IAsyncLifetime
{
    Task IAsyncLifetime.InitializeAsync() => this.RewindClockAndResetAsync(App);
    Task IAsyncLifetime.DisposeAsync() => this.RewindClockAndDisposeAsync(App);

    private static string Action(Guid caseId, Guid stepId, string action) => $"/api/cases/{caseId}/steps/{stepId}/{action}";

    // ---- start ----------------------------------------------------------------------------------------------

    [Fact]
    public async Task Starting_a_planned_step_without_a_body_appends_StepStarted()
    {
        var caseId = await OpenCase();
        var stepId = await PlanStep(caseId);
        App.Clock.Advance(TimeSpan.FromHours(1));

        var response = await App.PostRawAsync(Action(caseId, stepId, "start"), body: null, Bearer(Worker));

        response.Status.ShouldBe(200, response.Body);
        response.Json["version"]!.GetValue<long>().ShouldBe(3);
        var events = await Stream(caseId);
        events.Count.ShouldBe(3);
        var started = events[^1].Data.ShouldBeOfType<StepStarted>();
        started.CaseId.ShouldBe(caseId);
        started.StepId.ShouldBe(stepId);
        started.StartedBy.ShouldBe(Worker.Sub);
        started.StartedAt.ShouldBe(AppFixture.StartOfTime.AddHours(1));
        (await ReadStep(caseId, stepId))["status"]!.GetValue<string>().ShouldBe("in_progress");
    }

    [Fact]
    public async Task Starting_a_planned_step_with_an_empty_json_body_appends_StepStarted()
    {
        var caseId = await OpenCase();
        var stepId = await PlanStep(caseId);

        var response = await Post(Action(caseId, stepId, "start"), "{}", Worker, 200);

        response.Json["version"]!.GetValue<long>().ShouldBe(3);
        (await Stream(caseId))[^1].Data.ShouldBeOfType<StepStarted>().StepId.ShouldBe(stepId);
    }

    [Theory]
    [InlineData("start")]
    [InlineData("complete")]
    public async Task An_empty_body_of_unannounced_length_is_accepted_like_no_body(string action)
    {
        // Transfer-Encoding: chunked with zero bytes: an empty body, as streaming clients and proxies send it.
        var caseId = await OpenCase();
        var stepId = await PlanStep(caseId);

        var response = await App.PostRawAsync(Action(caseId, stepId, action), [], Bearer(Worker), chunked: true);

        response.Status.ShouldBe(200, response.Body);
        response.Json["version"]!.GetValue<long>().ShouldBe(3);
        (await Stream(caseId)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task Starting_a_step_that_is_already_in_progress_is_409()
    {
        var caseId = await OpenCase();
        var stepId = await PlanStep(caseId);
        await Post(Action(caseId, stepId, "start"), "{}", Worker, 200);

        var response = await Post(Action(caseId, stepId, "start"), "{}", Worker, 409);

        response.IsProblem.ShouldBeTrue();
        (await Stream(caseId)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task Starting_a_done_step_is_409()
    {
        var caseId = await OpenCase();
        var stepId = await PlanStep(caseId);
        await Post(Action(caseId, stepId, "complete"), "{}", Worker, 200);

        var response = await Post(Action(caseId, stepId, "start"), "{}", Worker, 409);

        response.IsProblem.ShouldBeTrue();
        (await Stream(caseId)).Count.ShouldBe(3);
    }

    // ---- complete -------------------------------------------------------------------------------------------

    [Fact]
    public async Task Completing_without_a_body_records_today_in_Quebec()
    {
        var caseId = await OpenCase();
        var stepId = await PlanStep(caseId);
        // 03:00 UTC on 3 March is 22:00 on 2 March in Toronto (UTC-5): "today" is the 2nd.
        App.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 3, 3, 0, 0, TimeSpan.Zero));

        var response = await App.PostRawAsync(Action(caseId, stepId, "complete"), body: null, Bearer(Worker));

        response.Status.ShouldBe(200, response.Body);
        response.Json["version"]!.GetValue<long>().ShouldBe(3);
        var completed = (await Stream(caseId))[^1].Data.ShouldBeOfType<StepCompleted>();
        completed.StepId.ShouldBe(stepId);
        completed.CompletedOn.ShouldBe(new DateOnly(2026, 3, 2));
        completed.Outcome.ShouldBeNull();
        completed.CompletedBy.ShouldBe(Worker.Sub);
        completed.CompletedAt.ShouldBe(new DateTimeOffset(2026, 3, 3, 3, 0, 0, TimeSpan.Zero));

        var step = await ReadStep(caseId, stepId);
        step["status"]!.GetValue<string>().ShouldBe("done");
        step["completedOn"]!.GetValue<string>().ShouldBe("2026-03-02");
        step["outcome"].ShouldBeNull();
    }

    [Fact]
    public async Task Completing_with_an_empty_json_body_records_today()
    {
        var caseId = await OpenCase();
        var stepId = await PlanStep(caseId);

        await Post(Action(caseId, stepId, "complete"), "{}", Worker, 200);

        (await Stream(caseId))[^1].Data.ShouldBeOfType<StepCompleted>().CompletedOn.ShouldBe(new DateOnly(2026, 3, 2));
    }

    [Fact]
    public async Task Completing_with_an_outcome_and_a_day_records_both()
    {
        var caseId = await OpenCase(body: Bodies.NewCase(openedOn: "2026-02-20"));
        var stepId = await PlanStep(caseId);
        await Post(Action(caseId, stepId, "start"), "{}", Worker, 200);

        var response = await Post(Action(caseId, stepId, "complete"),
            new { outcome = "Placed at the shelter", completedOn = "2026-02-27" }, Worker, 200);

        response.Json["version"]!.GetValue<long>().ShouldBe(4);
        var completed = (await Stream(caseId))[^1].Data.ShouldBeOfType<StepCompleted>();
        completed.Outcome.ShouldBe("Placed at the shelter");
        completed.CompletedOn.ShouldBe(new DateOnly(2026, 2, 27));

        var step = await ReadStep(caseId, stepId);
        step["status"]!.GetValue<string>().ShouldBe("done");
        step["outcome"]!.GetValue<string>().ShouldBe("Placed at the shelter");
        step["completedOn"]!.GetValue<string>().ShouldBe("2026-02-27");
    }

    [Fact]
    public async Task Completing_today_in_Quebec_is_accepted_even_when_it_is_already_tomorrow_in_UTC()
    {
        var caseId = await OpenCase();
        var stepId = await PlanStep(caseId);
        App.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 3, 3, 0, 0, TimeSpan.Zero)); // 2 March, 22:00 in Toronto

        await Post(Action(caseId, stepId, "complete"), new { completedOn = "2026-03-02" }, Worker, 200);

        (await Stream(caseId))[^1].Data.ShouldBeOfType<StepCompleted>().CompletedOn.ShouldBe(new DateOnly(2026, 3, 2));
    }

    [Fact]
    public async Task Completing_in_the_future_is_400_and_nothing_is_appended()
    {
        var caseId = await OpenCase();
        var stepId = await PlanStep(caseId);
        // 3 March is already today in UTC, but still tomorrow in Quebec.
        App.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 3, 3, 0, 0, TimeSpan.Zero));

        var response = await Post(Action(caseId, stepId, "complete"), new { completedOn = "2026-03-03" }, Worker, 400);

        response.IsProblem.ShouldBeTrue();
        response.Errors.ShouldNotBeNull().ContainsKey("completedOn").ShouldBeTrue(response.Body);
        (await Stream(caseId)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Nothing_is_completed_or_due_before_the_case_was_opened()
    {
        var caseId = await OpenCase(body: Bodies.NewCase(openedOn: "2026-02-20"));
        var stepId = await PlanStep(caseId);

        var completed = await Post(Action(caseId, stepId, "complete"), new { completedOn = "2026-02-19" }, Worker, 400);
        completed.Errors.ShouldNotBeNull().ContainsKey("completedOn").ShouldBeTrue(completed.Body);
        var due = await Post($"/api/cases/{caseId}/steps",
            new { domain = "housing", title = "Shelter", timeframe = "immediate", dueOn = "2026-02-19" }, Worker, 400);
        due.Errors.ShouldNotBeNull().ContainsKey("dueOn").ShouldBeTrue(due.Body);
        (await Stream(caseId)).Count.ShouldBe(2);

        await Post(Action(caseId, stepId, "complete"), new { completedOn = "2026-02-20" }, Worker, 200);
        await PlanStep(caseId, new { domain = "housing", title = "Shelter", timeframe = "immediate", dueOn = "2026-02-20" });
        (await Stream(caseId)).Select(e => e.Data.GetType().Name).ShouldBe(["CaseOpened", "StepPlanned", "StepCompleted", "StepPlanned"]);
        (await ReadStep(caseId, stepId))["completedOn"]!.GetValue<string>().ShouldBe("2026-02-20");
    }

    [Fact]
    public async Task Completing_twice_is_409_and_the_second_attempt_appends_nothing()
    {
        var caseId = await OpenCase();
        var stepId = await PlanStep(caseId);
        await Post(Action(caseId, stepId, "complete"), "{}", Worker, 200);

        var response = await Post(Action(caseId, stepId, "complete"), new { outcome = "Again" }, Worker, 409);

        response.IsProblem.ShouldBeTrue();
        response.Json["status"]!.GetValue<int>().ShouldBe(409);
        var events = await Stream(caseId);
        events.Count.ShouldBe(3);
        events.Count(e => e.Data is StepCompleted).ShouldBe(1);
    }

    [Fact]
    public async Task Completing_a_cancelled_step_is_409()
    {
        var caseId = await OpenCase();
        var stepId = await PlanStep(caseId);
        await Post(Action(caseId, stepId, "cancel"), new { reason = "No longer needed" }, Worker, 200);

        var response = await Post(Action(caseId, stepId, "complete"), "{}", Worker, 409);

        response.IsProblem.ShouldBeTrue();
        (await Stream(caseId)).Count.ShouldBe(3);
        (await ReadStep(caseId, stepId))["status"]!.GetValue<string>().ShouldBe("cancelled");
    }

    [Fact]
    public async Task A_step_of_a_closed_case_cannot_be_completed()
    {
        var caseId = await OpenCase();
        var stepId = await PlanStep(caseId);
        await Post($"/api/cases/{caseId}/close", new { reason = "moved" }, Worker, 200);

        var response = await Post(Action(caseId, stepId, "complete"), "{}", Worker, 409);

        response.IsProblem.ShouldBeTrue();
        (await Stream(caseId)).Count.ShouldBe(3);
    }

    // ---- cancel ---------------------------------------------------------------------------------------------

    [Fact]
    public async Task Cancelling_with_a_reason_appends_StepCancelled()
    {
        var caseId = await OpenCase();
        var stepId = await PlanStep(caseId);
        App.Clock.Advance(TimeSpan.FromMinutes(30));

        var response = await Post(Action(caseId, stepId, "cancel"), new { reason = "Survivor found housing with family" },
            Worker, 200);

        response.Json["version"]!.GetValue<long>().ShouldBe(3);
        var cancelled = (await Stream(caseId))[^1].Data.ShouldBeOfType<StepCancelled>();
        cancelled.CaseId.ShouldBe(caseId);
        cancelled.StepId.ShouldBe(stepId);
        cancelled.Reason.ShouldBe("Survivor found housing with family");
        cancelled.CancelledBy.ShouldBe(Worker.Sub);
        cancelled.CancelledAt.ShouldBe(AppFixture.StartOfTime.AddMinutes(30));
        (await ReadStep(caseId, stepId))["status"]!.GetValue<string>().ShouldBe("cancelled");
    }

    [Fact]
    public async Task Cancelling_a_step_in_progress_is_allowed()
    {
        var caseId = await OpenCase();
        var stepId = await PlanStep(caseId);
        await Post(Action(caseId, stepId, "start"), "{}", Worker, 200);

        await Post(Action(caseId, stepId, "cancel"), new { reason = "Provider unavailable" }, Worker, 200);

        (await Stream(caseId))[^1].Data.ShouldBeOfType<StepCancelled>();
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"reason\":null}")]
    [InlineData("{\"reason\":\"   \"}")]
    public async Task Cancelling_without_a_reason_is_400_naming_reason(string body)
    {
        var caseId = await OpenCase();
        var stepId = await PlanStep(caseId);

        var response = await Post(Action(caseId, stepId, "cancel"), body, Worker, 400);

        response.IsProblem.ShouldBeTrue();
        response.Errors.ShouldNotBeNull().ContainsKey("reason").ShouldBeTrue(response.Body);
        (await Stream(caseId)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Cancelling_a_done_step_is_409()
    {
        var caseId = await OpenCase();
        var stepId = await PlanStep(caseId);
        await Post(Action(caseId, stepId, "complete"), "{}", Worker, 200);

        var response = await Post(Action(caseId, stepId, "cancel"), new { reason = "Too late" }, Worker, 409);

        response.IsProblem.ShouldBeTrue();
        (await Stream(caseId)).Count.ShouldBe(3);
        (await ReadStep(caseId, stepId))["status"]!.GetValue<string>().ShouldBe("done");
    }

    [Fact]
    public async Task Cancelling_a_cancelled_step_is_409()
    {
        var caseId = await OpenCase();
        var stepId = await PlanStep(caseId);
        await Post(Action(caseId, stepId, "cancel"), new { reason = "First" }, Worker, 200);

        await Post(Action(caseId, stepId, "cancel"), new { reason = "Second" }, Worker, 409);

        (await Stream(caseId)).Count.ShouldBe(3);
    }

    // ---- any transition -------------------------------------------------------------------------------------

    [Theory]
    [InlineData("start", "{}")]
    [InlineData("complete", "{}")]
    [InlineData("cancel", "{\"reason\":\"Not needed\"}")]
    public async Task An_unknown_step_is_404_problem_json_and_nothing_is_appended(string action, string body)
    {
        var caseId = await OpenCase();
        await PlanStep(caseId);

        var response = await Post(Action(caseId, Guid.NewGuid(), action), body, Worker, 404);

        response.IsProblem.ShouldBeTrue();
        response.Json["status"]!.GetValue<int>().ShouldBe(404);
        response.Json["title"].ShouldNotBeNull();
        response.Json["detail"].ShouldNotBeNull();
        (await Stream(caseId)).Count.ShouldBe(2);
    }

    [Theory]
    [InlineData("start", "{}")]
    [InlineData("complete", "{}")]
    [InlineData("cancel", "{\"reason\":\"Not needed\"}")]
    public async Task A_caseworker_of_another_organisation_gets_404_and_nothing_is_appended(string action, string body)
    {
        var caseId = await OpenCase();
        var stepId = await PlanStep(caseId);

        var response = await Post(Action(caseId, stepId, action), body, OtherOrgWorker, 404);

        response.IsProblem.ShouldBeTrue();
        (await Stream(caseId)).Count.ShouldBe(2);
        (await ReadStep(caseId, stepId))["status"]!.GetValue<string>().ShouldBe("planned");
    }

    [Theory]
    [InlineData("start", "{\"expectedVersion\":1}")]
    [InlineData("complete", "{\"expectedVersion\":1}")]
    [InlineData("cancel", "{\"reason\":\"Not needed\",\"expectedVersion\":1}")]
    public async Task A_stale_expectedVersion_is_409_and_nothing_is_appended(string action, string body)
    {
        var caseId = await OpenCase();
        var stepId = await PlanStep(caseId); // version 2

        var response = await Post(Action(caseId, stepId, action), body, Worker, 409);

        response.IsProblem.ShouldBeTrue();
        (await Stream(caseId)).Count.ShouldBe(2);
    }

    [Theory]
    [InlineData("start", "{\"expectedVersion\":2}")]
    [InlineData("complete", "{\"expectedVersion\":2}")]
    [InlineData("cancel", "{\"reason\":\"Not needed\",\"expectedVersion\":2}")]
    public async Task The_current_expectedVersion_is_accepted(string action, string body)
    {
        var caseId = await OpenCase();
        var stepId = await PlanStep(caseId); // version 2

        var response = await Post(Action(caseId, stepId, action), body, Worker, 200);

        response.Json["version"]!.GetValue<long>().ShouldBe(3);
        (await Stream(caseId)).Count.ShouldBe(3);
    }

    [Theory]
    [InlineData("start", "{}")]
    [InlineData("complete", "{}")]
    [InlineData("cancel", "{\"reason\":\"Not needed\"}")]
    public async Task A_supervisor_may_not_change_a_step(string action, string body)
    {
        var caseId = await OpenCase();
        var stepId = await PlanStep(caseId);

        var response = await Post(Action(caseId, stepId, action), body, Supervisor, 403);

        response.IsProblem.ShouldBeTrue();
        (await Stream(caseId)).Count.ShouldBe(2);
    }

    private async Task<JsonObject> ReadStep(Guid caseId, Guid stepId)
    {
        var read = await Get($"/api/cases/{caseId}", Worker, 200);
        return read.Json["steps"]!.AsArray().Single(step => step!["stepId"]!.GetValue<Guid>() == stepId)!.AsObject();
    }
}
