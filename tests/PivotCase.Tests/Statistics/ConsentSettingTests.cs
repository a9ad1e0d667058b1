using Alba;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Statistics;

/// <summary>
/// Statistics:RequireResearchConsent is read at start-up, so the shared host cannot show both settings: a second API
/// process on the same database, configured without the requirement, reads the rows the shared host projected.
/// </summary>
public sealed class ConsentSettingTests(AppFixture app) : StatisticsTest(app)
{
    [Fact]
    public async Task Without_the_consent_requirement_every_case_is_counted()
    {
        var profile = new Profile("06", "domestic", "woman", "25_34", ["forced_labour"]);
        await OpenCases(10, profile);
        await OpenCases(10, profile with { Region = "03" });
        await OpenCases(5, profile, consent: false);

        var counted = await Statistics("/api/statistics/cases?groupBy=region");
        CountsBy(counted, "region")["06"].ShouldBe(10);
        counted["consentRequired"]!.GetValue<bool>().ShouldBeTrue();

        await using var withoutConsent = await AlbaHost.For<Program>(builder =>
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("ConnectionStrings:PivotCase", App.ConnectionString);
            builder.UseSetting("Statistics:RequireResearchConsent", "false");
            builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(App.Clock));
        });
        var response = await withoutConsent.Scenario(scenario =>
        {
            scenario.Get.Url("/api/statistics/cases?groupBy=region");
            scenario.WithRequestHeader("Authorization", Bearer(Researcher));
        });
        var answer = System.Text.Json.Nodes.JsonNode.Parse(await response.ReadAsTextAsync())!;

        CountsBy(answer, "region")["06"].ShouldBe(15);
        answer["consentRequired"]!.GetValue<bool>().ShouldBeFalse();
        answer["notes"]!.AsArray().ShouldContain(note => note!.GetValue<string>().Contains("does not require research consent"));
    }
}
