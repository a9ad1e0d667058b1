using System.Security.Cryptography;
using System.Text;

namespace PivotCase.Api.Platform.Idempotency;

/// <summary>
/// Fingerprints what a keyed write sent: an HMAC-SHA-256 of the method, the path with its query string and the body's
/// bytes. Opening a case sends the survivor's personal details, and the rest of that body (age group, region, exploitation
/// types) stays in clear in the events: a plain hash of it would let anyone who reads the database confirm a guessed name
/// or date of birth. The HMAC's key is derived from the master key of the personal details (ADR 0004), which the database
/// never holds.
/// </summary>
public sealed class FingerprintKey
{
    private static readonly byte[] Purpose = "PivotCase idempotency fingerprint v1"u8.ToArray();

    private readonly byte[] _key;

    private FingerprintKey(byte[] key) => _key = key;

    public static FingerprintKey DerivedFrom(byte[] masterKey) =>
        new(HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, info: Purpose));

    public string Of(string method, string pathAndQuery, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        hmac.AppendData(Encoding.UTF8.GetBytes($"{method.ToUpperInvariant()}\n{pathAndQuery}\n"));
        hmac.AppendData(body);
        return Convert.ToHexStringLower(hmac.GetHashAndReset());
    }
}
