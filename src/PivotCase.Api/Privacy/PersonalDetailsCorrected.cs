namespace PivotCase.Api.Privacy;

/// <summary>
/// The owner's caseworker replaced the survivor's personal details (a new phone number, a corrected date of birth).
/// <paramref name="PersonalDetails"/> is sealed under a new data key that replaced the case's key in the same
/// transaction, so every earlier copy of the details, in this stream and in backups, became unreadable at once.
/// </summary>
public sealed record PersonalDetailsCorrected(
    Guid CaseId, EncryptedPersonalDetails? PersonalDetails, string CorrectedBy, DateTimeOffset CorrectedAt)
{
    /// <summary>The month of the 18th birthday the corrected date of birth gives, as at opening (see CaseDeadlines).</summary>
    public DateOnly? ComesOfAgeMonth { get; init; }
}
