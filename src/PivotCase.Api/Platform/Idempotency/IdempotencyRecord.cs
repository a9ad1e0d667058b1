namespace PivotCase.Api.Platform.Idempotency;

/// <summary>
/// The first successful answer to a write sent with an <c>Idempotency-Key</c>, kept until <see cref="ExpiresAt"/> so
/// that a retry gets it again. Written in the same transaction as the write's events and documents: either both are
/// committed or neither is. Holds neither the key nor the user (see <see cref="IdempotencyKey.RecordId"/>), and write
/// answers carry ids and versions, never a survivor's personal details.
/// </summary>
/// <param name="CaseId">The case the write was about, when it was one: an erasure deletes the case's records at once
/// (<c>PersonalDataErasure</c>), rather than leave their fingerprints of what was sent until they expire.</param>
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
    public bool IsExpiredAt(DateTimeOffset now) => ExpiresAt <= now;
}
