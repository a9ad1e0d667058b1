using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Cases;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using Wolverine.Http;
using Wolverine.Marten;

namespace PivotCase.Api.Compensation;

/// <summary>A disbursement recorded by mistake (the wrong amount, twice) leaves the case's emergency-fund total.</summary>
public static class VoidDisbursementEndpoint
{
    public static ProblemDetails Validate(
        VoidEntry command, Case? caseFile, Guid disbursementId, ClaimsPrincipal user, CoalitionCalendar calendar) =>
        VoidRules.CheckEntry(command, caseFile, disbursementId, CaseEntryKind.Disbursement, Caller.From(user), calendar.Today);

    [WolverinePost("/api/cases/{id}/emergency-fund/{disbursementId}/void"), Authorize(Policy = Policies.CaseWrite)]
    [Tags("Compensation")]
    public static (CaseVersion, Events) Post(
        VoidEntry command, [WriteAggregate(Required = false)] Case caseFile, Guid disbursementId, ClaimsPrincipal user,
        CoalitionCalendar calendar) =>
        (new CaseVersion(caseFile.Id, caseFile.Version + 1),
            [new DisbursementVoided(caseFile.Id, disbursementId, command.Reason!.Value, Caller.From(user).UserId, calendar.Now)]);
}
