using System.Text;
using Microsoft.IdentityModel.Tokens;
using PivotCase.Api.Platform.Auth;
using PivotCase.Tests.Steps;
using PivotCase.Tests.Cases;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Security;

/// <summary>
/// Bearer tokens: anything but a valid, unexpired HS256 token of the configured issuer and audience is 401
/// (problem+json); a valid token that does not name the organisation is 403; health and OpenAPI are public.
/// </summary>
public sealed class AuthenticationTests(AppFixture app) : IntegrationTest(app), IAsyncLifetime
{
    Task IAsyncLifetime.InitializeAsync() => this.RewindClockAndResetAsync(App);
    Task IAsyncLifetime.DisposeAsync() => this.RewindClockAndDisposeAsync(App);

    public static readonly TheoryData<string, string> RoutesAndBadTokens = Cross(
        ["GET /api/cases", "POST /api/cases"],
        [
            "no token", "empty bearer", "malformed", "three garbage segments", "basic scheme", "expired an hour ago",
            "expired a minute ago", "expired 50 seconds ago", "not yet valid", "valid 50 seconds from now", "wrong issuer", "wrong audience", "wrong signature", "alg none",
            "alg none uppercase", "alg none with the original signature", "HS512 with the configured key",
            "HS384 with the configured key", "signature stripped"
        ]);

    [Theory]
    [MemberData(nameof(RoutesAndBadTokens))]
    public async Task A_missing_or_invalid_token_is_401_problem_json_and_nothing_is_recorded(string route, string token)
    {
        var (method, url) = Split(route);
        var before = await App.AllEventCount();

        var response = await Send(method, url, method == HttpMethod.Post ? Bodies.NewCase() : null, Authorization(token));

        response.Status.ShouldBe(401, $"{token}: {response.Body}");
        response.IsProblem.ShouldBeTrue($"{token}: content type {response.ContentType}, body '{response.Body}'");
        response.Json["status"]!.GetValue<int>().ShouldBe(401);
        response.Json["title"].ShouldNotBeNull();
        response.Json["detail"]!.GetValue<string>().ShouldBe("A valid bearer token is required.");
        (await App.AllEventCount()).ShouldBe(before);
    }

    [Theory]
    [InlineData("GET /api/cases", 200)]
    [InlineData("POST /api/cases", 201)]
    public async Task A_hand_made_HS256_token_with_the_right_claims_is_accepted(string route, int expected)
    {
        // The control for the hand-made bad tokens above: the same builder with nothing wrong is accepted.
        var (method, url) = Split(route);

        var response = await Send(method, url, method == HttpMethod.Post ? Bodies.NewCase() : null,
            "Bearer " + JwtTokens.Signed(App.Auth, JwtTokens.CaseworkerClaims()));

        response.Status.ShouldBe(expected, response.Body);
    }

    /// <summary>
    /// api.md allows at most 30 s of clock skew: tokens 10 s past their lifetime are accepted, and the bad tokens above
    /// include the same two 50 s past it (20 s on each side of the limit, for a slow machine).
    /// </summary>
    [Fact]
    public async Task Clocks_may_differ_by_up_to_thirty_seconds()
    {
        var expired10SecondsAgo = ExpiringAt(DateTimeOffset.UtcNow.AddSeconds(-10));
        var valid10SecondsFromNow = DevelopmentTokens.Create(App.Auth, "worker-1", "Worker", "cathii", [Roles.Caseworker],
            now: DateTimeOffset.UtcNow.AddSeconds(10), lifetime: TimeSpan.FromHours(1));

        (await Send(HttpMethod.Get, "/api/cases", null, "Bearer " + expired10SecondsAgo)).Status.ShouldBe(200);
        (await Send(HttpMethod.Get, "/api/cases", null, "Bearer " + valid10SecondsFromNow)).Status.ShouldBe(200);
    }

    private string ExpiringAt(DateTimeOffset expiry) => DevelopmentTokens.Create(App.Auth, "worker-1", "Worker", "cathii",
        [Roles.Caseworker], now: expiry.AddMinutes(-10), lifetime: TimeSpan.FromMinutes(10));

    [Theory]
    [InlineData("GET /api/cases")]
    [InlineData("POST /api/cases")]
    public async Task A_token_without_the_org_claim_is_403(string route)
    {
        var (method, url) = Split(route);

        var response = await Send(method, url, method == HttpMethod.Post ? Bodies.NewCase() : null,
            "Bearer " + JwtTokens.Signed(App.Auth, JwtTokens.CaseworkerClaims(without: Caller.OrganizationClaim)));

        response.Status.ShouldBe(403, response.Body);
        response.IsProblem.ShouldBeTrue();
        (await App.AllEventCount()).ShouldBe(0);
    }

    [Theory]
    [InlineData("GET /api/cases")]
    [InlineData("POST /api/cases")]
    public async Task A_token_without_the_sub_claim_is_403(string route)
    {
        var (method, url) = Split(route);

        var response = await Send(method, url, method == HttpMethod.Post ? Bodies.NewCase() : null,
            "Bearer " + JwtTokens.Signed(App.Auth, JwtTokens.CaseworkerClaims(without: Caller.UserIdClaim)));

        response.Status.ShouldBe(403, response.Body);
        response.IsProblem.ShouldBeTrue();
        (await App.AllEventCount()).ShouldBe(0);
    }

    [Fact]
    public async Task A_token_with_an_empty_org_claim_cannot_open_a_case()
    {
        // Access is organisation-scoped: an empty organisation is no organisation, and a case must not be recorded
        // as belonging to nobody.
        var claims = JwtTokens.CaseworkerClaims();
        claims[Caller.OrganizationClaim] = "";

        var response = await Send(HttpMethod.Post, "/api/cases", Bodies.NewCase(), "Bearer " + JwtTokens.Signed(App.Auth, claims));

        response.Status.ShouldBe(403, response.Body);
        (await App.AllEventCount()).ShouldBe(0);
    }

