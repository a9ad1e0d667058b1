using Marten;

namespace PivotCase.Api.Directory;

public static class Configuration
{
    /// <summary>
    /// One document per member, keyed by its organisation code. No extra index: the directory holds a few dozen
    /// members, so its containment filters read the whole table faster than an index would.
    /// </summary>
    public static void ConfigureDirectory(this StoreOptions options) =>
        options.Schema.For<OrganizationProfile>()
            .DocumentAlias("organization_profile")
            .Identity(organization => organization.Code);
}
