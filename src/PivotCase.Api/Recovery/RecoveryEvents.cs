namespace PivotCase.Api.Recovery;

public enum AssessmentVoidReason
{
    WrongCase, WrongDay, WrongScores, Duplicate, Other
}

/// <summary>
/// An assessment recorded by mistake no longer counts: not in the trajectory, the dashboard or the statistics, and its
/// day may be assessed again. The recorded event stays in the history, as every event does. The reason is a choice from
/// a list: a note in free text could describe the survivor.
/// </summary>
public sealed record AssessmentVoided(
    Guid CaseId, Guid AssessmentId, DateOnly AssessedOn, AssessmentVoidReason Reason, string VoidedBy, DateTimeOffset VoidedAt);

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
