using PivotCase.Api.Platform;

namespace PivotCase.Tests.Unit;

public sealed class RedactedConfigurationTests
{
    [Theory]
    [InlineData("Privacy:MasterKey")]
    [InlineData("Auth:SigningKey")]
    [InlineData("OTEL_EXPORTER_OTLP_HEADERS")]
    [InlineData("PGPASSWORD")]
    [InlineData("Directory:ClientSecret")]
    [InlineData("Backup:AccessToken")]
    public void A_setting_named_as_a_secret_is_masked(string key) =>
        RedactedConfiguration.Redact(key, "ZZSECRET-value").ShouldBe(RedactedConfiguration.Mask);

    [Fact]
    public void A_connection_string_keeps_where_it_points_and_loses_its_password()
    {
        var shown = RedactedConfiguration.Redact("ConnectionStrings:PivotCase",
            "Host=db.internal;Port=5432;Database=pivotcase;Username=pivotcase_app;Password=ZZSECRET-db")!;

        shown.ShouldNotContain("ZZSECRET");
        shown.ShouldContain(RedactedConfiguration.Mask);
        shown.ShouldContain("db.internal");
        shown.ShouldContain("pivotcase_app");
    }

    [Fact]
    public void A_connection_string_password_abbreviated_pwd_is_masked() =>
        RedactedConfiguration.Redact("ConnectionStrings:Reporting", "Server=db;Uid=reader;Pwd=ZZSECRET-db")!.ShouldNotContain("ZZSECRET");

    [Fact]
    public void A_connection_string_that_cannot_be_parsed_is_masked_whole() =>
        RedactedConfiguration.Redact("ConnectionStrings:PivotCase", "Host=db;Password='ZZSECRET").ShouldBe(RedactedConfiguration.Mask);

    [Theory]
    [InlineData("Statistics:FirstYear", "2026")]
    [InlineData("Logging:LogLevel:Default", "Information")]
    [InlineData("Auth:Issuer", "pivotcase")]
    [InlineData("Projections:Daemon", "HotCold")]
    [InlineData("PWD", "/srv/pivotcase")]
    public void Other_settings_are_shown_as_they_are(string key, string value) =>
        RedactedConfiguration.Redact(key, value).ShouldBe(value);
}
