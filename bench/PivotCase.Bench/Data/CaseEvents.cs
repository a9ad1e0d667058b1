using PivotCase.Api.Cases;
using PivotCase.Api.Compensation;
using PivotCase.Api.Immigration;
using PivotCase.Api.Recovery;
using PivotCase.Api.Referrals;
using PivotCase.Api.Steps;

namespace PivotCase.Bench.Data;

/// <summary>
/// The events the API would have recorded for a <see cref="CasePlan"/> worked over months, in order: the same event
/// types and shapes, dated on the plan's days (no personal details: the history has none to encrypt).
/// </summary>
public static class CaseEvents
{
    public static List<object> For(Guid caseId, CasePlan plan)
    {
        var timeline = new List<(DateTimeOffset At, object Event)>();
        var sequence = 0;
        DateTimeOffset At(DateOnly day) => new DateTimeOffset(day.ToDateTime(new TimeOnly(14, 0)), TimeSpan.Zero).AddSeconds(++sequence);
        void Add(DateOnly day, Func<DateTimeOffset, object> create)
        {
            var at = At(day);
            timeline.Add((at, create(at)));
        }

        var worker = plan.Worker;
        Add(plan.OpenedOn, at => new CaseOpened(caseId, plan.Organization, worker, plan.AccessPoint, plan.ExploitationTypes,
            plan.Trafficking, plan.AgeGroup, plan.Gender, plan.Region, plan.OpenedOn, at, null, worker, at));

        if (plan.ResearchConsentOn is { } consentOn)
            Add(consentOn, at => new ConsentGiven(caseId, Guid.CreateVersion7(at), ConsentScope.ResearchStatistics, null, false, consentOn, null, worker, at));

        var needIds = plan.Needs.Select(_ => Guid.CreateVersion7()).ToList();
        for (var index = 0; index < plan.Needs.Count; index++)
        {
            var need = plan.Needs[index];
            var needId = needIds[index];
            Add(need.On, at => new NeedRecorded(caseId, needId, need.Domain, need.Timeframe, need.Description, worker, at));
        }

        foreach (var step in plan.Steps)
        {
            var stepId = Guid.CreateVersion7();
            Add(step.PlannedOn, at => new StepPlanned(caseId, stepId, step.Domain, step.Title, step.Timeframe, step.DueOn, step.Provider,
                step.NeedIndex is { } need ? needIds[need] : null, worker, at));
            switch (step.Fate)
            {
                case StepFate.InProgress:
                    Add(step.PlannedOn, at => new StepStarted(caseId, stepId, worker, at));
                    break;
                case StepFate.Done:
                    Add(step.ClosedOn!.Value, at => new StepCompleted(caseId, stepId, step.Outcome, step.ClosedOn!.Value, worker, at));
                    break;
                case StepFate.Cancelled:
                    Add(step.ClosedOn!.Value, at => new StepCancelled(caseId, stepId, step.Outcome ?? "No longer needed", worker, at));
                    break;
            }
        }

        foreach (var assessment in plan.Assessments)
            Add(assessment.AssessedOn, at => new AssessmentRecorded(caseId, Guid.CreateVersion7(at), assessment.AssessedOn, assessment.Scores,
                RecoveryInstrument.CurrentVersion, worker, at));

        foreach (var referral in plan.Referrals)
        {
            var consentId = Guid.CreateVersion7();
            var referralId = Guid.CreateVersion7();
            Add(referral.On, at => new ConsentGiven(caseId, consentId, ConsentScope.ShareWithOrganization, referral.ToOrganization, false,
                referral.On, null, worker, at));
            Add(referral.On, at => new ReferralMade(caseId, referralId, plan.Organization, referral.ToOrganization, referral.Domain,
                referral.Reason, referral.Urgent, consentId, worker, at));
            var answeredOn = referral.On.AddDays(3);
            if (plan.Closure is { } closed && answeredOn > closed.On) answeredOn = closed.On;
            if (referral.Accepted == true)
                Add(answeredOn, at => new ReferralAccepted(caseId, referralId, null, $"{referral.ToOrganization}-intake", at));
            else if (referral.Accepted == false)
                Add(answeredOn, at => new ReferralDeclined(caseId, referralId, "No capacity", $"{referral.ToOrganization}-intake", at));
            else if (plan.Closure is { } closing)
                Add(closing.On, at => new ReferralCancelled(caseId, referralId, null, worker, at)); // as closing a case does
        }

        foreach (var entry in plan.Immigration)
            Add(entry.On, at => new ImmigrationEventRecorded(caseId, Guid.CreateVersion7(at), entry.Kind, entry.On, entry.ValidUntil, worker, at));

        foreach (var entry in plan.Compensation)
            Add(entry.On, at => new CompensationEventRecorded(caseId, Guid.CreateVersion7(at), entry.Kind, entry.On, worker, at));

        if (plan.Closure is { } closure)
            Add(closure.On, at => new CaseClosed(caseId, closure.Reason, worker, at));

        // By instant: days first, then the order the events were added (an answer after its referral, a completion after its plan).
        return timeline.OrderBy(item => item.At).Select(item => item.Event).ToList();
    }
}
