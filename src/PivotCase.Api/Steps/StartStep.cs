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

public sealed record StartStep(long? ExpectedVersion = null);

public static class StartStepEndpoint
{
    public static ProblemDetails Validate(StartStep? command, Case? caseFile, Guid stepId, ClaimsPrincipal user, CoalitionCalendar calendar)
    {
        var denied = CaseAccess.CheckWrite(caseFile, Caller.From(user), calendar.Today, command?.ExpectedVersion, partnersMayWrite: true);
        return denied != Problems.None ? denied : StepRules.CanStart(caseFile!, stepId);
    }

    [WolverinePost("/api/cases/{id}/steps/{stepId}/start"), Authorize(Policy = Policies.CaseWrite)]
    [Tags("Steps")]
    public static (CaseVersion, Events) Post(
        [FromBody] StartStep? command, [WriteAggregate(Required = false)] Case caseFile, Guid stepId, ClaimsPrincipal user,
        CoalitionCalendar calendar) =>
        (new CaseVersion(caseFile.Id, caseFile.Version + 1),
            [new StepStarted(caseFile.Id, stepId, Caller.From(user).UserId, calendar.Now)]);
}
