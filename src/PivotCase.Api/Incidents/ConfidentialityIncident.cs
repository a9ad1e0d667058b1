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

    /// <summary>Revisions, risk assessments and measures so far (<see cref="IncidentAccess.MaxAdditions"/>).</summary>
    public int Additions { get; init; }

    /// <summary>Notices so far (<see cref="IncidentAccess.MaxNotices"/>).</summary>
    public int Notices { get; init; }

    public static ConfidentialityIncident Create(IncidentRecorded recorded) =>
        new(recorded.IncidentId, recorded.Organization, recorded.DiscoveredOn, EarliestFollowUpOn: null) { Cases = recorded.Cases };

    public ConfidentialityIncident Apply(IncidentRevised revised) =>
        this with { DiscoveredOn = revised.DiscoveredOn, Cases = revised.Cases, Additions = Additions + 1 };

    public ConfidentialityIncident Apply(IncidentNoticeSent sent) => FollowedUpOn(sent.SentOn) with { Notices = Notices + 1 };

    public ConfidentialityIncident Apply(IncidentMeasureTaken taken) => FollowedUpOn(taken.TakenOn) with { Additions = Additions + 1 };

    public ConfidentialityIncident Apply(IncidentRiskAssessed _) => this with { Additions = Additions + 1 };

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
    /// An entry gathers what the regulation asks and its follow-ups; past this many revisions, assessments and measures, a
    /// new entry that refers to this one keeps the register readable.
    /// </summary>
    public const int MaxAdditions = 200;

    /// <summary>Notices have a bound of their own, higher, so that a notice owed by law is never refused for the others.</summary>
    public const int MaxNotices = 500;

    public static bool CanKeep(string organization, Caller caller) =>
        caller.IsInRole(Roles.Coordinator) || caller.IsInRole(Roles.Supervisor) && caller.Organization == organization;

    public static ProblemDetails CheckWrite(ConfidentialityIncident? incident, Caller caller, long? expectedVersion, bool isNotice = false) =>
        incident is null || !CanKeep(incident.Organization, caller)
            ? Problems.NotFound("incident")
            : expectedVersion is { } expected && expected != incident.Version
                ? Problems.StaleVersion(expected, incident.Version, "incident")
                : isNotice ? Bound(incident.Notices, MaxNotices, "notices") : Bound(incident.Additions, MaxAdditions, "additions");

    private static ProblemDetails Bound(int count, int max, string what) => count >= max
        ? Problems.Conflict($"This entry already holds {max} {what}: record a new entry that refers to it.")
        : Problems.None;
}
