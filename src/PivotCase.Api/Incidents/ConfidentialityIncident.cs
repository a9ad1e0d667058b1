using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Platform.Http;

namespace PivotCase.Api.Incidents;

/// <summary>The write model of a register entry: whose register it is in and the days later entries are checked against.</summary>
public sealed record ConfidentialityIncident(Guid Id, string Organization, DateOnly OccurredFrom, DateOnly DiscoveredOn)
{
    /// <summary>The stream version this snapshot reflects; set by Marten.</summary>
    public long Version { get; set; }

    public static ConfidentialityIncident Create(IncidentRecorded recorded) =>
        new(recorded.IncidentId, recorded.Organization, recorded.OccurredFrom, recorded.DiscoveredOn);

    // The other facts pass through, so that Marten moves the snapshot's Version with the stream.
    public ConfidentialityIncident Apply(IncidentRiskAssessed _) => this;

    public ConfidentialityIncident Apply(IncidentNoticeSent _) => this;

    public ConfidentialityIncident Apply(IncidentMeasureTaken _) => this;
}

/// <summary>
/// A register is its organisation's: its supervisors keep it, and the coalition's coordinators see every member's. Anyone
/// else is answered 404, as for an entry that does not exist.
/// </summary>
public static class IncidentAccess
{
    public static bool CanKeep(string organization, Caller caller) =>
        caller.IsInRole(Roles.Coordinator) || caller.IsInRole(Roles.Supervisor) && caller.Organization == organization;

    public static ProblemDetails CheckWrite(ConfidentialityIncident? incident, Caller caller, long? expectedVersion) =>
        incident is null || !CanKeep(incident.Organization, caller)
            ? Problems.NotFound("incident")
            : expectedVersion is { } expected && expected != incident.Version
                ? Problems.StaleVersion(expected, incident.Version, "incident")
                : Problems.None;
}
