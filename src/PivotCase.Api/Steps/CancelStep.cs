using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
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

public sealed record CancelStep([property: Required, Description(FreeText.Warning)] string? Reason, long? ExpectedVersion = null);

public static class CancelStepEndpoint
{
    public static ProblemDetails Validate(CancelStep command, Case? caseFile, Guid stepId, ClaimsPrincipal user, CoalitionCalendar calendar)
    {
        var denied = CaseAccess.CheckWrite(caseFile, Caller.From(user), calendar.Today, command.ExpectedVersion, partnersMayWrite: true);
        if (denied != Problems.None) return denied;

        var invalid = Problems.Invalid(new ValidationErrors()
            .Required("reason", command.Reason)
            .MaxLength("reason", command.Reason, 1000));
        return invalid != Problems.None ? invalid : StepRules.CanCancel(caseFile!, stepId);
    }

    [WolverinePost("/api/cases/{id}/steps/{stepId}/cancel"), Authorize(Policy = Policies.CaseWrite)]
    [Tags("Steps")]
    public static (CaseVersion, Events) Post(
        CancelStep command, [WriteAggregate(Required = false)] Case caseFile, Guid stepId, ClaimsPrincipal user, CoalitionCalendar calendar) =>
        (new CaseVersion(caseFile.Id, caseFile.Version + 1),
            [new StepCancelled(caseFile.Id, stepId, command.Reason!.Trim(), Caller.From(user).UserId, calendar.Now)]);
}
