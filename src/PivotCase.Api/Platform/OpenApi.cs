using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PivotCase.Api.Platform.Idempotency;

namespace PivotCase.Api.Platform;

/// <summary>The OpenAPI document API clients of member organisations generate their code from.</summary>
public static class OpenApi
{
    public static IServiceCollection AddPivotCaseOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options => options.AddSchemaTransformer(DescribeEnums).AddSchemaTransformer(NameEnumKeys)
            .AddOperationTransformer(NameOperation).AddOperationTransformer(DescribeIdempotencyKey).AddOperationTransformer(DescribeErrors)
            .AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "PivotCase API",
                Version = "v1",
                Description = "Case tracking for the pivot caseworkers of Quebec's coalition against human trafficking. " +
                              "Errors are RFC 9457 problem+json; enumerations are snake_case strings; dates are YYYY-MM-DD."
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A JWT with the claims sub, name, role (caseworker, supervisor, researcher, coordinator) and org."
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] }];
            DescribeHealth(document);
            return Task.CompletedTask;
        }));

    /// <summary>
    /// A stable operation id for generated clients (Kiota, NSwag name their methods after it): the endpoint's class
    /// without its "Endpoint" suffix, as <c>PlanStep</c> or <c>GetCase</c>. Without it they invent names from the route.
    /// </summary>
    private static Task NameOperation(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken _)
    {
        const string suffix = "Endpoint";
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<Wolverine.Http.HttpChain>().FirstOrDefault()?.Method.HandlerType is { } type
            && type.Name.EndsWith(suffix, StringComparison.Ordinal))
            operation.OperationId = type.Name[..^suffix.Length];
        return Task.CompletedTask;
    }

    /// <summary><c>GET /health</c> is a health-check endpoint, which the document generator does not see.</summary>
    private static void DescribeHealth(OpenApiDocument document)
    {
        var status = new OpenApiSchema { Type = JsonSchemaType.String, Enum = ["healthy", "degraded", "unhealthy"] };
        var report = new OpenApiMediaType
        {
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["status"] = status,
                    ["checks"] = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Array,
                        Items = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Properties = new Dictionary<string, IOpenApiSchema>
                            {
                                ["name"] = new OpenApiSchema { Type = JsonSchemaType.String },
                                ["status"] = status,
                                ["durationMs"] = new OpenApiSchema { Type = JsonSchemaType.Number },
                                [ProjectionLagHealthCheck.EventsBehind] = new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.Null },
                                [ProjectionLagHealthCheck.OldestUnprojectedSeconds] =
                                    new OpenApiSchema { Type = JsonSchemaType.Number | JsonSchemaType.Null }
                            }
                        }
                    }
                }
            }
        };
        document.Paths ??= new OpenApiPaths();
        document.Paths["/health"] = new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Get] = new()
                {
                    OperationId = "GetHealth",
                    Summary = "Liveness, database reachability and how far the async projections lag; no token needed, never rate limited.",
                    Security = [],
                    Responses = new OpenApiResponses
                    {
                        ["200"] = new OpenApiResponse
                        {
                            Description = "Healthy, or degraded while the async projections lag behind the events.",
                            Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = report }
                        },
                        ["503"] = new OpenApiResponse
                        {
                            Description = "Unhealthy: the database cannot be reached.",
                            Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = report }
                        }
                    }
                }
            }
        };
    }

    /// <summary>Every write takes an optional Idempotency-Key, and answers 422 when the key was used for another request.</summary>
    private static async Task DescribeIdempotencyKey(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken token)
    {
        if (!context.Description.ActionDescriptor.EndpointMetadata.OfType<IdempotentWrite>().Any()) return;

        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = IdempotencyKey.Header,
            In = ParameterLocation.Header,
            Required = false,
            Description = "Makes a retry safe: the same key with the same request answers the first (successful) answer again, " +
                          $"with the header {IdempotentAnswer.ReplayedHeader}: true, and records nothing more; the same key " +
                          "with another method, path or body answers 422. Keys belong to the user and are kept " +
                          $"{new IdempotencyOptions().RetainHours} hours by default. {IdempotencyKey.Syntax}",
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String, MinLength = 1, MaxLength = IdempotencyKey.MaxLength, Pattern = "^[!-~]+$"
            }
        });
        operation.Responses ??= new OpenApiResponses();
        operation.Responses["422"] = new OpenApiResponse
        {
            Description = "The Idempotency-Key was used for another request.",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, token) }
            }
        };
    }

    /// <summary>
    /// The errors every operation may answer, as problem+json (api.md's conventions): 401 and 403 everywhere (every
    /// /api route needs a token and a role), 429 everywhere (rate limits), 404 on routes that name a case, an incident
    /// entry or a member to read (a PUT creates the member it names), and on writes 413 (body over 256 KB) and 409 (on a
    /// case, an entry or a member, a stale expectedVersion, or the state; a duplicate directory code; on every write, a
    /// retry whose first attempt is still running). The 400 and 422 come from Wolverine and <see cref="DescribeIdempotencyKey"/>.
    /// </summary>
    private static async Task DescribeErrors(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken token)
    {
        var route = context.Description.RelativePath ?? string.Empty;
        if (!route.StartsWith("api/", StringComparison.Ordinal)) return;

        var write = context.Description.HttpMethod is "POST" or "PUT";
        var caseRoute = route.StartsWith("api/cases/{id}", StringComparison.Ordinal);
        var incidentRoute = route.StartsWith("api/privacy/incidents/{id}", StringComparison.Ordinal);
        var problem = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, token);
        operation.Responses ??= new OpenApiResponses();
        foreach (var (status, description) in new (int Status, string Description)[]
                 {
                     (401, "No token, or a token that is invalid or expired."),
                     (403, "The caller's role may not use this endpoint."),
                     (404, caseRoute ? "No such case, or not visible to the caller."
                         : incidentRoute ? "No such entry in a register the caller keeps."
                         : route.Contains('{') && !write ? "No such member." : ""),
                     (409, !write ? ""
                         : caseRoute ? "The expectedVersion is stale, the case's state refuses the write (a closed case, a step already done, no consent, as many steps or entries as a case may hold…), or a request with this Idempotency-Key is still being processed."
                         : incidentRoute
                             ? "The expectedVersion is stale, the entry holds as many additions or notices as it may, or a request with this Idempotency-Key is still being processed."
                         : route == "api/directory/organizations"
                             ? "A member with this code exists already, or a request with this Idempotency-Key is still being processed."
                         : route == "api/directory/organizations/{code}"
                             ? "The expectedVersion is stale (the member was changed since it was read), or a request with this Idempotency-Key is still being processed."
                         : "A request with this Idempotency-Key is still being processed."),
                     (413, write ? "The body is larger than 256 KB." : ""),
                     (429, "Too many requests: wait for the number of seconds the Retry-After header gives."),
                     (503, write && caseRoute
                         ? "The case cannot take this change until an administrator finishes an upgrade of PivotCase; try again later."
                         : "")
                 })
        {
            if (description.Length == 0)
            {
                operation.Responses.Remove(status.ToString()); // Wolverine lists a 404 even where no id can be missing
                continue;
            }

            operation.Responses[status.ToString()] = new OpenApiResponse
            {
                Description = description,
                Headers = status == 429
                    ? new Dictionary<string, IOpenApiHeader>
                    {
                        ["Retry-After"] = new OpenApiHeader
                        {
                            Description = "Seconds to wait before trying again.", Schema = new OpenApiSchema { Type = JsonSchemaType.Integer }
                        }
                    }
                    : null,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = problem } }
            };
        }
    }

    /// <summary>
    /// Enumerations are snake_case strings with a fixed set of values, and a list of them says so for its items; the
    /// API's own converter (<see cref="Json"/>) hides both from the document generator, which would describe them as
    /// any value.
    /// </summary>
    private static Task DescribeEnums(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken _)
    {
        var type = context.JsonTypeInfo.Type;
        if ((Nullable.GetUnderlyingType(type) ?? type) is { IsEnum: true } enumType)
        {
            schema.Type = Nullable.GetUnderlyingType(type) is null ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
            schema.Enum = ContractNames(enumType);
        }
        else if (type != typeof(string) && ElementTypeOf(type) is { IsEnum: true } itemType && schema.Items is null)
        {
            schema.Items = new OpenApiSchema { Type = JsonSchemaType.String, Enum = ContractNames(itemType) };
        }

        return Task.CompletedTask;
    }

    private static Type? ElementTypeOf(Type type) => type.GetInterfaces().Append(type)
        .FirstOrDefault(candidate => candidate.IsGenericType && candidate.GetGenericTypeDefinition() == typeof(IEnumerable<>))
        ?.GetGenericArguments()[0];

    /// <summary>
    /// A dictionary keyed by an enumeration (recovery scores by domain) is a JSON object whose property names are the
    /// enumeration's snake_case values; without this the document allows any key.
    /// </summary>
    private static Task NameEnumKeys(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken _)
    {
        var dictionary = context.JsonTypeInfo.Type.GetInterfaces().Append(context.JsonTypeInfo.Type)
            .FirstOrDefault(type => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>));
        if (dictionary?.GetGenericArguments()[0] is { IsEnum: true } keyType)
            schema.PropertyNames = new OpenApiSchema { Type = JsonSchemaType.String, Enum = ContractNames(keyType) };
        return Task.CompletedTask;
    }

    private static List<JsonNode> ContractNames(Type enumType) => enumType.GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (JsonNode)(field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
                                    ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(field.Name)))
        .ToList();
}
