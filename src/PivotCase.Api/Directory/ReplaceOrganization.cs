using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Platform.Http;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace PivotCase.Api.Directory;

/// <summary>
/// Creates or replaces the member under the code in the URL; a code in the body is ignored, so a replacement can never
/// move a member to another code.
/// </summary>
public sealed record ReplaceOrganization(
    [property: Required] string? Name,
    [property: Required] OrganizationSector? Sector,
    [property: Required] IReadOnlyList<string?>? Regions,
    [property: Required] IReadOnlyList<string?>? Languages,
    [property: Required] OrganizationContact? Contact,
    IReadOnlyList<ServiceOffer?>? Services = null) : IOrganizationDescription;

public static class ReplaceOrganizationEndpoint
{
    public static ProblemDetails Validate(ReplaceOrganization command, string code) =>
        Problems.Invalid(OrganizationRules.Check(command, OrganizationRules.CheckCode(code, new ValidationErrors())));

    /// <summary>200 with the profile when the member existed; 201 with its <c>Location</c> as well when this created it.</summary>
    [WolverinePut("/api/directory/organizations/{code}"), Authorize(Policy = Policies.DirectoryWrite)]
    [Tags("Directory")]
    [ProducesResponseType<OrganizationProfile>(StatusCodes.Status201Created)]
    public static (OrganizationProfile, IMartenOp) Put(
        ReplaceOrganization command, string code, [Document("code", Required = false)] OrganizationProfile? existing,
        ClaimsPrincipal user, CoalitionCalendar calendar, HttpContext context)
    {
        var profile = OrganizationRules.ToProfile(code, command, Caller.From(user).UserId, calendar.Now);
        if (existing is null)
        {
            context.Response.StatusCode = StatusCodes.Status201Created;
            context.Response.Headers.Location = $"/api/directory/organizations/{profile.Code}";
        }

        return (profile, MartenOps.Store(profile));
    }
}
