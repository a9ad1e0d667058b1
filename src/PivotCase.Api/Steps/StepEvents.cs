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
