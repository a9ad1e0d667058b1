using System.Collections.Immutable;
using PivotCase.Api.Compensation;
using PivotCase.Api.Immigration;
using PivotCase.Api.Steps;

namespace PivotCase.Api.Cases;

/// <summary>
/// The write model of a case: just what the decisions need (who owns it, whether it is open, which steps exist
/// and in which state). Immutable: every event yields a new snapshot; decisions return events.
/// </summary>
public sealed record Case(
    Guid Id,
    string Organization,
    string PivotWorker,
    CaseStatus Status,
    ImmutableDictionary<Guid, StepStatus> Steps) : IOrganizationScoped
{
    /// <summary>The stream version this snapshot reflects; set by Marten.</summary>
    public long Version { get; set; }

    /// <summary>The needs recorded on the case, so that steps can only be linked to one of them.</summary>
    public ImmutableHashSet<Guid> Needs { get; init; } = [];

    public bool IsClosed => Status == CaseStatus.Closed;

    public static Case Create(CaseOpened opened) =>
        new(opened.CaseId, opened.Organization, opened.PivotWorker, CaseStatus.Open,
            ImmutableDictionary<Guid, StepStatus>.Empty);

    public Case Apply(CaseClosed _) => this with { Status = CaseStatus.Closed };

    public Case Apply(CaseReopened _) => this with { Status = CaseStatus.Open };

    public Case Apply(NeedRecorded recorded) => this with { Needs = Needs.Add(recorded.NeedId) };

    // Facts that no decision depends on still pass through, so that Marten moves the snapshot's Version with the stream.
    public Case Apply(ImmigrationEventRecorded _) => this;

    public Case Apply(CompensationEventRecorded _) => this;

    public Case Apply(EmergencyFundDisbursed _) => this;

    public Case Apply(StepPlanned planned) => this with { Steps = Steps.SetItem(planned.StepId, StepStatus.Planned) };

    public Case Apply(StepStarted started) => this with { Steps = Steps.SetItem(started.StepId, StepStatus.InProgress) };

    public Case Apply(StepCompleted completed) => this with { Steps = Steps.SetItem(completed.StepId, StepStatus.Done) };

    public Case Apply(StepCancelled cancelled) => this with { Steps = Steps.SetItem(cancelled.StepId, StepStatus.Cancelled) };
}
