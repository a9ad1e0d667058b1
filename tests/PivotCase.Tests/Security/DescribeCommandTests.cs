using System.Text;
using Npgsql;
using PivotCase.Api.Platform;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Security;

/// <summary>
/// The API's <c>describe</c> command, run as operators run it, prints the configuration with its sources but never the
/// master key, the signing key or the database password, neither the values in force nor the ones they override.
/// </summary>
public sealed class DescribeCommandTests
{
    private static readonly string MasterKey = Convert.ToBase64String(Encoding.ASCII.GetBytes("ZZSECRET-master-key-32-bytes-ok!"));
    private const string SigningKey = "ZZSECRET-signing-key-at-least-32-bytes-long";
    private const string DatabasePassword = "ZZSECRET-database-password";
    private const string DevelopmentMasterKey = "cGl2b3RjYXNlLWRldmVsb3BtZW50LW1hc3Rlci1rZXk=";
    private const string DevelopmentSigningKey = "pivotcase-development-signing-key-not-for-production-use";

    [Fact]
    public async Task Describe_shows_the_settings_and_masks_every_secret()
    {
        var connection = new NpgsqlConnectionStringBuilder(
            Environment.GetEnvironmentVariable(TestDatabase.EnvironmentVariable) ?? "Host=127.0.0.1;Database=pivotcase;Username=pivotcase")
        {
            Password = DatabasePassword
        };

        var (exitCode, output) = await ApiProcess.RunCommandAsync([RedactedConfiguration.Command], new Dictionary<string, string>
        {
            [TestDatabase.EnvironmentVariable] = connection.ConnectionString,
            ["Privacy__MasterKey"] = MasterKey,
            ["Auth__SigningKey"] = SigningKey,
            ["COLUMNS"] = "400"
        }, TimeSpan.FromSeconds(90));

        exitCode.ShouldBe(0, output);
        output.ShouldContain("MasterKey", Case.Sensitive, output);
        output.ShouldContain("SigningKey", Case.Sensitive, output);
        output.ShouldContain(RedactedConfiguration.Mask, Case.Sensitive, output);
        output.ShouldContain("RequireResearchConsent", Case.Sensitive, output);
        output.ShouldContain(connection.Host!, Case.Sensitive, output);
        foreach (var secret in new[] { "ZZSECRET", MasterKey, DevelopmentMasterKey, DevelopmentSigningKey })
            output.ShouldNotContain(secret, Case.Insensitive, $"describe printed {secret}");
    }
}
