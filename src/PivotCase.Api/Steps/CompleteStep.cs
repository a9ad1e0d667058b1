using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Cases;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Platform.Http;
using Wolverine.Http;
using Wolverine.Marten;

namespace PivotCase.Api.Steps;

public sealed record CompleteStep([property: Description(FreeText.Warning)] string? Outcome = null, DateOnly? CompletedOn = null, long? ExpectedVersion = null);

public static class CompleteStepEndpoint
{
    public static ProblemDetails Validate(
        CompleteStep? command, Case? caseFile, Guid stepId, ClaimsPrincipal user, CoalitionCalendar calendar)
    {
        var denied = CaseAccess.CheckWrite(caseFile, Caller.From(user), calendar.Today, command?.ExpectedVersion, partnersMayWrite: true);
        if (denied != Problems.None) return denied;

        var invalid = Problems.Invalid(
            StepRules.CheckCompletion(new ValidationErrors(), command?.Outcome, command?.CompletedOn, caseFile!.OpenedOn, calendar.Today));
        return invalid != Problems.None ? invalid : StepRules.CanComplete(caseFile!, stepId);
    }

    [WolverinePost("/api/cases/{id}/steps/{stepId}/complete"), Authorize(Policy = Policies.CaseWrite)]
    [Tags("Steps")]
    public static (CaseVersion, Events) Post(
        [FromBody] CompleteStep? command, [WriteAggregate(Required = false)] Case caseFile, Guid stepId, ClaimsPrincipal user,
        CoalitionCalendar calendar) =>
        (new CaseVersion(caseFile.Id, caseFile.Version + 1),
            [new StepCompleted(caseFile.Id, stepId, command?.Outcome?.Trim(), command?.CompletedOn ?? calendar.Today,
                Caller.From(user).UserId, calendar.Now)]);
}
