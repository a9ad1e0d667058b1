using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using PivotCase.Api.Compensation;
using PivotCase.Api.Immigration;
using PivotCase.Api.Referrals;
using PivotCase.Api.Steps;

namespace PivotCase.Api.Cases;

public static class Configuration
{
    public static void ConfigureCases(this StoreOptions options)
    {
        options.Events.AddEventTypes([
            typeof(CaseOpened), typeof(CaseClosed), typeof(CaseReopened), typeof(CaseTransferred),
            typeof(NeedRecorded), typeof(StepPlanned),
            typeof(ConsentGiven), typeof(ConsentWithdrawn),
            typeof(ReferralMade), typeof(ReferralAccepted), typeof(ReferralDeclined), typeof(ReferralCancelled),
            typeof(ImmigrationEventRecorded), typeof(CompensationEventRecorded), typeof(EmergencyFundDisbursed), typeof(StepStarted), typeof(StepCompleted), typeof(StepCancelled)
        ]);

        options.Projections.Snapshot<Case>(SnapshotLifecycle.Inline);
        options.Projections.Add<CaseDetailsProjection>(ProjectionLifecycle.Inline);

        options.Schema.For<CaseDetails>()
            .Duplicate(details => details.Organization)
            .Duplicate(details => details.Status)
            .Index(details => details.SharedWith)
            .Index(details => details.ReferredTo);
    }
}
