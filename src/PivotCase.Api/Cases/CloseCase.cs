using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Platform.Http;
using Wolverine.Http;
using Wolverine.Marten;

namespace PivotCase.Api.Cases;

public sealed record CloseCase([property: Required] ClosureReason? Reason, long? ExpectedVersion = null);

public static class CloseCaseEndpoint
{
    public static ProblemDetails Validate(CloseCase command, Case? caseFile, ClaimsPrincipal user, CoalitionCalendar calendar)
    {
        var denied = CaseAccess.CheckWrite(caseFile, Caller.From(user), calendar.Today, command.ExpectedVersion);
        return denied != Problems.None ? denied : Problems.Invalid(new ValidationErrors().Required("reason", command.Reason));
    }

    [WolverinePost("/api/cases/{id}/close"), Authorize(Policy = Policies.CaseWrite)]
    [Tags("Cases")]
    public static (CaseVersion, Events) Post(
        CloseCase command, [WriteAggregate(Required = false)] Case caseFile, ClaimsPrincipal user, CoalitionCalendar calendar) =>
        (new CaseVersion(caseFile.Id, caseFile.Version + 1),
            [new CaseClosed(caseFile.Id, command.Reason!.Value, Caller.From(user).UserId, calendar.Now)]);
}
