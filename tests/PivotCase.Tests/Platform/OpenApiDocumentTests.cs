using System.Text.Json.Nodes;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Platform;

/// <summary>The OpenAPI document is what member organisations generate their clients from: it must say what the API does.</summary>
public sealed class OpenApiDocumentTests(AppFixture app) : IntegrationTest(app)
{
    private async Task<JsonNode> Document() => (await Get("/openapi/v1.json", null, 200)).Json;

    private static IEnumerable<string> Values(JsonNode? array) => array!.AsArray().Select(value => value!.GetValue<string>());

    [Fact]
    public async Task Enumerations_are_strings_with_the_contracts_snake_case_values_in_lists_too()
    {
        var schemas = (await Document())["components"]!["schemas"]!;

        schemas["AccessPoint"]!["type"]!.GetValue<string>().ShouldBe("string");
        Values(schemas["AccessPoint"]!["enum"]).ShouldBe(["police", "health", "community", "youth_protection", "legal_aid",
            "victim_assistance", "hotline", "self_referral", "other"]);
        Values(schemas["AgeGroup"]!["enum"]).ShouldBe(["under_14", "14_17", "18_24", "25_34", "35_49", "50_plus"]);
        Values(schemas["ClosureReason"]!["enum"]).ShouldBe(["goals_met", "moved", "lost_contact", "declined_services", "transferred", "other"]);
        Values(schemas["OpenCase"]!["properties"]!["exploitationTypes"]!["items"]!["enum"])
            .ShouldBe(["sexual_exploitation", "forced_labour", "forced_marriage", "forced_criminality", "domestic_servitude", "other"]);
        Values(schemas["ServiceDomain"]!["enum"]).ShouldContain("youth_protection");

        schemas.AsObject().Where(schema => schema.Value!.AsObject().Count == 0).Select(schema => schema.Key)
            .ShouldBeEmpty("a schema that allows any value");
    }

    [Fact]
    public async Task Every_operation_lists_the_errors_of_the_contract_as_problem_json()
    {
        var paths = (await Document())["paths"]!.AsObject();

        foreach (var (route, item) in paths.Where(path => path.Key.StartsWith("/api/", StringComparison.Ordinal)))
        foreach (var (method, operation) in item!.AsObject())
        {
            var codes = operation!["responses"]!.AsObject().Select(response => response.Key).ToList();
            var expected = new List<string> { "401", "403", "429" };
            var createsWhatItNames = method == "put" && route == "/api/directory/organizations/{code}";
            if (route.Contains('{') && !createsWhatItNames) expected.Add("404");
            if (method is "post" or "put") expected.AddRange(["400", "409", "413", "422"]);
            expected.ShouldBeSubsetOf(codes, $"{method} {route}");
            if (!route.Contains('{') || createsWhatItNames) codes.ShouldNotContain("404", $"{method} {route}: nothing in it can be missing");
            operation["responses"]!["429"]!["content"]!["application/problem+json"].ShouldNotBeNull($"{method} {route}");
            operation["responses"]!["429"]!["headers"]!["Retry-After"].ShouldNotBeNull($"{method} {route}");
        }
    }

    [Theory]
    [InlineData("/api/cases", "post", "A request with this Idempotency-Key is still being processed.")]
    [InlineData("/api/privacy/incidents", "post", "A request with this Idempotency-Key is still being processed.")]
    [InlineData("/api/directory/organizations/{code}", "put",
        "The expectedVersion is stale (the member was changed since it was read), or a request with this Idempotency-Key is still being processed.")]
    [InlineData("/api/directory/organizations", "post", "A member with this code exists already, or a request with this Idempotency-Key is still being processed.")]
    public async Task A_409_is_described_by_what_can_cause_it_on_that_route(string route, string method, string description)
    {
        var operation = (await Document())["paths"]![route]![method]!;

        operation["responses"]!["409"]!["description"]!.GetValue<string>().ShouldBe(description);
        operation["responses"]!["409"]!["content"]!["application/problem+json"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Every_operation_has_a_unique_stable_operation_id_and_health_is_described()
    {
        var paths = (await Document())["paths"]!.AsObject();

        var ids = paths.SelectMany(path => path.Value!.AsObject().Select(operation =>
            (Operation: $"{operation.Key} {path.Key}", Id: operation.Value!["operationId"]?.GetValue<string>()))).ToList();
        ids.Where(pair => pair.Id is null || !System.Text.RegularExpressions.Regex.IsMatch(pair.Id, "^[A-Z][A-Za-z0-9]+$"))
            .Select(pair => pair.Operation).ShouldBeEmpty("operations without a usable operationId");
        ids.GroupBy(pair => pair.Id).Where(group => group.Count() > 1).Select(group => group.Key).ShouldBeEmpty("repeated operationIds");
        ids.ShouldContain(("post /api/cases/{id}/steps", "PlanStep"));
        ids.ShouldContain(("get /api/cases/{id}", "GetCase"));

        var health = paths["/health"]!["get"]!;
        health["operationId"]!.GetValue<string>().ShouldBe("GetHealth");
        health["security"]!.AsArray().ShouldBeEmpty();
        health["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["properties"]!["status"]!["enum"]!.AsArray()
            .Select(value => value!.GetValue<string>()).ShouldBe(["healthy", "degraded", "unhealthy"]);
        health["responses"]!["503"].ShouldNotBeNull();
    }
}
