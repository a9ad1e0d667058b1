using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json.Serialization;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Cases;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Platform.Http;
using Wolverine.Http;
using Wolverine.Marten;

namespace PivotCase.Api.Incidents;

/// <summary>
/// Enters a confidentiality incident in the caller's organisation's register. The organisation, the recorder and the
/// instant come from the token and the clock, never from the body.
/// </summary>
public sealed record RecordIncident(
    [property: Required] IncidentKind? Kind,
    [property: Required, Description(FreeText.IncidentWarning)] string? InformationConcerned,
    [property: Required, Description(FreeText.IncidentWarning)] string? Circumstances,
    [property: Required] DateOnly? OccurredFrom,
    [property: Required] DateOnly? DiscoveredOn,
    [property: Required] int? PersonsConcerned,
    DateOnly? OccurredTo = null,
    bool OccurrenceApproximate = false,
    bool PersonsConcernedApproximate = false,
    IReadOnlyList<Guid>? Cases = null);

public sealed record IncidentRecordedResponse(Guid Id, long Version) : Created
{
    [JsonIgnore]
    public override string Location => $"/api/privacy/incidents/{Id}";
}

public static class RecordIncidentEndpoint
{
    public const int MaxCases = 500;
    public const int MaxPersonsConcerned = 10_000_000;

    public static async Task<ProblemDetails> ValidateAsync(
        RecordIncident command, ClaimsPrincipal user, CoalitionCalendar calendar, IQuerySession session, CancellationToken token)
    {
        var today = calendar.Today;
        var errors = new ValidationErrors()
            .Required("kind", command.Kind)
            .Required("informationConcerned", command.InformationConcerned)
            .MaxLength("informationConcerned", command.InformationConcerned, IncidentRules.MaxDescriptionLength)
            .Required("circumstances", command.Circumstances)
            .MaxLength("circumstances", command.Circumstances, IncidentRules.MaxDescriptionLength)
            .Required("occurredFrom", command.OccurredFrom)
            .Required("discoveredOn", command.DiscoveredOn)
            .Required("personsConcerned", command.PersonsConcerned)
            .When(command.PersonsConcerned is < 1 or > MaxPersonsConcerned, "personsConcerned",
                $"Between 1 and {MaxPersonsConcerned:N0}; mark an estimate with personsConcernedApproximate.")
            .When(command.OccurredFrom < CaseDates.Earliest, "occurredFrom", CaseDates.TooEarly)
            .When(command.OccurredFrom > today, "occurredFrom", "An incident cannot have happened in the future.")
            .When(command.OccurredTo < command.OccurredFrom, "occurredTo", "The period cannot end before it starts.")
            .When(command.OccurredTo > today, "occurredTo", "An incident cannot have happened in the future.")
            .When(command.DiscoveredOn < command.OccurredFrom, "discoveredOn", "An incident is learned of once it has started.")
            .When(command.DiscoveredOn > today, "discoveredOn", "Not after today.");

        var cases = command.Cases ?? [];
        errors.When(cases.Count > MaxCases, "cases", $"At most {MaxCases} cases; the number of persons concerned says the rest.")
            .When(cases.Distinct().Count() != cases.Count, "cases", "Each case may appear once.")
            .When(command.PersonsConcerned is { } persons && persons < cases.Distinct().Count(), "personsConcerned",
                "At least one person for each case named.");
        if (errors.IsEmpty && cases.Count > 0 && !await AllVisibleAsync(cases, Caller.From(user), today, session, token))
            errors.Add("cases", "Only cases of your organisation (any case, for coordinators) can be named.");
        return Problems.Invalid(errors);
    }

    /// <summary>The same answer for a case that does not exist and one the caller may not see.</summary>
    private static async Task<bool> AllVisibleAsync(
        IReadOnlyList<Guid> cases, Caller caller, DateOnly today, IQuerySession session, CancellationToken token)
    {
        var found = await session.LoadManyAsync<CaseDetails>(token, cases);
        return found.Count == cases.Count
               && (caller.IsInRole(Roles.Coordinator) || found.All(details => CaseAccess.RelationOf(details, caller, today) == CaseRelation.Owner));
    }

    [WolverinePost("/api/privacy/incidents"), Authorize(Policy = Policies.IncidentRegister)]
    [Tags("Privacy")]
    public static (IncidentRecordedResponse, IStartStream) Post(RecordIncident command, ClaimsPrincipal user, CoalitionCalendar calendar)
    {
        var caller = Caller.From(user);
        var incidentId = Guid.CreateVersion7();
        var recorded = new IncidentRecorded(incidentId, caller.Organization, command.Kind!.Value, command.InformationConcerned!.Trim(),
            command.Circumstances!.Trim(), command.OccurredFrom!.Value, command.OccurredTo, command.OccurrenceApproximate,
            command.DiscoveredOn!.Value, command.PersonsConcerned!.Value, command.PersonsConcernedApproximate, command.Cases ?? [],
            caller.UserId, calendar.Now);
        return (new IncidentRecordedResponse(incidentId, 1), MartenOps.StartStream<ConfidentialityIncident>(incidentId, recorded));
    }
}
