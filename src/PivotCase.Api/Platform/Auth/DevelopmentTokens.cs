using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PivotCase.Api.Platform.Auth;

/// <summary>Mints HS256 tokens with the configured signing key, for development and tests.</summary>
public static class DevelopmentTokens
{
    public static string Create(
        AuthOptions options, string userId, string name, string organization, IEnumerable<string> roles,
        DateTimeOffset now, TimeSpan lifetime)
    {
        if (options.SigningKey is null)
            throw new InvalidOperationException("Auth:SigningKey is not configured; tokens come from the identity provider.");

        var claims = new List<Claim>
        {
            new(Caller.UserIdClaim, userId),
            new(Caller.NameClaim, name),
            new(Caller.OrganizationClaim, organization)
        };
        claims.AddRange(roles.Select(role => new Claim(Caller.RoleClaim, role)));

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.Add(lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(
                Configuration.SigningKeyFrom(options.SigningKey), SecurityAlgorithms.HmacSha256)
        });
    }
}
