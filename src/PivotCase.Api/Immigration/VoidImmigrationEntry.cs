using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Cases;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using Wolverine.Http;
using Wolverine.Marten;

namespace PivotCase.Api.Immigration;

/// <summary>
/// An immigration entry recorded by mistake (a removal order on the wrong case, a permit with the wrong validity) no
/// longer counts: the file's status, the permits' validity and their deadlines are computed again without it.
/// </summary>
public static class VoidImmigrationEntryEndpoint
{
    public static ProblemDetails Validate(VoidEntry command, Case? caseFile, Guid entryId, ClaimsPrincipal user, CoalitionCalendar calendar) =>
        VoidRules.CheckEntry(command, caseFile, entryId, CaseEntryKind.Immigration, Caller.From(user), calendar.Today);

    [WolverinePost("/api/cases/{id}/immigration/{entryId}/void"), Authorize(Policy = Policies.CaseWrite)]
    [Tags("Immigration")]
    public static (CaseVersion, Events) Post(
        VoidEntry command, [WriteAggregate(Required = false)] Case caseFile, Guid entryId, ClaimsPrincipal user, CoalitionCalendar calendar) =>
        (new CaseVersion(caseFile.Id, caseFile.Version + 1),
            [new ImmigrationEntryVoided(caseFile.Id, entryId, command.Reason!.Value, Caller.From(user).UserId, calendar.Now)]);
}
