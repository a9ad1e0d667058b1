using System.Security.Claims;

namespace PivotCase.Api.Platform.Auth;

/// <summary>The authenticated person behind a request, read from the token's claims (sub, name, role, org).</summary>
public sealed record Caller(string UserId, string Name, string Organization, IReadOnlySet<string> Roles)
{
    public const string UserIdClaim = "sub";
    public const string NameClaim = "name";
    public const string RoleClaim = "role";
    public const string OrganizationClaim = "org";

    public bool IsInRole(string role) => Roles.Contains(role);

    public static Caller From(ClaimsPrincipal principal) => new(
        principal.FindFirstValue(UserIdClaim) ?? string.Empty,
        principal.FindFirstValue(NameClaim) ?? string.Empty,
        principal.FindFirstValue(OrganizationClaim) ?? string.Empty,
        principal.FindAll(RoleClaim).Select(claim => claim.Value).ToHashSet(StringComparer.Ordinal));
}
