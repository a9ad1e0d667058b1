using JasperFx.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using PivotCase.Api.Cases;
using PivotCase.Api.Incidents;
using PivotCase.Tests.Support;
using Case = PivotCase.Api.Cases.Case;

namespace PivotCase.Tests.Unit;

/// <summary>
/// Marten only moves a snapshot's Version for events the aggregate applies; a case event the write model ignores would
/// make every later expectedVersion check compare against a stale version.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class WriteModelCoverageTests(AppFixture app)
{
    [Fact]
    public void The_case_write_model_applies_every_registered_event_type()
    {
        var applied = AppliedEventTypes(typeof(Case));

        var registered = RegisteredCaseEventTypes();
        registered.ShouldNotBeEmpty();
        registered.Where(type => !applied.Contains(type)).ShouldBeEmpty();
    }

    /// <summary>The case read model answers the version clients send back as expectedVersion.</summary>
    [Fact]
    public void The_case_details_projection_applies_every_registered_event_type()
    {
        var applied = AppliedEventTypes(typeof(CaseDetailsProjection));

        RegisteredCaseEventTypes().Where(type => !applied.Contains(type)).ShouldBeEmpty();
    }

    private static HashSet<Type> AppliedEventTypes(Type aggregator) => aggregator.GetMethods()
        .Where(method => method.Name is "Apply" or "Create")
        .Select(method => method.GetParameters()[0].ParameterType)
        .Select(type => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEvent<>) ? type.GetGenericArguments()[0] : type)
        .ToHashSet();

    /// <summary>So that the two checks above and below see every event: each names the stream it belongs to.</summary>
    [Fact]
    public void Every_event_type_carries_the_id_of_its_case_or_incident()
    {
        var all = RegisteredEventTypesCarrying(null);
        all.Except(RegisteredCaseEventTypes()).Except(RegisteredEventTypesCarrying("IncidentId")).ShouldBeEmpty();
    }

    [Fact]
    public void The_incident_write_model_and_register_apply_every_incident_event_type()
    {
        var registered = RegisteredEventTypesCarrying("IncidentId");
        registered.ShouldNotBeEmpty();

        registered.Where(type => !AppliedEventTypes(typeof(ConfidentialityIncident)).Contains(type)).ShouldBeEmpty();
        registered.Where(type => !AppliedEventTypes(typeof(IncidentRegisterProjection)).Contains(type)).ShouldBeEmpty();
    }

    /// <summary>A case's events are those that carry its id; the store holds other streams too (the incident register).</summary>
    private List<Type> RegisteredCaseEventTypes() => RegisteredEventTypesCarrying("CaseId");

    private List<Type> RegisteredEventTypesCarrying(string? streamIdProperty) =>
        app.Host.Services.GetRequiredService<IDocumentStore>().Options.Events.AllKnownEventTypes().Select(type => type.EventType)
            .Where(type => type.Namespace?.StartsWith("PivotCase", StringComparison.Ordinal) == true
                           && (streamIdProperty is null || type.GetProperty(streamIdProperty)?.PropertyType == typeof(Guid)))
            .ToList();
}
