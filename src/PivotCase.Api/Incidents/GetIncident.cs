using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Platform.Http;
using Wolverine.Http;
using Wolverine.Http.Marten;

namespace PivotCase.Api.Incidents;

public static class GetIncidentEndpoint
{
    public static ProblemDetails Validate(IncidentRegisterEntry? entry, ClaimsPrincipal user) =>
        entry is not null && IncidentAccess.CanKeep(entry.Organization, Caller.From(user)) ? Problems.None : Problems.NotFound("incident");

    /// <summary>The whole entry, with an <c>ETag</c> of its version.</summary>
    [WolverineGet("/api/privacy/incidents/{id}"), Authorize(Policy = Policies.IncidentRegister)]
    [Tags("Privacy")]
    public static IncidentRegisterEntry Get([Document("id", Required = false)] IncidentRegisterEntry entry, HttpResponse response)
    {
        response.Headers.ETag = $"\"{entry.Version}\"";
        return entry;
    }
}
