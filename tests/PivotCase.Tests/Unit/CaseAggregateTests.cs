using System.Collections.Immutable;
using PivotCase.Api.Cases;
using PivotCase.Api.Referrals;
using PivotCase.Api.Steps;
using Case = PivotCase.Api.Cases.Case;

namespace PivotCase.Tests.Unit;

/// <summary>The write model: built from CaseOpened, evolved by Apply, never mutated in place.</summary>
public sealed class CaseAggregateTests
{
    private static readonly Guid CaseId = Guid.Parse("0195a7c0-0000-7000-8000-0000000000c1");
    private static readonly DateTimeOffset At = new(2026, 3, 2, 15, 0, 0, TimeSpan.Zero);

    internal static CaseOpened Opened(Guid? caseId = null) => new(caseId ?? CaseId, "cathii", "worker-1", AccessPoint.Police,
        [ExploitationType.ForcedLabour], TraffickingScope.International, AgeGroup.From18To24, Gender.Woman, "06",
        new DateOnly(2026, 3, 2), At, PersonalDetails: null, "worker-1", At);

    private static StepPlanned Planned(Guid stepId) => new(CaseId, stepId, ServiceDomain.Housing, "Shelter",
        Timeframe.Immediate, null, null, null, "worker-1", At);

    [Fact]
    public void Create_takes_identity_owner_and_pivot_worker_from_CaseOpened()
    {
        var caseFile = Case.Create(Opened());

        caseFile.Id.ShouldBe(CaseId);
        caseFile.Organization.ShouldBe("cathii");
        caseFile.PivotWorker.ShouldBe("worker-1");
        caseFile.Status.ShouldBe(CaseStatus.Open);
        caseFile.IsClosed.ShouldBeFalse();
        caseFile.Steps.ShouldBeEmpty();
    }

    [Fact]
    public void Planning_adds_a_planned_step_to_a_new_snapshot_and_leaves_the_original_alone()
    {
        var original = Case.Create(Opened());
        var stepId = Guid.NewGuid();

        var next = original.Apply(Planned(stepId));

        next.ShouldNotBeSameAs(original);
        next.Steps[stepId].ShouldBe(StepStatus.Planned);
        original.Steps.ShouldBeEmpty();
    }

    [Fact]
    public void Each_step_event_moves_only_its_step_and_returns_a_new_snapshot()
    {
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        var planned = Case.Create(Opened()).Apply(Planned(first)).Apply(Planned(second));

        var started = planned.Apply(new StepStarted(CaseId, first, "worker-1", At));
        var completed = started.Apply(new StepCompleted(CaseId, first, "Placed", new DateOnly(2026, 3, 2), "worker-1", At));
        var cancelled = completed.Apply(new StepCancelled(CaseId, second, "Not needed", "worker-1", At));

        planned.Steps.ShouldBe(Map((first, StepStatus.Planned), (second, StepStatus.Planned)), ignoreOrder: true);
        started.Steps.ShouldBe(Map((first, StepStatus.InProgress), (second, StepStatus.Planned)), ignoreOrder: true);
        completed.Steps.ShouldBe(Map((first, StepStatus.Done), (second, StepStatus.Planned)), ignoreOrder: true);
        cancelled.Steps.ShouldBe(Map((first, StepStatus.Done), (second, StepStatus.Cancelled)), ignoreOrder: true);
        new[] { planned, started, completed, cancelled }.Distinct(ReferenceEqualityComparer.Instance).Count().ShouldBe(4);
    }

    [Fact]
    public void Closing_and_reopening_return_new_snapshots()
    {
        var open = Case.Create(Opened());

        var closed = open.Apply(new CaseClosed(CaseId, ClosureReason.GoalsMet, "worker-1", At));
        var reopened = closed.Apply(new CaseReopened(CaseId, "Back in contact", "worker-1", At));

        open.IsClosed.ShouldBeFalse();
        closed.IsClosed.ShouldBeTrue();
        closed.Status.ShouldBe(CaseStatus.Closed);
        reopened.IsClosed.ShouldBeFalse();
        closed.ShouldNotBeSameAs(open);
        reopened.ShouldNotBeSameAs(closed);
        closed.IsClosed.ShouldBeTrue();
    }

