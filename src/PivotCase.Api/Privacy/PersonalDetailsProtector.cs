using System.Security.Cryptography;
using System.Text.Json;

namespace PivotCase.Api.Privacy;

/// <summary>
/// Envelope encryption of personal details: each case gets its own random 256-bit data key; the details are sealed
/// with AES-GCM under that key (the case id as associated data, so ciphertext cannot be moved to another case), and
/// the data key is sealed under the master key.
/// </summary>
public sealed class PersonalDetailsProtector
{
    private const int KeyBytes = 32;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly byte[] _masterKey;

    public PersonalDetailsProtector(byte[] masterKey)
    {
        if (masterKey.Length != KeyBytes)
            throw new ArgumentException($"The master key must be {KeyBytes * 8} bits.", nameof(masterKey));
        _masterKey = masterKey;
    }

    public (CaseKey Key, EncryptedPersonalDetails Details) Protect(Guid caseId, PersonalDetails details, DateTimeOffset now)
    {
        var dataKey = RandomNumberGenerator.GetBytes(KeyBytes);
        try
        {
            var key = new CaseKey(caseId, Convert.ToBase64String(Seal(_masterKey, dataKey, caseId)), now);
            var plaintext = JsonSerializer.SerializeToUtf8Bytes(details, Json);
            return (key, new EncryptedPersonalDetails(Convert.ToBase64String(Seal(dataKey, plaintext, caseId))));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>The clear details, or null when there are none or the case's key has been destroyed.</summary>
    public PersonalDetails? Reveal(Guid caseId, EncryptedPersonalDetails? details, CaseKey? key)
    {
        if (details is null || key is null) return null;

        var dataKey = Open(_masterKey, Convert.FromBase64String(key.WrappedKey), caseId);
        try
        {
            var plaintext = Open(dataKey, Convert.FromBase64String(details.Ciphertext), caseId);
            return JsonSerializer.Deserialize<PersonalDetails>(plaintext, Json);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    private static byte[] Seal(byte[] key, byte[] plaintext, Guid caseId)
    {
        var sealedBytes = new byte[NonceBytes + TagBytes + plaintext.Length];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(NonceBytes + TagBytes),
            sealedBytes.AsSpan(NonceBytes, TagBytes), caseId.ToByteArray());
        return sealedBytes;
    }

    private static byte[] Open(byte[] key, byte[] sealedBytes, Guid caseId)
    {
        var plaintext = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(key, TagBytes);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes + TagBytes),
            sealedBytes.AsSpan(NonceBytes, TagBytes), plaintext, caseId.ToByteArray());
        return plaintext;
    }
}
