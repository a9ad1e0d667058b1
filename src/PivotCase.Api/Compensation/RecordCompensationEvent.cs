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

namespace PivotCase.Api.Compensation;

public sealed record RecordCompensationEvent(
    [property: Required] CompensationEventKind? Kind,
    [property: Required] DateOnly? On,
    long? ExpectedVersion = null);

public sealed record CompensationEventRecordedResponse(Guid EntryId, long Version) : Created;

public static class RecordCompensationEventEndpoint
{
    public static ProblemDetails Validate(
        RecordCompensationEvent command, Case? caseFile, ClaimsPrincipal user, CoalitionCalendar calendar)
    {
        var denied = CaseAccess.CheckWrite(caseFile, Caller.From(user), calendar.Today, command.ExpectedVersion, adds: CaseAddition.Entry);
        if (denied != Problems.None) return denied;

        return Problems.Invalid(new ValidationErrors()
            .Required("kind", command.Kind)
            .Required("on", command.On)
            .When(command.On > calendar.Today, "on", "The date cannot be in the future.")
            .When(command.On < CaseDates.Earliest, "on", CaseDates.TooEarly));
    }

    [WolverinePost("/api/cases/{id}/compensation"), Authorize(Policy = Policies.CaseWrite)]
    [Tags("Compensation")]
    public static (CompensationEventRecordedResponse, Events) Post(
        RecordCompensationEvent command, [WriteAggregate(Required = false)] Case caseFile, ClaimsPrincipal user, CoalitionCalendar calendar)
    {
        var entryId = Guid.CreateVersion7();
        return (new CompensationEventRecordedResponse(entryId, caseFile.Version + 1),
        [
            new CompensationEventRecorded(caseFile.Id, entryId, command.Kind!.Value, command.On!.Value,
                Caller.From(user).UserId, calendar.Now)
        ]);
    }
}
