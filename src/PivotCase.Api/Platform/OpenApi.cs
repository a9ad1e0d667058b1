using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace PivotCase.Api.Platform;

/// <summary>The OpenAPI document API clients of member organisations generate their code from.</summary>
public static class OpenApi
{
    public static IServiceCollection AddPivotCaseOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options => options.AddSchemaTransformer(NameEnumKeys).AddDocumentTransformer((document, _, _) =>
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
