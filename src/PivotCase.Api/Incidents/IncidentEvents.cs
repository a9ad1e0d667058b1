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
/// Why the public was told instead of, or before, each person concerned. The first three stand in for notifying the
/// persons; a public notice given because it was urgent to act does not, and the persons are still owed one.
/// </summary>
public enum PublicNoticeGround
{
    IncreasedInjury, UndueHardship, NoContactInformation, Urgency
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

/// <summary>
/// The facts of an entry as known now, replacing those recorded before (the register is kept up to date); the earlier
/// versions stay in the entry's stream.
/// </summary>
public sealed record IncidentRevised(
    Guid IncidentId,
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
    string RevisedBy,
    DateTimeOffset RevisedAt);

/// <summary>Whether the incident risks serious injury to the persons concerned, and why; a later assessment supersedes it.</summary>
public sealed record IncidentRiskAssessed(
    Guid IncidentId, bool SeriousInjuryRisk, string Reasons, string AssessedBy, DateTimeOffset AssessedAt);

public sealed record IncidentNoticeSent(
    Guid IncidentId, Guid NoticeId, NoticeRecipient Recipient, DateOnly SentOn, PublicNoticeGround? Ground, string RecordedBy,
    DateTimeOffset RecordedAt);

public sealed record IncidentMeasureTaken(
    Guid IncidentId, Guid MeasureId, string Description, DateOnly TakenOn, string RecordedBy, DateTimeOffset RecordedAt);
