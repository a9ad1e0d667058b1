using PivotCase.Api.Cases;
using PivotCase.Api.Steps;
using Case = PivotCase.Api.Cases.Case;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Steps;

/// <summary>Optimistic concurrency on a case stream: racing writes never both land, never fail with a 500.</summary>
public sealed class ConcurrencyTests(AppFixture app) : IntegrationTest(app), IAsyncLifetime
{
    Task IAsyncLifetime.InitializeAsync() => this.RewindClockAndResetAsync(App);
    Task IAsyncLifetime.DisposeAsync() => this.RewindClockAndDisposeAsync(App);

    private static string StepsOf(Guid caseId) => $"/api/cases/{caseId}/steps";

    [Fact]
    public async Task Two_writes_with_the_same_expectedVersion_give_one_201_and_one_409()
    {
        // A few rounds, each on a fresh case, so that both orders of arrival (and true overlap) get a chance.
        for (var round = 0; round < 5; round++)
        {
            var caseId = await OpenCase();

            var responses = await Task.WhenAll(
                Post(StepsOf(caseId), new { domain = "housing", title = "Shelter A", timeframe = "immediate", expectedVersion = 1 }, Worker),
                Post(StepsOf(caseId), new { domain = "health", title = "Clinic B", timeframe = "immediate", expectedVersion = 1 }, Worker));

            var statuses = responses.Select(r => r.Status).OrderBy(s => s).ToList();
            statuses.ShouldBe([201, 409], $"round {round}: {string.Join(" | ", responses.Select(r => $"{r.Status} {r.Body}"))}");
            responses.Single(r => r.Status == 409).IsProblem.ShouldBeTrue();

            var events = await Stream(caseId);
            events.Count.ShouldBe(2, $"round {round}");
            var planned = events.Select(e => e.Data).OfType<StepPlanned>().ShouldHaveSingleItem();
            planned.StepId.ShouldBe(responses.Single(r => r.Status == 201).Json["stepId"]!.GetValue<Guid>());
        }
    }

    [Fact]
    public async Task Many_concurrent_writes_without_expectedVersion_never_fail_with_500_and_each_201_is_one_event()
    {
        var caseId = await OpenCase();

        var responses = await Task.WhenAll(Enumerable.Range(1, 10).Select(i =>
            Post(StepsOf(caseId), new { domain = "other", title = $"Concurrent step {i}", timeframe = "short_term" }, Worker)));

        foreach (var response in responses)
            response.Status.ShouldBeOneOf([201, 409], response.Body);
        foreach (var conflict in responses.Where(r => r.Status == 409))
            conflict.IsProblem.ShouldBeTrue();

        var created = responses.Where(r => r.Status == 201).ToList();
        created.ShouldNotBeEmpty();
        var events = await Stream(caseId);
        var planned = events.Select(e => e.Data).OfType<StepPlanned>().ToList();
        planned.Count.ShouldBe(created.Count);
        planned.Select(p => p.StepId).ShouldBe(created.Select(r => r.Json["stepId"]!.GetValue<Guid>()), ignoreOrder: true);

        // Versions are contiguous and each 201 answered a distinct one of them.
        events.Select(e => e.Version).ShouldBe(Enumerable.Range(1, events.Count).Select(v => (long)v));
        created.Select(r => r.Json["version"]!.GetValue<long>()).ShouldBe(
            Enumerable.Range(2, created.Count).Select(v => (long)v), ignoreOrder: true);

        // The inline read model and the write model agree with the stream.
        var details = (await Load<CaseDetails>(caseId)).ShouldNotBeNull();
        details.Version.ShouldBe(events.Count);
        details.Steps.Count.ShouldBe(created.Count);
        var snapshot = (await Load<Case>(caseId)).ShouldNotBeNull();
        snapshot.Steps.Count.ShouldBe(created.Count);
    }

    [Fact]
    public async Task Concurrent_transitions_of_one_step_record_it_once()
    {
        var caseId = await OpenCase();
        var stepId = await PlanStep(caseId);

        var responses = await Task.WhenAll(Enumerable.Range(1, 6).Select(i => i % 2 == 0
            ? Post($"/api/cases/{caseId}/steps/{stepId}/complete", "{}", Worker)
            : Post($"/api/cases/{caseId}/steps/{stepId}/cancel", new { reason = $"Reason {i}" }, Worker)));

        foreach (var response in responses)
            response.Status.ShouldBeOneOf([200, 409], response.Body);
        responses.Count(r => r.Status == 200).ShouldBe(1, string.Join(" | ", responses.Select(r => $"{r.Status} {r.Body}")));

        var events = await Stream(caseId);
        events.Count.ShouldBe(3);
        events[^1].Data.ShouldBeAssignableTo<object>().GetType().ShouldBeOneOf(typeof(StepCompleted), typeof(StepCancelled));
    }
}
