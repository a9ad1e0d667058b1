using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PivotCase.Api.Platform.Auth;

namespace PivotCase.Tests.Security;

/// <summary>Hand-made tokens, good and bad, for the authentication tests.</summary>
public static class JwtTokens
{
    public static AuthOptions With(this AuthOptions auth, string? issuer = null, string? audience = null, string? signingKey = null) =>
        new()
        {
            Issuer = issuer ?? auth.Issuer,
            Audience = audience ?? auth.Audience,
            Authority = auth.Authority,
            SigningKey = signingKey ?? auth.SigningKey
        };

    /// <summary>The claims of a caseworker of cathii; <paramref name="without"/> leaves claims out.</summary>
    public static Dictionary<string, object> CaseworkerClaims(params string[] without)
    {
        var claims = new Dictionary<string, object>
        {
            [Caller.UserIdClaim] = "worker-1",
            [Caller.NameClaim] = "Name of worker-1",
            [Caller.OrganizationClaim] = "cathii",
            [Caller.RoleClaim] = Roles.Caseworker
        };
        foreach (var claim in without) claims.Remove(claim);
        return claims;
    }

    /// <summary>A token signed with <paramref name="key"/> (default: the configured key) and <paramref name="algorithm"/>.</summary>
    public static string Signed(AuthOptions auth, IDictionary<string, object> claims, string algorithm = SecurityAlgorithms.HmacSha256,
        byte[]? key = null, DateTimeOffset? now = null, TimeSpan? lifetime = null)
    {
        var issuedAt = now ?? DateTimeOffset.UtcNow;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = auth.Issuer,
            Audience = auth.Audience,
            Claims = claims,
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = issuedAt.UtcDateTime,
            Expires = issuedAt.Add(lifetime ?? TimeSpan.FromHours(1)).UtcDateTime,
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(key ?? Encoding.UTF8.GetBytes(auth.SigningKey!)), algorithm)
        });
    }

    /// <summary>An unsigned token (<c>alg: none</c>) carrying otherwise valid claims: header.payload. (empty signature).</summary>
    public static string Unsigned(AuthOptions auth, IDictionary<string, object> claims, string alg = "none")
    {
        var now = DateTimeOffset.UtcNow;
        var payload = new Dictionary<string, object>(claims)
        {
            ["iss"] = auth.Issuer,
            ["aud"] = auth.Audience,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds()
        };
        return Base64Url(JsonSerializer.Serialize(new Dictionary<string, string> { ["alg"] = alg, ["typ"] = "JWT" }))
               + "." + Base64Url(JsonSerializer.Serialize(payload)) + ".";
    }

    public static string Base64Url(string text) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(text));
}
