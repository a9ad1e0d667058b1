using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using PivotCase.Api.Platform.Idempotency;

namespace PivotCase.Tests.Unit;

public sealed class IdempotencyKeyTests
{
    [Theory]
    [InlineData("a", true)]
    [InlineData("8e0f1c9a-3b7d-4c55-a7a4-1f2e3d4c5b6a", true)]
    [InlineData("!\"#$%&'()*+,-./0123456789:;<=>?@[\\]^_`{|}~", true)]
    [InlineData("", false)]
    [InlineData(" leading", false)]
    [InlineData("inner space", false)]
    [InlineData("tab\t", false)]
    [InlineData("newline\n", false)]
    [InlineData("clé", false)]
    [InlineData("\u007f", false)]
    public void A_key_is_1_to_255_visible_ascii_characters(string key, bool wellFormed) =>
        IdempotencyKey.IsWellFormed(key).ShouldBe(wellFormed);

    [Fact]
    public void A_key_is_at_most_255_characters()
    {
        IdempotencyKey.IsWellFormed(new string('k', 255)).ShouldBeTrue();
        IdempotencyKey.IsWellFormed(new string('k', 256)).ShouldBeFalse();
        IdempotencyKey.IsWellFormed(null).ShouldBeFalse();
    }

    [Fact]
    public void The_record_id_depends_on_the_user_and_the_key_and_nothing_else()
    {
        IdempotencyKey.RecordId("worker-1", "k").ShouldBe(IdempotencyKey.RecordId("worker-1", "k"));
        IdempotencyKey.RecordId("worker-1", "k").ShouldNotBe(IdempotencyKey.RecordId("worker-2", "k"));
        IdempotencyKey.RecordId("worker-1", "k").ShouldNotBe(IdempotencyKey.RecordId("worker-1", "K"));
        // Length prefixes: moving characters between the user and the key gives another id.
        IdempotencyKey.RecordId("ab", "c").ShouldNotBe(IdempotencyKey.RecordId("a", "bc"));
    }

    [Fact]
    public void The_fingerprint_covers_method_path_and_body_bytes()
    {
        var key = FingerprintKey.DerivedFrom(new byte[32]);
        var body = Encoding.UTF8.GetBytes("""{"title":"Shelter"}""");
        var fingerprint = key.Of("POST", "/api/cases/1/steps", body);

        fingerprint.ShouldMatch("^[0-9a-f]{64}$");
        key.Of("post", "/api/cases/1/steps", body).ShouldBe(fingerprint);
        key.Of("PUT", "/api/cases/1/steps", body).ShouldNotBe(fingerprint);
        key.Of("POST", "/api/cases/2/steps", body).ShouldNotBe(fingerprint);
        key.Of("POST", "/api/cases/1/steps?x=1", body).ShouldNotBe(fingerprint);
        key.Of("POST", "/api/cases/1/steps", Encoding.UTF8.GetBytes("""{"title": "Shelter"}""")).ShouldNotBe(fingerprint);
        key.Of("POST", "/api/cases/1/steps", []).ShouldNotBe(fingerprint);
    }

    [Fact]
    public void Without_the_master_key_a_fingerprint_cannot_be_recomputed_from_a_guessed_body()
    {
        var body = Encoding.UTF8.GetBytes("""{"ageGroup":"18_24","personalDetails":{"dateOfBirth":"2004-05-06"}}""");
        var prefix = Encoding.UTF8.GetBytes("POST\n/api/cases\n");
        var plainHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([.. prefix, .. body]));
        var masterKey = Enumerable.Range(1, 32).Select(value => (byte)value).ToArray();

        var fingerprint = FingerprintKey.DerivedFrom(masterKey).Of("POST", "/api/cases", body);

        fingerprint.ShouldNotBe(plainHash);
        fingerprint.ShouldNotBe(FingerprintKey.DerivedFrom(new byte[32]).Of("POST", "/api/cases", body));
        fingerprint.ShouldBe(FingerprintKey.DerivedFrom(masterKey.ToArray()).Of("POST", "/api/cases", body));
    }

    [Theory]
    [InlineData("/api/cases/0195a7c0-0000-7000-8000-0000000000c1/steps", "0195a7c0-0000-7000-8000-0000000000c1", null,
        "0195a7c0-0000-7000-8000-0000000000c1")]
    [InlineData("/api/cases", null, "/api/cases/0195a7c0-0000-7000-8000-0000000000c2", "0195a7c0-0000-7000-8000-0000000000c2")]
    [InlineData("/API/Cases/0195a7c0-0000-7000-8000-0000000000c5/close", "0195a7c0-0000-7000-8000-0000000000c5", null,
        "0195a7c0-0000-7000-8000-0000000000c5")]
    [InlineData("/api/directory/organizations", null, "/api/directory/organizations/maison", null)]
    [InlineData("/api/privacy/incidents/0195a7c0-0000-7000-8000-0000000000c3/measures", "0195a7c0-0000-7000-8000-0000000000c3", null, null)]
    [InlineData("/api/privacy/incidents", null, "/api/privacy/incidents/0195a7c0-0000-7000-8000-0000000000c4", null)]
    [InlineData("/api/cases/not-a-guid/close", "not-a-guid", null, null)]
    [InlineData("/api/cases", null, null, null)]
    public void A_record_knows_its_case_from_the_route_or_from_the_location_of_a_case_just_opened(
        string path, string? routeId, string? location, string? caseId) =>
        IdempotentAnswer.CaseIdOf(path, routeId, location).ShouldBe(caseId is null ? null : Guid.Parse(caseId));

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void The_exit_after_commit_fault_cannot_be_enabled_outside_development(string environment)
    {
        var enabled = new ConfigurationBuilder().AddInMemoryCollection([new(ExitAfterCommit.Setting, "true")]).Build();
        var notSet = new ConfigurationBuilder().Build();

        Should.Throw<InvalidOperationException>(() => ExitAfterCommit.From(enabled, Host(environment)))
            .Message.ShouldContain(ExitAfterCommit.Setting);
        ExitAfterCommit.From(notSet, Host(environment)).Enabled.ShouldBeFalse();
        ExitAfterCommit.From(enabled, Host(Environments.Development)).Enabled.ShouldBeTrue();
        ExitAfterCommit.From(notSet, Host(Environments.Development)).Enabled.ShouldBeFalse();
    }

    private static HostingEnvironment Host(string name) => new() { EnvironmentName = name };
}
