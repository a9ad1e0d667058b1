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

    private static string Describe(StepStatus status) => status switch
    {
        StepStatus.Planned => "planned",
        StepStatus.InProgress => "in progress",
        StepStatus.Done => "done",
        _ => "cancelled"
    };
}
