using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Platform.Http;
using Wolverine.Http;
using Wolverine.Marten;

namespace PivotCase.Api.Incidents;

/// <summary>
/// The facts of the incident as known now, in full: the register is kept up to date as an incident is understood (it
/// ended, it concerned more persons, a text held what it should not). The entry shows the latest facts and who revised
/// them when; every earlier version stays in the entry's stream.
/// </summary>
public sealed record ReviseIncident : IncidentFacts
{
    public long? ExpectedVersion { get; init; }
}

public static class ReviseIncidentEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(
        ReviseIncident command, ConfidentialityIncident? incident, ClaimsPrincipal user, CoalitionCalendar calendar,
        IQuerySession session, CancellationToken token)
    {
        var denied = IncidentAccess.CheckWrite(incident, Caller.From(user), command.ExpectedVersion);
        if (denied != Problems.None) return denied;

        var errors = await IncidentRules.CheckFactsAsync(command, incident!.Organization, incident.Cases, calendar.Today, session, token);
        return Problems.Invalid(errors.When(command.DiscoveredOn > incident.EarliestFollowUpOn, "discoveredOn",
            $"Not after the first notice or measure ({incident.EarliestFollowUpOn:yyyy-MM-dd})."));
    }

    [WolverinePost("/api/privacy/incidents/{id}/revisions"), Authorize(Policy = Policies.IncidentRegister)]
    [Tags("Privacy")]
    public static (IncidentVersion, Events) Post(
        ReviseIncident command, [WriteAggregate(Required = false)] ConfidentialityIncident incident, ClaimsPrincipal user,
        CoalitionCalendar calendar) =>
        (new IncidentVersion(incident.Id, incident.Version + 1),
        [
            new IncidentRevised(incident.Id, command.Kind!.Value, command.InformationConcerned!.Trim(), command.Circumstances!.Trim(),
                command.OccurredFrom!.Value, command.OccurredTo, command.OccurrenceApproximate, command.DiscoveredOn!.Value,
                command.PersonsConcerned!.Value, command.PersonsConcernedApproximate, command.Cases ?? [], Caller.From(user).UserId,
                calendar.Now)
        ]);
}
