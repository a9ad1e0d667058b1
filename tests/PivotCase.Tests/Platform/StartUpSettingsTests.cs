using PivotCase.Tests.Support;

namespace PivotCase.Tests.Platform;

/// <summary>A setting the API cannot work with stops it at start-up with a message naming the setting.</summary>
public sealed class StartUpSettingsTests(AppFixture app) : IntegrationTest(app)
{
    [Theory]
    [InlineData("Privacy__RetentionSweepInterval", "60.00:00:00", "Privacy:RetentionSweepInterval must be between one minute and seven days")]
    [InlineData("Idempotency__SweepInterval", "00:00:30", "Idempotency:SweepInterval must be between one minute and seven days")]
    [InlineData("Privacy__RetainPersonalDetailsDays", "1000000", "Privacy:RetainPersonalDetailsDays must be between 1 and 36500")]
    [InlineData("Coalition__TimeZone", "America/Montreall", "Coalition:TimeZone 'America/Montreall' is not a time zone this machine knows")]
    public async Task A_setting_out_of_bounds_stops_the_api_at_start_up(string variable, string value, string message)
    {
        var start = () => ApiProcess.StartAsync(App.ConnectionString, new Dictionary<string, string> { [variable] = value });

        var refused = await Should.ThrowAsync<InvalidOperationException>(async () => { await using var api = await start(); });
        refused.Message.ShouldContain(message);
    }
}
