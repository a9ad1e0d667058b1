using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using JasperFx.Events;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;

namespace PivotCase.Tests.Support;

/// <summary>
/// Base of the HTTP tests: a clean database per test, tokens per user, raw-JSON requests through the whole
/// pipeline, and direct reads of the event store to check what a request really recorded.
/// </summary>
[Collection(ApiCollection.Name)]
public abstract class IntegrationTest(AppFixture app) : IAsyncLifetime
{
    protected static readonly TestUser Worker = TestUser.Caseworker();
    protected static readonly TestUser OtherOrgWorker = TestUser.Caseworker("autre", "worker-9");
    protected static readonly TestUser Supervisor = TestUser.Supervisor();

    protected AppFixture App { get; } = app;

    public Task InitializeAsync() => App.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    protected static string Json(object body) => body as string ?? JsonSerializer.Serialize(body);

    protected Task<ApiResponse> Post(string url, object? body, TestUser? user, int? expectedStatus = null) =>
        Send(HttpMethod.Post, url, body, user is null ? null : Bearer(user), expectedStatus);

    protected Task<ApiResponse> Get(string url, TestUser? user, int? expectedStatus = null) =>
        Send(HttpMethod.Get, url, null, user is null ? null : Bearer(user), expectedStatus);

    protected string Bearer(TestUser user) => "Bearer " + user.TokenFrom(App.Auth, DateTimeOffset.UtcNow);

    protected async Task<ApiResponse> Send(HttpMethod method, string url, object? body, string? authorization,
        int? expectedStatus = null, IDictionary<string, string>? headers = null)
    {
        var result = await App.Host.Scenario(scenario =>
        {
            var send = method == HttpMethod.Get ? scenario.Get : method == HttpMethod.Put ? scenario.Put : scenario.Post;
            if (body is null) send.Url(url);
            else send.RawJson(body as string ?? JsonSerializer.Serialize(body)).ToUrl(url);

            if (authorization is not null) scenario.WithRequestHeader("Authorization", authorization);
            foreach (var (name, value) in headers ?? new Dictionary<string, string>())
                scenario.WithRequestHeader(name, value);
            scenario.IgnoreStatusCode();
        });

        var response = new ApiResponse(result.Context.Response.StatusCode, await result.ReadAsTextAsync(),
            result.Context.Response.ContentType, result.Context.Response.Headers.ToDictionary(h => h.Key, h => h.Value.ToString()));
        if (expectedStatus is { } status && response.Status != status)
            throw new Xunit.Sdk.XunitException($"Expected {status} from {method} {url}, got {response.Status}: {response.Body}");
        return response;
    }

    /// <summary>Opens a case as <paramref name="user"/> and returns its id.</summary>
    protected async Task<Guid> OpenCase(TestUser? user = null, object? body = null)
    {
        var response = await Post("/api/cases", body ?? Bodies.NewCase(), user ?? Worker, 201);
        return response.Json["id"]!.GetValue<Guid>();
    }

    protected async Task<Guid> PlanStep(Guid caseId, object? body = null, TestUser? user = null)
    {
        var response = await Post($"/api/cases/{caseId}/steps",
            body ?? new { domain = "housing", title = "Emergency shelter placement", timeframe = "immediate" }, user ?? Worker, 201);
        return response.Json["stepId"]!.GetValue<Guid>();
    }

    /// <summary>
    /// A caseworker of "maison", a directory member holding an accepted referral of the case under the survivor's consent
    /// to share with it (three events on the case).
    /// </summary>
    protected async Task<TestUser> PartnerCaseworkerOf(Guid caseId)
    {
        var partner = TestUser.Caseworker("maison", "worker-5");
        await Post("/api/directory/organizations", Directory.Organizations.Body("maison"), TestUser.Coordinator(), 201);
        await Post($"/api/cases/{caseId}/consents", new { scope = "share_with_organization", organization = "maison", givenOn = "2026-03-02" },
            Worker, 201);
        var referral = (await Post($"/api/cases/{caseId}/referrals", new { toOrganization = "maison", domain = "legal" }, Worker, 201))
            .Json["referralId"];
        await Post($"/api/cases/{caseId}/referrals/{referral}/accept", new { }, partner, 200);
        return partner;
    }

    /// <summary>Waits until the async daemon has projected every event appended so far (never a sleep).</summary>
    protected Task ProjectionsCaughtUp() => App.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(15));

    protected async Task<IReadOnlyList<IEvent>> Stream(Guid caseId)
    {
        await using var session = App.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.Events.FetchStreamAsync(caseId);
    }

    /// <summary>
    /// Takes fields out of a case's stored write model, as a snapshot stored by an older version of the API lacks them.
    /// </summary>
    protected async Task WriteModelStoredWithout(Guid caseId, params string[] fields)
    {
        var store = App.Host.Services.GetRequiredService<IDocumentStore>();
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var strip = new Npgsql.NpgsqlCommand(
            $"update {store.Options.Schema.For(typeof(PivotCase.Api.Cases.Case))} set data = data - @fields::text[] where id = @id", connection);
        strip.Parameters.AddWithValue("fields", fields);
        strip.Parameters.AddWithValue("id", caseId);
        (await strip.ExecuteNonQueryAsync()).ShouldBe(1);
    }

    protected async Task<T?> Load<T>(Guid id) where T : notnull
    {
        await using var session = App.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.LoadAsync<T>(id);
    }
}

public sealed record ApiResponse(int Status, string Body, string? ContentType, IReadOnlyDictionary<string, string> Headers)
{
    public JsonNode Json => JsonNode.Parse(Body)!;

    public JsonObject? Errors => Json["errors"] as JsonObject;

    public bool IsProblem => ContentType?.StartsWith("application/problem+json", StringComparison.Ordinal) == true;
}

/// <summary>Request bodies used across the slices.</summary>
public static class Bodies
{
    public const string Canary = "ZZCANARY";

    public static object NewCase(object? personalDetails = null, string? openedOn = null, string region = "06") => new
    {
        accessPoint = "police",
        exploitationTypes = new[] { "sexual_exploitation", "forced_labour" },
        trafficking = "international",
        ageGroup = "18_24",
        gender = "woman",
        region,
        openedOn,
        personalDetails
    };

    public static object CanaryDetails => new
    {
        fullName = $"{Canary} Marie-Ange",
        alias = $"{Canary}-alias",
        dateOfBirth = "2004-05-06",
        phone = "514-555-0199",
        email = "zzcanary@example.org",
        languages = new[] { "fr", "tir" },
        notes = $"{Canary} notes"
    };
}
