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
        refused.Headers.RetryAfter.ShouldNotBeNull().Delta.ShouldNotBeNull().TotalSeconds.ShouldBe(10); // one window segment
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await refused.Content.ReadAsStringAsync()).ShouldContain("\"status\":429");
        (await colleague.GetAsync("/api/cases")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // A client asking for CSV is refused the same way, not with an empty 500.
        using var csv = new HttpRequestMessage(HttpMethod.Get, "/api/cases");
        csv.Headers.Accept.ParseAdd("text/csv");
        var refusedCsv = await worker.SendAsync(csv);
        refusedCsv.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refusedCsv.Headers.RetryAfter.ShouldNotBeNull();
        refusedCsv.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await refusedCsv.Content.ReadAsStringAsync()).ShouldContain("\"status\":429");
    }

    [Fact]
    public async Task Anonymous_requests_count_per_address_and_health_is_never_limited()
    {
        await using var api = await ApiProcess.StartAsync(App.ConnectionString, new Dictionary<string, string>
        {
            ["RateLimiting__PermitsPerUserPerMinute"] = "3",
            ["RateLimiting__PermitsPerOrganizationPerMinute"] = "3"
        });
        using var anonymous = api.Client();
        using var worker = api.Client(TokenOf(Worker));

        for (var request = 0; request < 3; request++)
            (await anonymous.GetAsync("/api/cases")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.GetAsync("/api/cases")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        for (var request = 0; request < 10; request++)
            (await anonymous.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await worker.GetAsync("/api/cases")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Limits_below_one_stop_the_api_at_start_up()
    {
        var start = () => ApiProcess.StartAsync(App.ConnectionString, new Dictionary<string, string>
        {
            ["RateLimiting__PermitsPerUserPerMinute"] = "0"
        });

        var refused = await Should.ThrowAsync<InvalidOperationException>(async () => { await using var api = await start(); });
        refused.Message.ShouldContain("RateLimiting:PermitsPerUserPerMinute and RateLimiting:PermitsPerOrganizationPerMinute must be at least 1");
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
