using PivotCase.Api.Platform.Http;

namespace PivotCase.Api.Incidents;

public static class IncidentRules
{
    public const int MaxDescriptionLength = 4000;

    /// <summary>What follows the discovery (a notice, a measure) is dated from the day of discovery to today.</summary>
    public static ValidationErrors CheckFollowUpDay(
        this ValidationErrors errors, string field, DateOnly? day, ConfidentialityIncident incident, DateOnly today) => errors
        .Required(field, day)
        .When(day < incident.DiscoveredOn, field, $"Not before the incident was discovered ({incident.DiscoveredOn:yyyy-MM-dd}).")
        .When(day > today, field, "Not after today.");
}
