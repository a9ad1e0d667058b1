using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Cases;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using Wolverine.Http;
using Wolverine.Marten;

namespace PivotCase.Api.Compensation;

/// <summary>An IVAC entry recorded by mistake no longer counts: the claim's state and the IVAC deadline are computed again without it.</summary>
public static class VoidCompensationEntryEndpoint
{
    public static ProblemDetails Validate(VoidEntry command, Case? caseFile, Guid entryId, ClaimsPrincipal user, CoalitionCalendar calendar) =>
        VoidRules.CheckEntry(command, caseFile, entryId, CaseEntryKind.Compensation, Caller.From(user), calendar.Today);

    [WolverinePost("/api/cases/{id}/compensation/{entryId}/void"), Authorize(Policy = Policies.CaseWrite)]
    [Tags("Compensation")]
    public static (CaseVersion, Events) Post(
        VoidEntry command, [WriteAggregate(Required = false)] Case caseFile, Guid entryId, ClaimsPrincipal user, CoalitionCalendar calendar) =>
        (new CaseVersion(caseFile.Id, caseFile.Version + 1),
            [new CompensationEntryVoided(caseFile.Id, entryId, command.Reason!.Value, Caller.From(user).UserId, calendar.Now)]);
}
