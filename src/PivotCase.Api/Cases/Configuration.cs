using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using PivotCase.Api.Compensation;
using PivotCase.Api.Immigration;
using PivotCase.Api.Referrals;
using PivotCase.Api.Steps;
using Weasel.Postgresql.Tables;

namespace PivotCase.Api.Cases;

public static class Configuration
{
    public static void ConfigureCases(this StoreOptions options)
    {
        options.Events.AddEventTypes([
            typeof(CaseOpened), typeof(CaseProfileCorrected), typeof(CaseClosed), typeof(CaseReopened), typeof(CaseTransferred),
            typeof(NeedRecorded), typeof(StepPlanned),
            typeof(ConsentGiven), typeof(ConsentWithdrawn),
            typeof(ReferralMade), typeof(ReferralAccepted), typeof(ReferralDeclined), typeof(ReferralCancelled),
            typeof(ImmigrationEventRecorded), typeof(CompensationEventRecorded), typeof(EmergencyFundDisbursed),
            typeof(ImmigrationEntryVoided), typeof(CompensationEntryVoided), typeof(DisbursementVoided),
            typeof(StepStarted), typeof(StepCompleted), typeof(StepCancelled), typeof(StepLinkedToNeed)
        ]);

        options.Projections.Snapshot<Case>(SnapshotLifecycle.Inline);
        options.Projections.Add<CaseDetailsProjection>(ProjectionLifecycle.Inline);

        // Lists find a caller's cases by organisation or by the partners a case is shared with or referred to (ListCases,
        // IncomingReferrals). Those two lists are columns of their own with GIN indexes, so "contains this organisation" is
        // an index lookup, and the list's order is a column too: with the lists inside the JSON, every list and every
        // incoming-referrals request read and decompressed every case of the coalition (0.84 s at 100,000 cases, ADR 0019).
        options.Schema.For<CaseDetails>()
            .Duplicate(details => details.Organization)
            .Duplicate(details => details.Status)
            // The list's order. Its index is BRIN on purpose: with a B-tree on this column PostgreSQL walked every case of
            // the coalition in that order, filtering, to count the caller's (a second at 100,000 cases) instead of sorting
            // the caller's few thousand rows (40 ms); a BRIN index cannot be walked in order and costs next to nothing.
            .Duplicate(details => details.OpenedAt, configure: index => index.Method = IndexMethod.brin)
            .Duplicate(details => details.SharedWith, pgType: "varchar[]", configure: index => index.Method = IndexMethod.gin)
            .Duplicate(details => details.ReferredTo, pgType: "varchar[]", configure: index => index.Method = IndexMethod.gin);
    }
}
