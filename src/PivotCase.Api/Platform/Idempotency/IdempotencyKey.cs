using System.Security.Cryptography;
using System.Text;

namespace PivotCase.Api.Platform.Idempotency;

/// <summary>
/// The <c>Idempotency-Key</c> header: its syntax and the record id a key gets for one user (the fingerprint that tells
/// a retry from another request under the same key is <see cref="FingerprintKey"/>'s).
/// </summary>
public static class IdempotencyKey
{
    public const string Header = "Idempotency-Key";
    public const int MaxLength = 255;
    public const string Syntax = "1 to 255 visible ASCII characters, without spaces.";

    public static bool IsWellFormed(string? key) =>
        key is { Length: >= 1 and <= MaxLength } && key.All(character => character is >= '!' and <= '~');

    /// <summary>
    /// Keys belong to their user: the same key from two users is two records. The id is a hash of both (each part
    /// length-prefixed, so no user and key can pass for another pair), so neither the user nor the key is stored.
    /// </summary>
    public static Guid RecordId(string userId, string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{userId.Length}:{userId}{key.Length}:{key}"));
        return new Guid(hash.AsSpan(0, 16));
    }
}
