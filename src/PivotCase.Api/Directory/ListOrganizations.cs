using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Cases;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Platform.Http;
using PivotCase.Api.Steps;
using Wolverine.Http;

namespace PivotCase.Api.Directory;

/// <summary>
/// The directory, filtered. Filters combine with AND; <c>domain</c> and <c>available24h</c> apply to the same service,
/// so <c>domain=housing&amp;available24h=true</c> finds members whose housing service runs around the clock.
/// </summary>
public static class ListOrganizationsEndpoint
{
    public static ProblemDetails Validate(string? domain, string? region, string? language) => Problems.Invalid(new ValidationErrors()
        .When(domain is not null && !Json.TryParse<ServiceDomain>(domain, out _), "domain", "Not a service domain, such as housing or legal.")
        .When(region is not null && !QuebecRegion.IsValid(region), "region", QuebecRegion.Expected)
        .When(language is not null && !LanguageCode.IsValid(language), "language", "An ISO 639 code such as \"fr\", \"en\" or \"tir\"."));

    [WolverineGet("/api/directory/organizations"), Authorize(Policy = Policies.DirectoryRead)]
    [Tags("Directory")]
    public static async Task<IReadOnlyList<OrganizationProfile>> Get(
        string? domain, string? region, bool? available24h, string? language, IQuerySession session, CancellationToken token)
    {
        IQueryable<OrganizationProfile> query = session.Query<OrganizationProfile>();
        if (region is not null) query = query.Where(organization => organization.Regions.Contains(region));
        if (language is not null) query = query.Where(organization => organization.Languages.Contains(language));

        var wanted = Json.TryParse<ServiceDomain>(domain, out var parsed) ? parsed : (ServiceDomain?)null;
        query = (wanted, available24h) switch
        {
            ({ } serviceDomain, { } aroundTheClock) => query.Where(organization =>
                organization.Services.Any(service => service.Domain == serviceDomain && service.Available24h == aroundTheClock)),
            ({ } serviceDomain, null) => query.Where(organization => organization.Services.Any(service => service.Domain == serviceDomain)),
            (null, { } aroundTheClock) => query.Where(organization => organization.Services.Any(service => service.Available24h == aroundTheClock)),
            _ => query
        };

        return await query.OrderBy(organization => organization.Code).ToListAsync(token);
    }
}
