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
        var body = Encoding.UTF8.GetBytes("""{"title":"Shelter"}""");
        var fingerprint = IdempotencyKey.Fingerprint("POST", "/api/cases/1/steps", body);

        fingerprint.ShouldMatch("^[0-9a-f]{64}$");
        IdempotencyKey.Fingerprint("post", "/api/cases/1/steps", body).ShouldBe(fingerprint);
        IdempotencyKey.Fingerprint("PUT", "/api/cases/1/steps", body).ShouldNotBe(fingerprint);
        IdempotencyKey.Fingerprint("POST", "/api/cases/2/steps", body).ShouldNotBe(fingerprint);
        IdempotencyKey.Fingerprint("POST", "/api/cases/1/steps?x=1", body).ShouldNotBe(fingerprint);
        IdempotencyKey.Fingerprint("POST", "/api/cases/1/steps", Encoding.UTF8.GetBytes("""{"title": "Shelter"}""")).ShouldNotBe(fingerprint);
        IdempotencyKey.Fingerprint("POST", "/api/cases/1/steps", []).ShouldNotBe(fingerprint);
    }

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
