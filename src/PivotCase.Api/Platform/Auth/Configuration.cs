using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Tokens;

namespace PivotCase.Api.Platform.Auth;

public static class Configuration
{
    public static WebApplicationBuilder AddPivotCaseAuthentication(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        Validate(options, builder.Environment);

        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                jwt.MapInboundClaims = false;
                jwt.Authority = options.Authority;
                jwt.Audience = options.Audience;
                jwt.RequireHttpsMetadata = !builder.Environment.IsDevelopment();
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidateIssuer = true,
                    ValidIssuer = options.Issuer,
                    ValidateAudience = true,
                    ValidAudience = options.Audience,
                    ValidateLifetime = true,
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                    ValidateIssuerSigningKey = true,
                    ClockSkew = AuthOptions.ClockSkew,
                    // Identity.Name is the user id: Wolverine relays it to Marten as the events' user name metadata.
                    NameClaimType = Caller.UserIdClaim,
                    RoleClaimType = Caller.RoleClaim,
                    ValidAlgorithms = options.Authority is null
                        ? [SecurityAlgorithms.HmacSha256]
                        : [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256],
                    IssuerSigningKey = options.SigningKey is null ? null : SigningKeyFrom(options.SigningKey)
                };
            });

        builder.Services.AddAuthorizationBuilder()
            .SetDefaultPolicy(AuthenticatedMember().Build())
            .SetFallbackPolicy(AuthenticatedMember().Build())
            .AddPolicy(Policies.CaseWrite, policy => AuthenticatedMember(policy).RequireRole(Roles.Caseworker))
            .AddPolicy(Policies.Dashboard, policy => AuthenticatedMember(policy).RequireRole(Roles.Supervisor))
            .AddPolicy(Policies.Worklist, policy => AuthenticatedMember(policy).RequireRole(Roles.Caseworker))
            .AddPolicy(Policies.CaseRead,
                policy => AuthenticatedMember(policy).RequireRole(Roles.Caseworker, Roles.Supervisor))
            .AddPolicy(Policies.DirectoryWrite, policy => AuthenticatedMember(policy).RequireRole(Roles.Coordinator))
            .AddPolicy(Policies.DirectoryRead,
                policy => AuthenticatedMember(policy).RequireRole(Roles.Caseworker, Roles.Supervisor, Roles.Coordinator))
            .AddPolicy(Policies.Erasure, policy => AuthenticatedMember(policy).RequireRole(Roles.Coordinator))
            .AddPolicy(Policies.AccessLog,
                policy => AuthenticatedMember(policy).RequireRole(Roles.Supervisor, Roles.Coordinator))
            .AddPolicy(Policies.IncidentRegister,
                policy => AuthenticatedMember(policy).RequireRole(Roles.Supervisor, Roles.Coordinator))
            .AddPolicy(Policies.StatisticsRead,
                policy => AuthenticatedMember(policy).RequireRole(Roles.Researcher, Roles.Coordinator));

        return builder;
    }

    public static SymmetricSecurityKey SigningKeyFrom(string signingKey) => new(Encoding.UTF8.GetBytes(signingKey));

    /// <summary>Every token must name the user and the organisation: access is organisation-scoped.</summary>
    private static AuthorizationPolicyBuilder AuthenticatedMember(AuthorizationPolicyBuilder? policy = null) =>
        (policy ?? new AuthorizationPolicyBuilder())
            .RequireAuthenticatedUser()
            .RequireAssertion(context => HasValue(context.User, Caller.UserIdClaim) && HasValue(context.User, Caller.OrganizationClaim));

    private static bool HasValue(ClaimsPrincipal user, string claim) => !string.IsNullOrWhiteSpace(user.FindFirst(claim)?.Value);

    private static void Validate(AuthOptions options, IHostEnvironment environment)
    {
        if (string.IsNullOrWhiteSpace(options.Issuer) || string.IsNullOrWhiteSpace(options.Audience))
            throw new InvalidOperationException("Auth:Issuer and Auth:Audience must be configured.");

        if (options.Authority is null && options.SigningKey is null)
            throw new InvalidOperationException("Configure either Auth:Authority (OpenID Connect) or Auth:SigningKey.");

        if (options.SigningKey is { Length: < 32 })
            throw new InvalidOperationException("Auth:SigningKey must be at least 32 characters.");

        if (!environment.IsDevelopment() && options.SigningKey == AuthOptions.DevelopmentSigningKey)
            throw new InvalidOperationException(
                "The development signing key cannot be used outside Development: configure Auth:Authority or a secret Auth:SigningKey.");
    }
}