    [Fact]
    public async Task Health_is_public()
    {
        var response = await Send(HttpMethod.Get, "/health", null, null);

        response.Status.ShouldBe(200, response.Body);
    }

    [Fact]
    public async Task Health_ignores_a_bad_token()
    {
        var response = await Send(HttpMethod.Get, "/health", null, "Bearer not-a-token");

        response.Status.ShouldBe(200, response.Body);
    }

    [Fact]
    public async Task The_OpenAPI_document_is_public_and_describes_the_case_and_step_endpoints()
    {
        var response = await Send(HttpMethod.Get, "/openapi/v1.json", null, null);

        response.Status.ShouldBe(200);
        var paths = response.Json["paths"].ShouldNotBeNull().AsObject();
        foreach (var path in new[]
                 {
                     "/api/cases", "/api/cases/{id}", "/api/cases/{id}/history", "/api/cases/{id}/steps",
                     "/api/cases/{id}/steps/{stepId}/start", "/api/cases/{id}/steps/{stepId}/complete",
                     "/api/cases/{id}/steps/{stepId}/cancel", "/api/cases/{id}/close", "/api/cases/{id}/reopen"
                 })
            paths.ContainsKey(path).ShouldBeTrue($"OpenAPI lacks {path}; it has {string.Join(", ", paths.Select(p => p.Key))}");
    }

    private string? Authorization(string kind)
    {
        var auth = App.Auth;
        var claims = JwtTokens.CaseworkerClaims();
        var valid = JwtTokens.Signed(auth, claims);
        var configuredKey = Encoding.UTF8.GetBytes(auth.SigningKey!);
        return kind switch
        {
            "no token" => null,
            "empty bearer" => "Bearer ",
            "malformed" => "Bearer not-a-jwt",
            "three garbage segments" => "Bearer abc.def.ghi",
            "basic scheme" => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("worker-1:password")),
            "expired an hour ago" => "Bearer " + DevelopmentTokens.Create(auth, "worker-1", "Worker", "cathii", [Roles.Caseworker],
                now: DateTimeOffset.UtcNow.AddHours(-2), lifetime: TimeSpan.FromHours(1)),
            "expired a minute ago" => "Bearer " + DevelopmentTokens.Create(auth, "worker-1", "Worker", "cathii", [Roles.Caseworker],
                now: DateTimeOffset.UtcNow.AddMinutes(-11), lifetime: TimeSpan.FromMinutes(10)),
            "expired 50 seconds ago" => "Bearer " + ExpiringAt(DateTimeOffset.UtcNow.AddSeconds(-50)),
            "not yet valid" => "Bearer " + DevelopmentTokens.Create(auth, "worker-1", "Worker", "cathii", [Roles.Caseworker],
                now: DateTimeOffset.UtcNow.AddMinutes(5), lifetime: TimeSpan.FromHours(1)),
            "valid 50 seconds from now" => "Bearer " + DevelopmentTokens.Create(auth, "worker-1", "Worker", "cathii",
                [Roles.Caseworker], now: DateTimeOffset.UtcNow.AddSeconds(50), lifetime: TimeSpan.FromHours(1)),
            "wrong issuer" => "Bearer " + DevelopmentTokens.Create(auth.With(issuer: "someone-else"), "worker-1", "Worker",
                "cathii", [Roles.Caseworker], DateTimeOffset.UtcNow, TimeSpan.FromHours(1)),
            "wrong audience" => "Bearer " + DevelopmentTokens.Create(auth.With(audience: "another-api"), "worker-1", "Worker",
                "cathii", [Roles.Caseworker], DateTimeOffset.UtcNow, TimeSpan.FromHours(1)),
            "wrong signature" => "Bearer " + DevelopmentTokens.Create(
                auth.With(signingKey: "an-entirely-different-signing-key-of-enough-length"), "worker-1", "Worker", "cathii",
                [Roles.Caseworker], DateTimeOffset.UtcNow, TimeSpan.FromHours(1)),
            "alg none" => "Bearer " + JwtTokens.Unsigned(auth, claims),
            "alg none uppercase" => "Bearer " + JwtTokens.Unsigned(auth, claims, alg: "None"),
            "alg none with the original signature" =>
                "Bearer " + JwtTokens.Unsigned(auth, claims).TrimEnd('.') + "." + valid.Split('.')[2],
            // IdentityModel wants at least 512 bits for HS512. HMAC zero-pads a key to the hash block size, so the
            // configured key padded with zeros gives exactly the HS512 signature of the configured key itself.
            "HS512 with the configured key" => "Bearer " + JwtTokens.Signed(auth, claims, SecurityAlgorithms.HmacSha512,
                key: configuredKey.Length >= 64 ? configuredKey : [.. configuredKey, .. new byte[64 - configuredKey.Length]]),
            "HS384 with the configured key" => "Bearer " + JwtTokens.Signed(auth, claims, SecurityAlgorithms.HmacSha384,
                key: configuredKey),
            "signature stripped" => "Bearer " + valid[..(valid.LastIndexOf('.') + 1)],
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null)
        };
    }

    private static (HttpMethod Method, string Url) Split(string route)
    {
        var parts = route.Split(' ', 2);
        return (new HttpMethod(parts[0]), parts[1]);
    }

    private static TheoryData<string, string> Cross(string[] routes, string[] kinds)
    {
        var data = new TheoryData<string, string>();
        foreach (var route in routes)
        foreach (var kind in kinds)
            data.Add(route, kind);
        return data;
    }
}
