using System.Security.Cryptography;
using System.Text;
using PivotCase.Api.Privacy;

namespace PivotCase.Tests.Privacy;

/// <summary>Unit tests of the envelope encryption, without the API or a database.</summary>
public sealed class PersonalDetailsProtectorTests
{
    private const string Canary = "ZZCANARY";
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 15, 0, 0, TimeSpan.Zero);

    private static readonly PersonalDetails Details = new(
        $"{Canary} Marie-Ange", $"{Canary}-alias", new DateOnly(2004, 5, 6), "514-555-0199", "zzcanary@example.org",
        ["fr", "tir"], $"{Canary} notes — accents éàç");

    private readonly PersonalDetailsProtector _protector = new(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void Details_survive_a_round_trip()
    {
        var caseId = Guid.NewGuid();

        var (key, encrypted) = _protector.Protect(caseId, Details, Now);
        var revealed = _protector.Reveal(caseId, encrypted, key).ShouldNotBeNull();

        key.Id.ShouldBe(caseId);
        key.CreatedAt.ShouldBe(Now);
        revealed.FullName.ShouldBe(Details.FullName);
        revealed.Alias.ShouldBe(Details.Alias);
        revealed.DateOfBirth.ShouldBe(Details.DateOfBirth);
        revealed.Phone.ShouldBe(Details.Phone);
        revealed.Email.ShouldBe(Details.Email);
        revealed.Languages.ShouldBe(["fr", "tir"]);
        revealed.Notes.ShouldBe(Details.Notes);
    }

    [Fact]
    public void Sparse_details_survive_a_round_trip()
    {
        var caseId = Guid.NewGuid();
        var sparse = new PersonalDetails(null, "Ange", null, null, null, null, null);

        var (key, encrypted) = _protector.Protect(caseId, sparse, Now);

        _protector.Reveal(caseId, encrypted, key).ShouldBe(sparse);
    }

    [Fact]
    public void Neither_the_ciphertext_nor_the_wrapped_key_contains_the_clear_text()
    {
        var (key, encrypted) = _protector.Protect(Guid.NewGuid(), Details, Now);

        encrypted.Ciphertext.ShouldNotContain(Canary, Case.Insensitive);
        Encoding.UTF8.GetString(Convert.FromBase64String(encrypted.Ciphertext)).ShouldNotContain(Canary, Case.Insensitive);
        Encoding.UTF8.GetString(Convert.FromBase64String(key.WrappedKey)).ShouldNotContain(Canary, Case.Insensitive);
        Details.ToString().ShouldNotContain(Canary);
    }

    [Fact]
    public void Ciphertext_and_key_are_bound_to_their_case()
    {
        var caseId = Guid.NewGuid();
        var otherCaseId = Guid.NewGuid();
        var (key, encrypted) = _protector.Protect(caseId, Details, Now);

        ThrowsCryptographic(() => _protector.Reveal(otherCaseId, encrypted, key));
        ThrowsCryptographic(() => _protector.Reveal(otherCaseId, encrypted, key with { Id = otherCaseId }));
    }

    [Fact]
    public void Ciphertext_moved_to_another_case_cannot_be_opened_with_that_cases_key()
    {
        var caseA = Guid.NewGuid();
        var caseB = Guid.NewGuid();
        var (_, encryptedA) = _protector.Protect(caseA, Details, Now);
        var (keyB, _) = _protector.Protect(caseB, Details, Now);

        ThrowsCryptographic(() => _protector.Reveal(caseB, encryptedA, keyB));
    }

    [Fact]
    public void Another_master_key_cannot_reveal()
    {
        var caseId = Guid.NewGuid();
        var (key, encrypted) = _protector.Protect(caseId, Details, Now);
        var other = new PersonalDetailsProtector(RandomNumberGenerator.GetBytes(32));

        ThrowsCryptographic(() => other.Reveal(caseId, encrypted, key));
    }

    [Fact]
    public void Tampered_ciphertext_is_refused()
    {
        var caseId = Guid.NewGuid();
        var (key, encrypted) = _protector.Protect(caseId, Details, Now);
        var bytes = Convert.FromBase64String(encrypted.Ciphertext);
        bytes[^1] ^= 0x01;

        ThrowsCryptographic(() => _protector.Reveal(caseId, new EncryptedPersonalDetails(Convert.ToBase64String(bytes)), key));
    }

    [Fact]
    public void Each_protection_uses_a_fresh_data_key_and_fresh_nonces()
    {
        var caseId = Guid.NewGuid();

        var (key1, encrypted1) = _protector.Protect(caseId, Details, Now);
        var (key2, encrypted2) = _protector.Protect(caseId, Details, Now);

        key1.WrappedKey.ShouldNotBe(key2.WrappedKey);
        encrypted1.Ciphertext.ShouldNotBe(encrypted2.Ciphertext);
        Nonce(key1.WrappedKey).ShouldNotBe(Nonce(key2.WrappedKey));
        Nonce(encrypted1.Ciphertext).ShouldNotBe(Nonce(encrypted2.Ciphertext));

        // The data keys differ: the second key cannot open the first ciphertext.
        ThrowsCryptographic(() => _protector.Reveal(caseId, encrypted1, key2));
        _protector.Reveal(caseId, encrypted1, key1).ShouldNotBeNull();
        _protector.Reveal(caseId, encrypted2, key2).ShouldNotBeNull();
    }

    [Fact]
    public void Nothing_to_reveal_without_details_or_without_a_key()
    {
        var caseId = Guid.NewGuid();
        var (key, encrypted) = _protector.Protect(caseId, Details, Now);

        _protector.Reveal(caseId, null, key).ShouldBeNull();
        _protector.Reveal(caseId, encrypted, null).ShouldBeNull();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(64)]
    public void The_master_key_must_be_256_bits(int length)
    {
        Should.Throw<ArgumentException>(() => new PersonalDetailsProtector(new byte[length]));
    }

    private static string Nonce(string base64) => Convert.ToHexString(Convert.FromBase64String(base64), 0, 12);

    private static void ThrowsCryptographic(Action action)
    {
        var thrown = Should.Throw<Exception>(action);
        thrown.ShouldBeAssignableTo<CryptographicException>();
    }
}
