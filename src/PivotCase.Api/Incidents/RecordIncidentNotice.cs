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

/// <summary>A notice sent about the incident; a public notice says on which ground it was given (<see cref="PublicNoticeGround"/>).</summary>
public sealed record RecordIncidentNotice(
    [property: Required] NoticeRecipient? Recipient,
    [property: Required] DateOnly? SentOn,
    PublicNoticeGround? Ground = null,
    long? ExpectedVersion = null);

public sealed record IncidentNoticeRecorded(Guid NoticeId, long Version) : Created;

public static class RecordIncidentNoticeEndpoint
{
    public static ProblemDetails Validate(
        RecordIncidentNotice command, ConfidentialityIncident? incident, ClaimsPrincipal user, CoalitionCalendar calendar)
    {
        var denied = IncidentAccess.CheckWrite(incident, Caller.From(user), command.ExpectedVersion, isNotice: true);
        return denied != Problems.None
            ? denied
            : Problems.Invalid(new ValidationErrors()
                .Required("recipient", command.Recipient)
                .CheckFollowUpDay("sentOn", command.SentOn, incident!, calendar.Today)
                .When(command.Recipient == NoticeRecipient.Public && command.Ground is null, "ground",
                    "Say on which ground the public was told.")
                .When(command.Recipient is not (null or NoticeRecipient.Public) && command.Ground is not null, "ground",
                    "Only a public notice has a ground."));
    }

    [WolverinePost("/api/privacy/incidents/{id}/notices"), Authorize(Policy = Policies.IncidentRegister)]
    [Tags("Privacy")]
    public static (IncidentNoticeRecorded, Events) Post(
        RecordIncidentNotice command, [WriteAggregate(Required = false)] ConfidentialityIncident incident, ClaimsPrincipal user,
        CoalitionCalendar calendar)
    {
        var sent = new IncidentNoticeSent(incident.Id, Guid.CreateVersion7(), command.Recipient!.Value, command.SentOn!.Value,
            command.Ground, Caller.From(user).UserId, calendar.Now);
        return (new IncidentNoticeRecorded(sent.NoticeId, incident.Version + 1), [sent]);
    }
}
