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

/// <summary>
/// Whether the incident risks serious injury, weighing the sensitivity of the information, the foreseeable consequences
/// of its use and the likelihood that it is used to harm. Assessing again supersedes the earlier assessment, which stays
/// in the entry.
/// </summary>
public sealed record AssessIncidentRisk(
    [property: Required] bool? SeriousInjuryRisk,
    [property: Required, Description(FreeText.IncidentWarning)] string? Reasons,
    long? ExpectedVersion = null);

public sealed record IncidentVersion(Guid Id, long Version);

public static class AssessIncidentRiskEndpoint
{
    public static ProblemDetails Validate(AssessIncidentRisk command, ConfidentialityIncident? incident, ClaimsPrincipal user)
    {
        var denied = IncidentAccess.CheckWrite(incident, Caller.From(user), command.ExpectedVersion);
        return denied != Problems.None
            ? denied
            : Problems.Invalid(new ValidationErrors()
                .Required("seriousInjuryRisk", command.SeriousInjuryRisk)
                .Required("reasons", command.Reasons)
                .MaxLength("reasons", command.Reasons, IncidentRules.MaxDescriptionLength));
    }

    [WolverinePost("/api/privacy/incidents/{id}/risk-assessment"), Authorize(Policy = Policies.IncidentRegister)]
    [Tags("Privacy")]
    public static (IncidentVersion, Events) Post(
        AssessIncidentRisk command, [WriteAggregate(Required = false)] ConfidentialityIncident incident, ClaimsPrincipal user,
        CoalitionCalendar calendar) =>
        (new IncidentVersion(incident.Id, incident.Version + 1),
            [new IncidentRiskAssessed(incident.Id, command.SeriousInjuryRisk!.Value, command.Reasons!.Trim(), Caller.From(user).UserId, calendar.Now)]);
}
