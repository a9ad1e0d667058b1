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

public sealed record RecordNeed(
    [property: Required] ServiceDomain? Domain,
    [property: Required] Timeframe? Timeframe,
    [property: Description(FreeText.Warning)] string? Description = null,
    long? ExpectedVersion = null);

public sealed record NeedRecordedResponse(Guid NeedId, long Version) : Created;

public static class RecordNeedEndpoint
{
    public static ProblemDetails Validate(RecordNeed command, Case? caseFile, ClaimsPrincipal user, CoalitionCalendar calendar)
    {
        var denied = CaseAccess.CheckWrite(caseFile, Caller.From(user), calendar.Today, command.ExpectedVersion, adds: CaseAddition.Need);
        if (denied != Problems.None) return denied;

        return Problems.Invalid(new ValidationErrors()
            .Required("domain", command.Domain)
            .Required("timeframe", command.Timeframe)
            .MaxLength("description", command.Description, 1000));
    }

    [WolverinePost("/api/cases/{id}/needs"), Authorize(Policy = Policies.CaseWrite)]
    [Tags("Needs and steps")]
    public static (NeedRecordedResponse, Events) Post(
        RecordNeed command, [WriteAggregate(Required = false)] Case caseFile, ClaimsPrincipal user, CoalitionCalendar calendar)
    {
        var needId = Guid.CreateVersion7();
        return (new NeedRecordedResponse(needId, caseFile.Version + 1),
        [
            new NeedRecorded(caseFile.Id, needId, command.Domain!.Value, command.Timeframe!.Value,
                command.Description?.Trim(), Caller.From(user).UserId, calendar.Now)
        ]);
    }
}