    [Fact]
    public void Apply_keeps_identity_owner_and_steps_of_the_previous_snapshot()
    {
        var stepId = Guid.NewGuid();
        var before = Case.Create(Opened()).Apply(Planned(stepId));

        var after = before.Apply(new CaseClosed(CaseId, ClosureReason.Moved, "worker-2", At));

        after.Id.ShouldBe(before.Id);
        after.Organization.ShouldBe("cathii");
        after.PivotWorker.ShouldBe("worker-1");
        after.Steps.ShouldBeSameAs(before.Steps);
    }

    [Fact]
    public void Two_events_applied_to_one_snapshot_give_independent_results_and_leave_it_unchanged()
    {
        var stepId = Guid.NewGuid();
        var snapshot = Case.Create(Opened()).Apply(Planned(stepId));

        var a = snapshot.Apply(new StepStarted(CaseId, stepId, "worker-1", At));
        var b = snapshot.Apply(new StepCancelled(CaseId, stepId, "x", "worker-1", At));

        a.Steps[stepId].ShouldBe(StepStatus.InProgress);
        b.Steps[stepId].ShouldBe(StepStatus.Cancelled);
        snapshot.Steps[stepId].ShouldBe(StepStatus.Planned);
    }

    [Fact]
    public void Closing_cancels_the_pending_referrals_before_the_closure_and_leaves_answered_ones_alone()
    {
        ReferralMade Made(Guid referralId, string to) => new(CaseId, referralId, "cathii", to, ServiceDomain.Housing, null, false,
            Guid.NewGuid(), "worker-1", At);
        Guid pending = Guid.NewGuid(), accepted = Guid.NewGuid(), declined = Guid.NewGuid(), cancelled = Guid.NewGuid();
        var caseFile = Case.Create(Opened())
            .Apply(Made(pending, "maison")).Apply(Made(accepted, "refuge")).Apply(Made(declined, "abri")).Apply(Made(cancelled, "foyer"))
            .Apply(new ReferralAccepted(CaseId, accepted, null, "refuge-worker", At))
            .Apply(new ReferralDeclined(CaseId, declined, null, "abri-worker", At))
            .Apply(new ReferralCancelled(CaseId, cancelled, "Found a bed", "worker-1", At));
        var closedAt = At.AddDays(3);

        var events = CloseCaseEndpoint.Decide(new CloseCase(ClosureReason.Moved), caseFile, "worker-2", closedAt);

        events.ShouldBe([
            new ReferralCancelled(CaseId, pending, null, "worker-2", closedAt),
            new CaseClosed(CaseId, ClosureReason.Moved, "worker-2", closedAt)
        ]);
        CloseCaseEndpoint.Decide(new CloseCase(ClosureReason.Moved), Case.Create(Opened()), "worker-2", closedAt)
            .ShouldBe([new CaseClosed(CaseId, ClosureReason.Moved, "worker-2", closedAt)]);
    }

    [Fact]
    public void A_transfer_cancels_only_the_referral_pending_to_the_organisation_taking_the_case_over()
    {
        ReferralMade Made(Guid referralId, string to) => new(CaseId, referralId, "cathii", to, ServiceDomain.Housing, null, false,
            Guid.NewGuid(), "worker-1", At);
        Guid toMaison = Guid.NewGuid(), toRefuge = Guid.NewGuid();
        var caseFile = Case.Create(Opened()).Apply(Made(toMaison, "maison")).Apply(Made(toRefuge, "refuge"));

        CaseTransferEvents(new TransferCase("maison-worker", "maison"), caseFile).ShouldBe([
            new ReferralCancelled(CaseId, toMaison, null, "worker-1", At),
            new CaseTransferred(CaseId, "worker-1", "maison-worker", "cathii", "maison", "worker-1", At)
        ]);
        CaseTransferEvents(new TransferCase(" worker-2 "), caseFile).ShouldBe([
            new CaseTransferred(CaseId, "worker-1", "worker-2", "cathii", "cathii", "worker-1", At)
        ]);
    }

    private static IReadOnlyList<object> CaseTransferEvents(TransferCase command, Case caseFile) =>
        TransferCaseEndpoint.Decide(command, caseFile, "worker-1", At);

    private static ImmutableDictionary<Guid, StepStatus> Map(params (Guid Id, StepStatus Status)[] steps) =>
        steps.ToImmutableDictionary(s => s.Id, s => s.Status);
}
