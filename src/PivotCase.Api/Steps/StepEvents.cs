namespace PivotCase.Api.Steps;

public sealed record StepPlanned(
    Guid CaseId,
    Guid StepId,
    ServiceDomain Domain,
    string Title,
    Timeframe Timeframe,
    DateOnly? DueOn,
    string? Provider,
    Guid? NeedId,
    string PlannedBy,
    DateTimeOffset PlannedAt);

public sealed record StepStarted(Guid CaseId, Guid StepId, string StartedBy, DateTimeOffset StartedAt);

public sealed record StepCompleted(
    Guid CaseId, Guid StepId, string? Outcome, DateOnly CompletedOn, string CompletedBy, DateTimeOffset CompletedAt);

public sealed record StepCancelled(Guid CaseId, Guid StepId, string Reason, string CancelledBy, DateTimeOffset CancelledAt);

/// <summary>
/// A step planned without its need is tied to it afterwards. <paramref name="StepDone"/> says whether the step was done by
/// then, in which case the need is met from now on, as if the step had been planned for it.
/// </summary>
public sealed record StepLinkedToNeed(Guid CaseId, Guid StepId, Guid NeedId, bool StepDone, string LinkedBy, DateTimeOffset LinkedAt);
