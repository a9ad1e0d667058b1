using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Platform.Http;
using Wolverine.Http;
using Wolverine.Http.Marten;

namespace PivotCase.Api.Directory;

public static class GetOrganizationEndpoint
{
    public static ProblemDetails Validate(OrganizationProfile? organization) =>
        organization is null ? Problems.NotFound("organization") : Problems.None;

    [WolverineGet("/api/directory/organizations/{code}"), Authorize(Policy = Policies.DirectoryRead)]
    [Tags("Directory")]
    public static OrganizationProfile Get([Document("code", Required = false)] OrganizationProfile? organization) => organization!;
}
