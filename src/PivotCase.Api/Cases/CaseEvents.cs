using PivotCase.Api.Privacy;

namespace PivotCase.Api.Cases;

/// <summary>
/// A case is opened from an access point. <paramref name="OpenedOn"/> is the day the survivor was identified
/// (it may be in the past when the case is recorded after the fact); <paramref name="OpenedAt"/> is the instant the
/// 72-hour crisis window starts from. Identifying details travel only inside <paramref name="PersonalDetails"/>,
/// encrypted with the case's own key.
/// </summary>
public sealed record CaseOpened(
    Guid CaseId,
    string Organization,
    string PivotWorker,
    AccessPoint AccessPoint,
    IReadOnlyList<ExploitationType> ExploitationTypes,
    TraffickingScope Trafficking,
    AgeGroup AgeGroup,
    Gender Gender,
    string Region,
    DateOnly OpenedOn,
    DateTimeOffset OpenedAt,
    EncryptedPersonalDetails? PersonalDetails,
    string OpenedBy,
    DateTimeOffset RecordedAt)
{
    /// <summary>For a minor whose date of birth is known: the month of the 18th birthday (see CaseDeadlines).</summary>
    public DateOnly? ComesOfAgeMonth { get; init; }
}

/// <summary>
/// The case's de-identified profile as it stands now, whole: a field typed wrong at opening, or what the survivor
/// disclosed later (an exploitation type often comes out months into the relationship).
/// </summary>
public sealed record CaseProfileCorrected(
    Guid CaseId,
    AccessPoint AccessPoint,
    IReadOnlyList<ExploitationType> ExploitationTypes,
    TraffickingScope Trafficking,
    AgeGroup AgeGroup,
    Gender Gender,
    string Region,
    string CorrectedBy,
    DateTimeOffset CorrectedAt);

public sealed record CaseClosed(Guid CaseId, ClosureReason Reason, string ClosedBy, DateTimeOffset ClosedAt);

public sealed record CaseReopened(Guid CaseId, string? Reason, string ReopenedBy, DateTimeOffset ReopenedAt);

/// <summary>
/// A new pivot worker takes the case over, possibly in another member organisation (which then owns the case, under
/// the survivor's consent to share with it).
/// </summary>
public sealed record CaseTransferred(
    Guid CaseId, string FromWorker, string ToWorker, string FromOrganization, string ToOrganization, string TransferredBy,
    DateTimeOffset TransferredAt);
