using Marten;

namespace PivotCase.Api.Directory;

public static class Configuration
{
    /// <summary>
    /// One document per member, keyed by its organisation code. No extra index: the directory holds a few dozen
    /// members, so its containment filters read the whole table faster than an index would. Optimistic concurrency: a
    /// replacement is stored only if the member is still as the request loaded it, so two replacements of the same
    /// version cannot both be applied (the later one answers 409).
    /// </summary>
    public static void ConfigureDirectory(this StoreOptions options) =>
        options.Schema.For<OrganizationProfile>()
            .DocumentAlias("organization_profile")
            .Identity(organization => organization.Code)
            .UseOptimisticConcurrency(true);
}
