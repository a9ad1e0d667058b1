using JasperFx.Events.Projections;
using Marten;

namespace PivotCase.Api.Dashboards;

public static class Configuration
{
    public static void ConfigureDashboards(this StoreOptions options)
    {
        options.Projections.Add<CaseloadProjection>(ProjectionLifecycle.Async);
        options.Schema.For<CaseloadEntry>()
            .Duplicate(entry => entry.Organization)
            .Index(entry => entry.PendingReferralTargets);
    }
}
