namespace PivotCase.Api.Platform.Idempotency;

/// <summary>
/// The first successful answer to a write sent with an <c>Idempotency-Key</c>, kept until <see cref="ExpiresAt"/> so
/// that a retry gets it again. Written in the same transaction as the write's events and documents: either both are
/// committed or neither is. Holds neither the key nor the user (see <see cref="IdempotencyKey.RecordId"/>), and write
/// answers carry ids and versions, never a survivor's personal details.
/// </summary>
/// <param name="CaseId">The case the write was about, when it was one: an erasure replaces the fingerprints of the
/// case's records with <see cref="ErasedFingerprint"/> at once (<c>PersonalDataErasure</c>), rather than leave a digest
/// of what was sent about the survivor until the records expire.</param>
public sealed record IdempotencyRecord(
    Guid Id,
    string Fingerprint,
    int Status,
    string? Location,
    string? ContentType,
    string Body,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    Guid? CaseId = null)
{
    /// <summary>
    /// The fingerprint of a record whose case was erased. Its stored answer (ids and versions) is still given to a retry
    /// under its key, without comparing what the retry sent: the record must keep a retry from running the write again
    /// (a second step, or a second opening carrying the erased details), and nothing is left to compare with.
    /// </summary>
    public const string ErasedFingerprint = "erased";

    public bool IsExpiredAt(DateTimeOffset now) => ExpiresAt <= now;
}
