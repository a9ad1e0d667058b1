using JasperFx.Events.Projections;
using Marten;

namespace PivotCase.Api.Incidents;

public static class Configuration
{
    /// <summary>One stream per register entry; the register is read by organisation and day of discovery.</summary>
    public static void ConfigureIncidents(this StoreOptions options)
    {
        options.Events.AddEventTypes([
            typeof(IncidentRecorded), typeof(IncidentRevised), typeof(IncidentRiskAssessed), typeof(IncidentNoticeSent),
            typeof(IncidentMeasureTaken)
        ]);
        options.Projections.Snapshot<ConfidentialityIncident>(SnapshotLifecycle.Inline);
        options.Projections.Add<IncidentRegisterProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<IncidentRegisterEntry>()
            .DocumentAlias("incident_register_entry")
            .Duplicate(entry => entry.Organization)
            .Duplicate(entry => entry.DiscoveredOn);
    }
}
