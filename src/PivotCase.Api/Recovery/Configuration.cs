using JasperFx.Events.Projections;
using Marten;

namespace PivotCase.Api.Recovery;

public static class Configuration
{
    public static void ConfigureRecovery(this StoreOptions options)
    {
        options.Events.AddEventType<AssessmentRecorded>();
        options.Events.AddEventType<AssessmentVoided>();
        options.Projections.Add<RecoveryProgressProjection>(ProjectionLifecycle.Inline);
    }
}
