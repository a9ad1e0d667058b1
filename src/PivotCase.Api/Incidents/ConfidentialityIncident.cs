using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Platform.Http;

namespace PivotCase.Api.Incidents;

/// <summary>
/// The write model of a register entry: whose register it is in, the day of discovery that follow-ups are dated from, the
/// earliest follow-up, which a revised day of discovery may not pass, and the cases named so far (a revision checks only
/// the ones it adds: a case named then transferred to another member stays named).
/// </summary>
public sealed record ConfidentialityIncident(Guid Id, string Organization, DateOnly DiscoveredOn, DateOnly? EarliestFollowUpOn)
{
    /// <summary>The stream version this snapshot reflects; set by Marten.</summary>
    public long Version { get; set; }

    public IReadOnlyList<Guid> Cases { get; init; } = [];

    public static ConfidentialityIncident Create(IncidentRecorded recorded) =>
        new(recorded.IncidentId, recorded.Organization, recorded.DiscoveredOn, EarliestFollowUpOn: null) { Cases = recorded.Cases };

    public ConfidentialityIncident Apply(IncidentRevised revised) => this with { DiscoveredOn = revised.DiscoveredOn, Cases = revised.Cases };

    public ConfidentialityIncident Apply(IncidentNoticeSent sent) => FollowedUpOn(sent.SentOn);

    public ConfidentialityIncident Apply(IncidentMeasureTaken taken) => FollowedUpOn(taken.TakenOn);

    // Passes through, so that Marten moves the snapshot's Version with the stream.
    public ConfidentialityIncident Apply(IncidentRiskAssessed _) => this;

    private ConfidentialityIncident FollowedUpOn(DateOnly day) =>
        this with { EarliestFollowUpOn = EarliestFollowUpOn is { } earliest && earliest <= day ? earliest : day };
}

/// <summary>
/// A register is its organisation's: its supervisors keep it, and the coalition's coordinators see every member's. Anyone
/// else is answered 404, as for an entry that does not exist.
/// </summary>
public static class IncidentAccess
{
    /// <summary>
    /// An entry gathers what the regulation asks and its follow-ups; past this many additions (notices aside), a new
    /// entry that refers to this one keeps the register readable.
    /// </summary>
    public const int MaxAdditions = 200;

    public static bool CanKeep(string organization, Caller caller) =>
        caller.IsInRole(Roles.Coordinator) || caller.IsInRole(Roles.Supervisor) && caller.Organization == organization;

    /// <summary>A notice is never refused for the bound (<paramref name="isNotice"/>): it may be owed by law.</summary>
    public static ProblemDetails CheckWrite(ConfidentialityIncident? incident, Caller caller, long? expectedVersion, bool isNotice = false) =>
        incident is null || !CanKeep(incident.Organization, caller)
            ? Problems.NotFound("incident")
            : expectedVersion is { } expected && expected != incident.Version
                ? Problems.StaleVersion(expected, incident.Version, "incident")
                : incident.Version > MaxAdditions && !isNotice
                    ? Problems.Conflict($"This entry already holds {MaxAdditions} additions: record a new entry that refers to it.")
                    : Problems.None;
}
