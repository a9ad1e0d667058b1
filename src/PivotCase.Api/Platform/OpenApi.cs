using Microsoft.OpenApi;

namespace PivotCase.Api.Platform;

/// <summary>The OpenAPI document API clients of member organisations generate their code from.</summary>
public static class OpenApi
{
    public static IServiceCollection AddPivotCaseOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
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
}
