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

namespace PivotCase.Api.Immigration;

public sealed record RecordImmigrationEvent(
    [property: Required] ImmigrationEventKind? Kind,
    [property: Required] DateOnly? On,
    DateOnly? ValidUntil = null,
    long? ExpectedVersion = null);

public sealed record ImmigrationEventRecordedResponse(Guid EntryId, long Version) : Created;

public static class RecordImmigrationEventEndpoint
{
    public static ProblemDetails Validate(
        RecordImmigrationEvent command, Case? caseFile, ClaimsPrincipal user, CoalitionCalendar calendar)
    {
        var denied = CaseAccess.CheckWrite(caseFile, Caller.From(user), calendar.Today, command.ExpectedVersion, adds: CaseAddition.Entry);
        if (denied != Problems.None) return denied;

        return Problems.Invalid(new ValidationErrors()
            .Required("kind", command.Kind)
            .Required("on", command.On)
            .When(command.On > calendar.Today, "on", "The date cannot be in the future.")
            .When(command.On < CaseDates.EarliestPersonalHistory, "on", CaseDates.TooEarlyInALife)
            .When(command.ValidUntil > CaseDates.Latest(command.On ?? calendar.Today), "validUntil", $"At most {CaseDates.MaxYearsAhead} years after the date of the event.")
            .When(command is { ValidUntil: not null, Kind: { } kind } && !ImmigrationEventRecorded.CarriesValidity(kind),
                "validUntil", "Only trp_issued, trp_renewed and work_permit_issued carry a validity date.")
            .When(command.ValidUntil <= command.On, "validUntil", "The validity must end after the date of the event."));
    }

    [WolverinePost("/api/cases/{id}/immigration"), Authorize(Policy = Policies.CaseWrite)]
    [Tags("Immigration")]
    public static (ImmigrationEventRecordedResponse, Events) Post(
        RecordImmigrationEvent command, [WriteAggregate(Required = false)] Case caseFile, ClaimsPrincipal user, CoalitionCalendar calendar)
    {
        var entryId = Guid.CreateVersion7();
        return (new ImmigrationEventRecordedResponse(entryId, caseFile.Version + 1),
        [
            new ImmigrationEventRecorded(caseFile.Id, entryId, command.Kind!.Value, command.On!.Value, command.ValidUntil,
                Caller.From(user).UserId, calendar.Now)
        ]);
    }
}
