using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Platform.Http;
using Wolverine.Http;
using Wolverine.Marten;

namespace PivotCase.Api.Incidents;

/// <summary>A measure taken to reduce the risk of injury or to keep such an incident from happening again.</summary>
public sealed record RecordIncidentMeasure(
    [property: Required, Description(FreeText.IncidentWarning)] string? Description,
    [property: Required] DateOnly? TakenOn,
    long? ExpectedVersion = null);

public sealed record IncidentMeasureRecorded(Guid MeasureId, long Version) : Created;

public static class RecordIncidentMeasureEndpoint
{
    public static ProblemDetails Validate(
        RecordIncidentMeasure command, ConfidentialityIncident? incident, ClaimsPrincipal user, CoalitionCalendar calendar)
    {
        var denied = IncidentAccess.CheckWrite(incident, Caller.From(user), command.ExpectedVersion);
        return denied != Problems.None
            ? denied
            : Problems.Invalid(new ValidationErrors()
                .Required("description", command.Description)
                .MaxLength("description", command.Description, IncidentRules.MaxDescriptionLength)
                .CheckFollowUpDay("takenOn", command.TakenOn, incident!, calendar.Today));
    }

    [WolverinePost("/api/privacy/incidents/{id}/measures"), Authorize(Policy = Policies.IncidentRegister)]
    [Tags("Privacy")]
    public static (IncidentMeasureRecorded, Events) Post(
        RecordIncidentMeasure command, [WriteAggregate(Required = false)] ConfidentialityIncident incident, ClaimsPrincipal user,
        CoalitionCalendar calendar)
    {
        var taken = new IncidentMeasureTaken(incident.Id, Guid.CreateVersion7(), command.Description!.Trim(), command.TakenOn!.Value,
            Caller.From(user).UserId, calendar.Now);
        return (new IncidentMeasureRecorded(taken.MeasureId, incident.Version + 1), [taken]);
    }
}
