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
        services.AddOpenApi(options => options.AddSchemaTransformer(NameEnumKeys).AddOperationTransformer(DescribeIdempotencyKey)
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
            return Task.CompletedTask;
        }));

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
    /// A dictionary keyed by an enumeration (recovery scores by domain) is a JSON object whose property names are the
    /// enumeration's snake_case values; without this the document allows any key.
    /// </summary>
    private static Task NameEnumKeys(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken _)
    {
        var dictionary = context.JsonTypeInfo.Type.GetInterfaces().Append(context.JsonTypeInfo.Type)
            .FirstOrDefault(type => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>));
        if (dictionary?.GetGenericArguments()[0] is { IsEnum: true } keyType)
            schema.PropertyNames = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = keyType.GetFields(BindingFlags.Public | BindingFlags.Static)
                    .Select(field => (JsonNode)(field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
                                                ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(field.Name)))
                    .ToList()
            };
        return Task.CompletedTask;
    }
}
