using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Cases;
using PivotCase.Api.Platform.Http;

namespace PivotCase.Api.Steps;

/// <summary>Which step transitions are allowed; pure functions of the write model.</summary>
public static class StepRules
{
    public static ProblemDetails CanStart(Case caseFile, Guid stepId) => caseFile.Steps.TryGetValue(stepId, out var status)
        ? status == StepStatus.Planned ? Problems.None : Problems.Conflict($"The step is {Describe(status)}; only a planned step can start.")
        : Problems.NotFound("step");

    public static ProblemDetails CanComplete(Case caseFile, Guid stepId) => caseFile.Steps.TryGetValue(stepId, out var status)
        ? status is StepStatus.Planned or StepStatus.InProgress
            ? Problems.None
            : Problems.Conflict($"The step is already {Describe(status)}.")
        : Problems.NotFound("step");

    public static ProblemDetails CanCancel(Case caseFile, Guid stepId) => CanComplete(caseFile, stepId);

    public const int MaxOutcomeLength = 2000;

    /// <summary>What a step done says of itself, whether it is completed later or logged done at once.</summary>
    public static ValidationErrors CheckCompletion(
        ValidationErrors errors, string? outcome, DateOnly? completedOn, DateOnly openedOn, DateOnly today) => errors
        .MaxLength("outcome", outcome, MaxOutcomeLength)
        .When(completedOn > today, "completedOn", "A step cannot be completed in the future.")
        .When(completedOn < openedOn, "completedOn", "A step cannot be completed before the case was opened.");

    /// <summary>
    /// Whether a step can meet a need, whichever route ties them (planned with it, or linked later): a need of the step's
    /// own domain. Not refused by dates: a case recorded after the fact has its needs typed in after the steps that met
    /// them, and a need recorded after the case's first 72 hours does not count for the crisis window's statistics.
    /// </summary>
    public static ProblemDetails CanMeet(ServiceDomain stepDomain, NeedDetails need) =>
        stepDomain == need.Domain
            ? Problems.None
            : Problems.Invalid(new ValidationErrors().Add("needId", "The need is in another domain than the step."));

    private static string Describe(StepStatus status) => status switch
    {
        StepStatus.Planned => "planned",
        StepStatus.InProgress => "in progress",
        StepStatus.Done => "done",
        _ => "cancelled"
    };
}
