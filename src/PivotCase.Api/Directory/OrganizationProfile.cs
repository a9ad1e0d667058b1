using PivotCase.Api.Steps;

namespace PivotCase.Api.Directory;

public enum OrganizationSector
{
    Community, Health, SocialServices, VictimAssistance, LegalAid, YouthProtection, Police, Government, Shelter, Other
}

/// <summary>
/// A coalition member as the directory lists it: where it works, in which languages, whom to call, and what it offers.
/// Identified by its organisation code, the same code tokens carry in their <c>org</c> claim. <paramref name="Version"/>
/// counts its records: 1 when registered, one more with each replacement (a member stored before versions were counted
/// reads 0 until it is replaced).
/// </summary>
public sealed record OrganizationProfile(
    string Code,
    string Name,
    OrganizationSector Sector,
    IReadOnlyList<string> Regions,
    IReadOnlyList<string> Languages,
    OrganizationContact Contact,
    IReadOnlyList<OrganizationService> Services,
    DateTimeOffset UpdatedAt,
    string UpdatedBy,
    long Version)
{
    public bool Offers(ServiceDomain domain) => Services.Any(service => service.Domain == domain);

    public bool OffersAroundTheClock(ServiceDomain domain) =>
        Services.Any(service => service.Domain == domain && service.Available24h);
}

public sealed record OrganizationContact(string? Name, string? Phone = null, string? Email = null);

public sealed record OrganizationService(ServiceDomain Domain, string Description, bool Available24h);
