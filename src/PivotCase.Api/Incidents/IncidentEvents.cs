namespace PivotCase.Api.Incidents;

/// <summary>The kinds of confidentiality incident of Quebec's private-sector privacy act (s. 3.6, Law 25).</summary>
public enum IncidentKind
{
    UnauthorizedAccess, UnauthorizedUse, UnauthorizedCommunication, Loss, OtherBreach
}

/// <summary>Who was told of an incident: the Commission d'accès à l'information, the persons concerned, or the public.</summary>
public enum NoticeRecipient
{
    Commission, PersonsConcerned, Public
}

/// <summary>
/// An incident enters the register of <paramref name="Organization"/>, the reporter's. Its texts describe the kind of
/// information and the circumstances, never a person; <paramref name="Cases"/> names the cases it touched, when known.
/// </summary>
public sealed record IncidentRecorded(
    Guid IncidentId,
    string Organization,
    IncidentKind Kind,
    string InformationConcerned,
    string Circumstances,
    DateOnly OccurredFrom,
    DateOnly? OccurredTo,
    bool OccurrenceApproximate,
    DateOnly DiscoveredOn,
    int PersonsConcerned,
    bool PersonsConcernedApproximate,
    IReadOnlyList<Guid> Cases,
    string RecordedBy,
    DateTimeOffset RecordedAt);

/// <summary>Whether the incident risks serious injury to the persons concerned, and why; a later assessment supersedes it.</summary>
public sealed record IncidentRiskAssessed(
    Guid IncidentId, bool SeriousInjuryRisk, string Reasons, string AssessedBy, DateTimeOffset AssessedAt);

public sealed record IncidentNoticeSent(
    Guid IncidentId, Guid NoticeId, NoticeRecipient Recipient, DateOnly SentOn, string? Reason, string RecordedBy,
    DateTimeOffset RecordedAt);

public sealed record IncidentMeasureTaken(
    Guid IncidentId, Guid MeasureId, string Description, DateOnly TakenOn, string RecordedBy, DateTimeOffset RecordedAt);
