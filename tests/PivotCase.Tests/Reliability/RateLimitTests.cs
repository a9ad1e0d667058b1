using System.Net;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Reliability;

/// <summary>The limits are checked on a real API process configured with small limits (the shared host's are lifted).</summary>
public sealed class RateLimitTests(AppFixture app) : IntegrationTest(app)
{
    private string TokenOf(TestUser user) => user.TokenFrom(App.Auth, DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_user_over_the_limit_gets_429_with_retry_after_while_another_user_goes_on()
    {
        await using var api = await ApiProcess.StartAsync(App.ConnectionString, new Dictionary<string, string>
        {
            ["RateLimiting__PermitsPerUserPerMinute"] = "5",
            ["RateLimiting__PermitsPerOrganizationPerMinute"] = "100"
        });
        using var worker = api.Client(TokenOf(Worker));
        using var colleague = api.Client(TokenOf(TestUser.Caseworker("cathii", "worker-2")));

        for (var request = 0; request < 5; request++)
            (await worker.GetAsync("/api/cases")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var refused = await worker.GetAsync("/api/cases");

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter.ShouldNotBeNull().Delta.ShouldNotBeNull().TotalSeconds.ShouldBeInRange(1, 60);
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await refused.Content.ReadAsStringAsync()).ShouldContain("\"status\":429");
        (await colleague.GetAsync("/api/cases")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_organisation_over_its_limit_gets_429_for_all_its_users()
    {
        await using var api = await ApiProcess.StartAsync(App.ConnectionString, new Dictionary<string, string>
        {
            ["RateLimiting__PermitsPerUserPerMinute"] = "100",
            ["RateLimiting__PermitsPerOrganizationPerMinute"] = "6"
        });
        using var first = api.Client(TokenOf(Worker));
        using var second = api.Client(TokenOf(TestUser.Caseworker("cathii", "worker-2")));
        using var otherOrganisation = api.Client(TokenOf(OtherOrgWorker));

        for (var request = 0; request < 3; request++)
        {
            (await first.GetAsync("/api/cases")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await second.GetAsync("/api/cases")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        (await second.GetAsync("/api/cases")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await otherOrganisation.GetAsync("/api/cases")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
