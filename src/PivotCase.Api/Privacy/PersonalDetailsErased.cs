namespace PivotCase.Api.Privacy;

/// <summary>Why a case's personal details were erased. A closed list on purpose: free text could carry personal data.</summary>
public enum ErasureReason
{
    SurvivorRequest, RetentionPeriod, PurposeAchieved, Other
}

/// <summary>
/// The case's personal details were made unrecoverable: its data key destroyed and the protected fields masked in the
/// stored events. Records who, when and why; never what was erased.
/// </summary>
public sealed record PersonalDetailsErased(Guid CaseId, ErasureReason Reason, string ErasedBy, DateTimeOffset ErasedAt);
