using System.ComponentModel;
using System.Security.Claims;
using System.Text.Json.Serialization;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Directory;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Platform.Http;
using Wolverine.Http;
using Wolverine.Marten;

namespace PivotCase.Api.Incidents;

/// <summary>
/// Enters a confidentiality incident in an organisation's register: the caller's own, or for a coordinator the member
/// named in <see cref="Organization"/> (each member keeps its own register, so an incident that touched several members'
/// cases is entered in each of their registers). The recorder and the instant come from the token and the clock.
/// </summary>
public sealed record RecordIncident : IncidentFacts
{
    [Description("Coordinators only: the member whose register the entry goes in (default: the caller's organisation).")]
    public string? Organization { get; init; }
}

public sealed record IncidentRecordedResponse(Guid Id, long Version) : Created
{
    [JsonIgnore]
    public override string Location => $"/api/privacy/incidents/{Id}";
}

public static class RecordIncidentEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(
        RecordIncident command, ClaimsPrincipal user, CoalitionCalendar calendar, IQuerySession session, CancellationToken token)
    {
        var caller = Caller.From(user);
        if (command.Organization is { } named && named != caller.Organization && !caller.IsInRole(Roles.Coordinator))
            return Problems.Forbidden("A supervisor records incidents in their own organisation's register only.");
        if (command.Organization is not null && !OrganizationRules.IsValidCode(command.Organization))
            return Problems.Invalid(new ValidationErrors().Add("organization", "An organisation code of the directory."));

        return Problems.Invalid(await IncidentRules.CheckFactsAsync(command, RegisterOf(command, caller), [], calendar.Today, session, token));
    }

    private static string RegisterOf(RecordIncident command, Caller caller) => command.Organization ?? caller.Organization;

    [WolverinePost("/api/privacy/incidents"), Authorize(Policy = Policies.IncidentRegister)]
    [Tags("Privacy")]
    public static (IncidentRecordedResponse, IStartStream) Post(RecordIncident command, ClaimsPrincipal user, CoalitionCalendar calendar)
    {
        var caller = Caller.From(user);
        var incidentId = Guid.CreateVersion7();
        var recorded = new IncidentRecorded(incidentId, RegisterOf(command, caller), command.Kind!.Value,
            command.InformationConcerned!.Trim(), command.Circumstances!.Trim(), command.OccurredFrom!.Value, command.OccurredTo,
            command.OccurrenceApproximate, command.DiscoveredOn!.Value, command.PersonsConcerned!.Value,
            command.PersonsConcernedApproximate, command.Cases ?? [], caller.UserId, calendar.Now);
        return (new IncidentRecordedResponse(incidentId, 1), MartenOps.StartStream<ConfidentialityIncident>(incidentId, recorded));
    }
}
