using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Platform.Http;
using Wolverine.Http;
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

    [WolverinePut("/api/directory/organizations/{code}"), Authorize(Policy = Policies.DirectoryWrite)]
    [Tags("Directory")]
    public static (OrganizationProfile, IMartenOp) Put(
        ReplaceOrganization command, string code, ClaimsPrincipal user, CoalitionCalendar calendar)
    {
        var profile = OrganizationRules.ToProfile(code, command, Caller.From(user).UserId, calendar.Now);
        return (profile, MartenOps.Store(profile));
    }
}
