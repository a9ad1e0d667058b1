using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json.Serialization;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Platform.Http;
using Wolverine.Http;
using Wolverine.Marten;

namespace PivotCase.Api.Directory;

/// <summary>Adds a member to the coalition directory under a code nobody holds yet.</summary>
public sealed record RegisterOrganization(
    [property: Required] string? Code,
    [property: Required] string? Name,
    [property: Required] OrganizationSector? Sector,
    [property: Required] IReadOnlyList<string?>? Regions,
    [property: Required] IReadOnlyList<string?>? Languages,
    [property: Required] OrganizationContact? Contact,
    IReadOnlyList<ServiceOffer?>? Services = null) : IOrganizationDescription;

public sealed record OrganizationRegisteredResponse(string Code) : Created
{
    [JsonIgnore]
    public override string Location => $"/api/directory/organizations/{Code}";
}

public static class RegisterOrganizationEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(RegisterOrganization command, IQuerySession session, CancellationToken token)
    {
        var invalid = Problems.Invalid(OrganizationRules.Check(command, OrganizationRules.CheckCode(command.Code, new ValidationErrors())));
        if (invalid != Problems.None) return invalid;

        return await session.LoadAsync<OrganizationProfile>(command.Code!, token) is null
            ? Problems.None
            : Problems.Conflict($"The organisation code \"{command.Code}\" is already in the directory: use PUT to replace it.");
    }

    [WolverinePost("/api/directory/organizations"), Authorize(Policy = Policies.DirectoryWrite)]
    [Tags("Directory")]
    public static (OrganizationRegisteredResponse, IMartenOp) Post(
        RegisterOrganization command, ClaimsPrincipal user, CoalitionCalendar calendar)
    {
        var profile = OrganizationRules.ToProfile(command.Code!, command, Caller.From(user).UserId, calendar.Now, version: 1);
        return (new OrganizationRegisteredResponse(profile.Code), MartenOps.Insert(profile));
    }
}
