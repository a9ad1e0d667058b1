using System.Collections.Immutable;
using PivotCase.Api.Cases;
using PivotCase.Api.Platform.Http;
using PivotCase.Api.Steps;
using Case = PivotCase.Api.Cases.Case;

namespace PivotCase.Tests.Unit;

/// <summary>Which step transitions the write model allows: none (go ahead), 404 (no such step) or 409 (wrong state).</summary>
public sealed class StepRulesTests
{
    private static readonly Guid StepId = Guid.Parse("0195a7c0-0000-7000-8000-000000000001");

    private static Case CaseWith(StepStatus? status) => new(Guid.NewGuid(), "cathii", "worker-1", CaseStatus.Open,
        status is { } s ? ImmutableDictionary<Guid, StepStatus>.Empty.Add(StepId, s) : ImmutableDictionary<Guid, StepStatus>.Empty);

    [Theory]
    [InlineData(StepStatus.Planned, null)]
    [InlineData(StepStatus.InProgress, 409)]
    [InlineData(StepStatus.Done, 409)]
    [InlineData(StepStatus.Cancelled, 409)]
    public void CanStart(StepStatus status, int? expected) =>
        StatusOf(StepRules.CanStart(CaseWith(status), StepId)).ShouldBe(expected);

    [Theory]
    [InlineData(StepStatus.Planned, null)]
    [InlineData(StepStatus.InProgress, null)]
    [InlineData(StepStatus.Done, 409)]
    [InlineData(StepStatus.Cancelled, 409)]
    public void CanComplete(StepStatus status, int? expected) =>
        StatusOf(StepRules.CanComplete(CaseWith(status), StepId)).ShouldBe(expected);

    [Theory]
    [InlineData(StepStatus.Planned, null)]
    [InlineData(StepStatus.InProgress, null)]
    [InlineData(StepStatus.Done, 409)]
    [InlineData(StepStatus.Cancelled, 409)]
    public void CanCancel(StepStatus status, int? expected) =>
        StatusOf(StepRules.CanCancel(CaseWith(status), StepId)).ShouldBe(expected);

    [Fact]
    public void An_unknown_step_is_404_for_every_transition()
    {
        var caseFile = CaseWith(StepStatus.Planned);
        var unknown = Guid.NewGuid();

        StatusOf(StepRules.CanStart(caseFile, unknown)).ShouldBe(404);
        StatusOf(StepRules.CanComplete(caseFile, unknown)).ShouldBe(404);
        StatusOf(StepRules.CanCancel(caseFile, unknown)).ShouldBe(404);
        StatusOf(StepRules.CanStart(CaseWith(null), StepId)).ShouldBe(404);
    }

    [Fact]
    public void The_unknown_step_problem_speaks_of_a_step_not_a_case()
    {
        var problem = StepRules.CanComplete(CaseWith(null), StepId);

        problem.Title.ShouldNotBeNullOrWhiteSpace();
        problem.Detail.ShouldNotBeNull().ShouldContain("step");
    }

    [Theory]
    [InlineData(StepStatus.InProgress, "in progress")]
    [InlineData(StepStatus.Done, "done")]
    [InlineData(StepStatus.Cancelled, "cancelled")]
    public void A_conflict_says_which_state_the_step_is_in(StepStatus status, string described)
    {
        StepRules.CanStart(CaseWith(status), StepId).Detail.ShouldNotBeNull().ShouldContain(described);
        if (status != StepStatus.InProgress)
            StepRules.CanComplete(CaseWith(status), StepId).Detail.ShouldNotBeNull().ShouldContain(described);
    }

    [Fact]
    public void Another_steps_state_does_not_matter()
    {
        var other = Guid.NewGuid();
        var caseFile = CaseWith(StepStatus.Planned) with
        {
            Steps = ImmutableDictionary<Guid, StepStatus>.Empty.Add(StepId, StepStatus.Planned).Add(other, StepStatus.Done)
        };

        StatusOf(StepRules.CanComplete(caseFile, StepId)).ShouldBeNull();
        StatusOf(StepRules.CanComplete(caseFile, other)).ShouldBe(409);
    }

    private static int? StatusOf(Microsoft.AspNetCore.Mvc.ProblemDetails problem) =>
        ReferenceEquals(problem, Problems.None) ? null : problem.Status ?? -1;
}
