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
/// move a member to another code. <paramref name="ExpectedVersion"/>, the member's <c>version</c> as the caller last read
/// it (0 for a member it expects not to exist yet), makes the replacement conditional: two coordinators editing the same
/// member cannot overwrite each other's edit unseen.
/// </summary>
public sealed record ReplaceOrganization(
    [property: Required] string? Name,
    [property: Required] OrganizationSector? Sector,
    [property: Required] IReadOnlyList<string?>? Regions,
    [property: Required] IReadOnlyList<string?>? Languages,
    [property: Required] OrganizationContact? Contact,
    IReadOnlyList<ServiceOffer?>? Services = null,
    long? ExpectedVersion = null) : IOrganizationDescription;

public static class ReplaceOrganizationEndpoint
{
    public static ProblemDetails Validate(ReplaceOrganization command, string code, OrganizationProfile? existing)
    {
        var invalid = Problems.Invalid(OrganizationRules.Check(command, OrganizationRules.CheckCode(code, new ValidationErrors())));
        if (invalid != Problems.None || command.ExpectedVersion is not { } expected) return invalid;

        var current = existing?.Version ?? 0;
        return expected == current
            ? Problems.None
            : Problems.Conflict(existing is null
                ? $"No member holds the code \"{code}\", so there is no version {expected} to replace: read the directory again."
                : $"The member is at version {current}, not {expected}: someone changed it since you read it. Read it again and apply your change to it.");
    }

    /// <summary>200 with the profile when the member existed; 201 with its <c>Location</c> as well when this created it.</summary>
    [WolverinePut("/api/directory/organizations/{code}"), Authorize(Policy = Policies.DirectoryWrite)]
    [Tags("Directory")]
    [ProducesResponseType<OrganizationProfile>(StatusCodes.Status201Created)]
    public static (OrganizationProfile, IMartenOp) Put(
        ReplaceOrganization command, string code, [Document("code", Required = false)] OrganizationProfile? existing,
        ClaimsPrincipal user, CoalitionCalendar calendar, HttpContext context)
    {
        var profile = OrganizationRules.ToProfile(code, command, Caller.From(user).UserId, calendar.Now, (existing?.Version ?? 0) + 1);
        if (existing is null)
        {
            context.Response.StatusCode = StatusCodes.Status201Created;
            context.Response.Headers.Location = $"/api/directory/organizations/{profile.Code}";
        }

        return (profile, MartenOps.Store(profile));
    }
}
