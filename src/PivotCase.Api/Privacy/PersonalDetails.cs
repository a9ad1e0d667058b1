namespace PivotCase.Api.Privacy;

/// <summary>
/// The only identifying data PivotCase holds about a survivor. It is never stored, logged or projected in clear text:
/// see <see cref="PersonalDetailsProtector"/>.
/// </summary>
public sealed record PersonalDetails(
    string? FullName,
    string? Alias,
    DateOnly? DateOfBirth,
    string? Phone,
    string? Email,
    IReadOnlyList<string>? Languages,
    string? Notes)
{
    /// <summary>Keeps the record out of logs and exception messages even when someone formats it.</summary>
    public override string ToString() => "PersonalDetails { protected }";
}

/// <summary>Personal details as they travel in events and read models: AES-GCM ciphertext under the case's key.</summary>
public sealed record EncryptedPersonalDetails(string Ciphertext);

/// <summary>
/// A case's data key, wrapped by the master key and stored apart from the events (its own table).
/// Deleting it makes every copy of the case's personal details unreadable (crypto-shredding).
/// </summary>
public sealed record CaseKey(Guid Id, string WrappedKey, DateTimeOffset CreatedAt);
