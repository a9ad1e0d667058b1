using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Platform.Http;
using Wolverine.Http;
using Wolverine.Marten;

namespace PivotCase.Api.Cases;

public sealed record ReopenCase([property: Description(FreeText.Warning)] string? Reason = null, long? ExpectedVersion = null);

public static class ReopenCaseEndpoint
{
    public static ProblemDetails Validate(ReopenCase? command, Case? caseFile, ClaimsPrincipal user, CoalitionCalendar calendar)
    {
        var denied = CaseAccess.CheckWrite(caseFile, Caller.From(user), calendar.Today, command?.ExpectedVersion, allowClosed: true);
        if (denied != Problems.None) return denied;
        if (!caseFile!.IsClosed) return Problems.Conflict("The case is already open.");
        return Problems.Invalid(new ValidationErrors().MaxLength("reason", command?.Reason, 1000));
    }

    [WolverinePost("/api/cases/{id}/reopen"), Authorize(Policy = Policies.CaseWrite)]
    [Tags("Cases")]
    public static (CaseVersion, Events) Post(
        [FromBody] ReopenCase? command, [WriteAggregate(Required = false)] Case caseFile, ClaimsPrincipal user, CoalitionCalendar calendar) =>
        (new CaseVersion(caseFile.Id, caseFile.Version + 1),
            [new CaseReopened(caseFile.Id, command?.Reason, Caller.From(user).UserId, calendar.Now)]);
}
