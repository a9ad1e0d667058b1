using PivotCase.Api.Cases;
using PivotCase.Api.Compensation;
using PivotCase.Api.Immigration;
using PivotCase.Api.Privacy;
using PivotCase.Api.Recovery;
using PivotCase.Api.Steps;

namespace PivotCase.Bench.Data;

/// <summary>What becomes of a planned step.</summary>
public enum StepFate
{
    Planned, InProgress, Done, Cancelled
}

public sealed record NeedPlan(ServiceDomain Domain, Timeframe Timeframe, string? Description, DateOnly On);

public sealed record StepPlan(
    ServiceDomain Domain,
    string Title,
    Timeframe Timeframe,
    DateOnly PlannedOn,
    DateOnly? DueOn,
    string? Provider,
    int? NeedIndex,
    StepFate Fate,
    DateOnly? ClosedOn,
    string? Outcome);

public sealed record AssessmentPlan(DateOnly AssessedOn, IReadOnlyDictionary<RecoveryDomain, int> Scores);

public sealed record ReferralPlan(string ToOrganization, ServiceDomain Domain, string? Reason, bool Urgent, DateOnly On, bool? Accepted);

public sealed record ImmigrationPlan(ImmigrationEventKind Kind, DateOnly On, DateOnly? ValidUntil);

public sealed record CompensationPlan(CompensationEventKind Kind, DateOnly On);

/// <summary>
/// One survivor's case as the generator imagines it, from opening to (perhaps) closure. The HTTP seeder sends it
/// through the API; the bulk loader turns it into the events the API would have recorded.
/// </summary>
public sealed record CasePlan(
    string Organization,
    string Worker,
    AccessPoint AccessPoint,
    IReadOnlyList<ExploitationType> ExploitationTypes,
    TraffickingScope Trafficking,
    AgeGroup AgeGroup,
    Gender Gender,
    string Region,
    DateOnly OpenedOn,
    PersonalDetails? PersonalDetails,
    IReadOnlyList<NeedPlan> Needs,
    IReadOnlyList<StepPlan> Steps,
    IReadOnlyList<AssessmentPlan> Assessments,
    DateOnly? ResearchConsentOn,
    IReadOnlyList<ReferralPlan> Referrals,
    IReadOnlyList<ImmigrationPlan> Immigration,
    IReadOnlyList<CompensationPlan> Compensation,
    (ClosureReason Reason, DateOnly On)? Closure);
