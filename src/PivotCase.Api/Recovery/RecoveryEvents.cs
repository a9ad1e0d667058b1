namespace PivotCase.Api.Recovery;

/// <summary>
/// A recovery assessment as scored: the raw score of each assessed domain (not every domain need be scored) and the
/// instrument version that gives the scores their meaning. <paramref name="AssessedOn"/> is the day of the interview,
/// which may be earlier than assessments already recorded. Marten stores the score keys as it stores every enumeration
/// value, by member name, and reads them back as such; only the API spells them snake_case.
/// </summary>
public sealed record AssessmentRecorded(
    Guid CaseId,
    Guid AssessmentId,
    DateOnly AssessedOn,
    IReadOnlyDictionary<RecoveryDomain, int> Scores,
    string InstrumentVersion,
    string AssessedBy,
    DateTimeOffset RecordedAt);
