using System.Collections.Immutable;
using JasperFx.Events;
using Marten.Events.Aggregation;
using PivotCase.Api.Compensation;
using PivotCase.Api.Immigration;
using PivotCase.Api.Privacy;
using PivotCase.Api.Recovery;
using PivotCase.Api.Referrals;
using PivotCase.Api.Steps;

namespace PivotCase.Api.Cases;

/// <summary>The case as caseworkers read it; personal details stay encrypted in here and are revealed per request.</summary>
public sealed record CaseDetails(
    Guid Id,
    long Version,
    CaseStatus Status,
    string Organization,
    string PivotWorker,
    DateOnly OpenedOn,
    DateTimeOffset OpenedAt,
    AccessPoint AccessPoint,
    IReadOnlyList<ExploitationType> ExploitationTypes,
    TraffickingScope Trafficking,
    AgeGroup AgeGroup,
    Gender Gender,
    string Region,
    EncryptedPersonalDetails? PersonalDetails,
    ImmutableList<StepDetails> Steps,
    DateTimeOffset LastActivityAt,
    DateTimeOffset? ClosedAt,
    ClosureReason? ClosureReason) : ICaseScope
{
    public ImmutableList<NeedDetails> Needs { get; init; } = [];
    public ImmutableList<Consent> Consents { get; init; } = [];
    public ImmutableList<Referral> Referrals { get; init; } = [];

    /// <summary>
    /// Organisations holding an accepted referral under a consent that has not been withdrawn: lets lists find partners'
    /// cases with one indexed query. Expiry is a matter of the date, so the access rule still has the last word.
    /// </summary>
    public ImmutableList<string> SharedWith { get; init; } = [];

    /// <summary>Every organisation ever referred to, for their incoming-referrals list.</summary>
    public ImmutableList<string> ReferredTo { get; init; } = [];

    IReadOnlyList<Consent> ICaseScope.Consents => Consents;
    IReadOnlyList<Referral> ICaseScope.Referrals => Referrals;
    public ImmigrationFile Immigration { get; init; } = ImmigrationFile.Empty;
    public CompensationClaim Compensation { get; init; } = CompensationClaim.Empty;
    public EmergencyFund EmergencyFund { get; init; } = EmergencyFund.Empty;
    public DateOnly? ComesOfAgeMonth { get; init; }
    public DateTimeOffset? PersonalDetailsErasedAt { get; init; }

    public IReadOnlyList<Deadline> Deadlines() =>
        CaseDeadlines.For(OpenedOn, ExploitationTypes, AgeGroup, Immigration, Compensation, ComesOfAgeMonth);

    public CaseDetails WithSharing(long version, DateTimeOffset at, ImmutableList<Referral> referrals, ImmutableList<Consent> consents) =>
        this with
        {
            Version = version,
            LastActivityAt = at,
            Referrals = referrals,
            Consents = consents,
            ReferredTo = referrals.Select(referral => referral.ToOrganization).Distinct().ToImmutableList(),
            SharedWith = referrals.Where(referral => referral.Status == ReferralStatus.Accepted)
                .Select(referral => referral.ToOrganization)
                .Where(organization => consents.Any(consent => consent.Scope == ConsentScope.ShareWithOrganization
                                                               && consent.Organization == organization && consent.WithdrawnAt is null))
                .Distinct().ToImmutableList()
        };

    public CaseDetails UpdateStep(Guid stepId, Func<StepDetails, StepDetails> change)
    {
        var index = Steps.FindIndex(step => step.StepId == stepId);
        return index < 0 ? this : this with { Steps = Steps.SetItem(index, change(Steps[index])) };
    }

    /// <summary>A need is met once a step linked to it is done, whichever came last: the completion or the link.</summary>
    public CaseDetails MeetNeed(Guid? needId) => needId is null
        ? this
        : this with { Needs = Needs.Select(need => need.NeedId == needId ? need with { Met = true } : need).ToImmutableList() };
}

/// <summary>A need is met once a step linked to it is done.</summary>
public sealed record NeedDetails(
    Guid NeedId, ServiceDomain Domain, Timeframe Timeframe, string? Description, bool Met, DateTimeOffset RecordedAt);

public sealed record StepDetails(
    Guid StepId,
    ServiceDomain Domain,
    string Title,
    Timeframe Timeframe,
    StepStatus Status,
    DateOnly? DueOn,
    string? Provider,
    Guid? NeedId,
    DateTimeOffset PlannedAt,
    string PlannedBy,
    DateOnly? CompletedOn,
    string? Outcome,
    string? CancellationReason)
{
    public bool IsOverdue(DateOnly today) =>
        DueOn is { } due && due < today && Status is StepStatus.Planned or StepStatus.InProgress;
}

/// <summary>Inline: the case a caseworker just changed is read back at once, in the same transaction.</summary>
public sealed partial class CaseDetailsProjection : SingleStreamProjection<CaseDetails, Guid>
{
    public static CaseDetails Create(IEvent<CaseOpened> opened)
    {
        var data = opened.Data;
        return new CaseDetails(data.CaseId, opened.Version, CaseStatus.Open, data.Organization, data.PivotWorker,
            data.OpenedOn, data.OpenedAt, data.AccessPoint, data.ExploitationTypes, data.Trafficking, data.AgeGroup,
            data.Gender, data.Region, data.PersonalDetails, ImmutableList<StepDetails>.Empty, data.RecordedAt,
            ClosedAt: null, ClosureReason: null) { ComesOfAgeMonth = data.ComesOfAgeMonth };
    }

    public static CaseDetails Apply(IEvent<StepPlanned> planned, CaseDetails current)
    {
        var step = planned.Data;
        return current with
        {
            Version = planned.Version,
            LastActivityAt = step.PlannedAt,
            Steps = current.Steps.Add(new StepDetails(step.StepId, step.Domain, step.Title, step.Timeframe,
                StepStatus.Planned, step.DueOn, step.Provider, step.NeedId, step.PlannedAt, step.PlannedBy,
                CompletedOn: null, Outcome: null, CancellationReason: null))
        };
    }

    public static CaseDetails Apply(IEvent<NeedRecorded> recorded, CaseDetails current)
    {
        var need = recorded.Data;
        return current with
        {
            Version = recorded.Version,
            LastActivityAt = need.RecordedAt,
            Needs = current.Needs.Add(new NeedDetails(need.NeedId, need.Domain, need.Timeframe, need.Description, Met: false, need.RecordedAt))
        };
    }

    public static CaseDetails Apply(IEvent<ImmigrationEventRecorded> recorded, CaseDetails current) => current with
    {
        Version = recorded.Version, LastActivityAt = recorded.Data.RecordedAt, Immigration = current.Immigration.Record(recorded.Data)
    };

    public static CaseDetails Apply(IEvent<CompensationEventRecorded> recorded, CaseDetails current) => current with
    {
        Version = recorded.Version, LastActivityAt = recorded.Data.RecordedAt, Compensation = current.Compensation.Record(recorded.Data)
    };

    public static CaseDetails Apply(IEvent<EmergencyFundDisbursed> disbursed, CaseDetails current) => current with
    {
        Version = disbursed.Version, LastActivityAt = disbursed.Data.DisbursedAt, EmergencyFund = current.EmergencyFund.Record(disbursed.Data)
    };

    public static CaseDetails Apply(IEvent<ImmigrationEntryVoided> voided, CaseDetails current) => current with
    {
        Version = voided.Version, LastActivityAt = voided.Data.VoidedAt, Immigration = current.Immigration.Void(voided.Data)
    };

    public static CaseDetails Apply(IEvent<CompensationEntryVoided> voided, CaseDetails current) => current with
    {
        Version = voided.Version, LastActivityAt = voided.Data.VoidedAt, Compensation = current.Compensation.Void(voided.Data)
    };

    public static CaseDetails Apply(IEvent<DisbursementVoided> voided, CaseDetails current) => current with
    {
        Version = voided.Version, LastActivityAt = voided.Data.VoidedAt, EmergencyFund = current.EmergencyFund.Void(voided.Data)
    };

    public static CaseDetails Apply(IEvent<CaseProfileCorrected> corrected, CaseDetails current) => current with
    {
        Version = corrected.Version,
        LastActivityAt = corrected.Data.CorrectedAt,
        AccessPoint = corrected.Data.AccessPoint,
        ExploitationTypes = corrected.Data.ExploitationTypes,
        Trafficking = corrected.Data.Trafficking,
        AgeGroup = corrected.Data.AgeGroup,
        Gender = corrected.Data.Gender,
        Region = corrected.Data.Region
    };

    public static CaseDetails Apply(IEvent<AssessmentRecorded> recorded, CaseDetails current) => current with
    {
        Version = recorded.Version, LastActivityAt = recorded.Data.RecordedAt
    };

    public static CaseDetails Apply(IEvent<AssessmentVoided> voided, CaseDetails current) => current with
    {
        Version = voided.Version, LastActivityAt = voided.Data.VoidedAt
    };

    public static CaseDetails Apply(IEvent<ConsentGiven> given, CaseDetails current) =>
        current.WithSharing(given.Version, given.Data.RecordedAt, current.Referrals, ConsentLedger.Apply(current.Consents, given.Data));

    public static CaseDetails Apply(IEvent<ConsentWithdrawn> withdrawn, CaseDetails current) =>
        current.WithSharing(withdrawn.Version, withdrawn.Data.WithdrawnAt, current.Referrals, ConsentLedger.Apply(current.Consents, withdrawn.Data));

    public static CaseDetails Apply(IEvent<ReferralMade> made, CaseDetails current) =>
        current.WithSharing(made.Version, made.Data.ReferredAt, ReferralLedger.Apply(current.Referrals, made.Data), current.Consents);

    public static CaseDetails Apply(IEvent<ReferralAccepted> accepted, CaseDetails current) =>
        current.WithSharing(accepted.Version, accepted.Data.AcceptedAt, ReferralLedger.Apply(current.Referrals, accepted.Data), current.Consents);

    public static CaseDetails Apply(IEvent<ReferralDeclined> declined, CaseDetails current) =>
        current.WithSharing(declined.Version, declined.Data.DeclinedAt, ReferralLedger.Apply(current.Referrals, declined.Data), current.Consents);

    public static CaseDetails Apply(IEvent<ReferralCancelled> cancelled, CaseDetails current) =>
        current.WithSharing(cancelled.Version, cancelled.Data.CancelledAt, ReferralLedger.Apply(current.Referrals, cancelled.Data), current.Consents);

    public static CaseDetails Apply(IEvent<StepStarted> started, CaseDetails current) =>
        current.UpdateStep(started.Data.StepId, step => step with { Status = StepStatus.InProgress })
            with { Version = started.Version, LastActivityAt = started.Data.StartedAt };

    public static CaseDetails Apply(IEvent<StepCompleted> completed, CaseDetails current)
    {
        var updated = current.UpdateStep(completed.Data.StepId, step => step with
        {
            Status = StepStatus.Done, CompletedOn = completed.Data.CompletedOn, Outcome = completed.Data.Outcome
        });
        return updated.MeetNeed(updated.Steps.Find(step => step.StepId == completed.Data.StepId)?.NeedId) with
        {
            Version = completed.Version, LastActivityAt = completed.Data.CompletedAt
        };
    }

    public static CaseDetails Apply(IEvent<StepLinkedToNeed> linked, CaseDetails current)
    {
        var updated = current.UpdateStep(linked.Data.StepId, step => step with { NeedId = linked.Data.NeedId });
        return updated.MeetNeed(linked.Data.StepDone ? linked.Data.NeedId : null) with
        {
            Version = linked.Version, LastActivityAt = linked.Data.LinkedAt
        };
    }

    public static CaseDetails Apply(IEvent<StepCancelled> cancelled, CaseDetails current) =>
        current.UpdateStep(cancelled.Data.StepId, step => step with
            {
                Status = StepStatus.Cancelled, CancellationReason = cancelled.Data.Reason
            })
            with { Version = cancelled.Version, LastActivityAt = cancelled.Data.CancelledAt };

    public static CaseDetails Apply(IEvent<CaseClosed> closed, CaseDetails current) => current with
    {
        Version = closed.Version,
        Status = CaseStatus.Closed,
        ClosedAt = closed.Data.ClosedAt,
        ClosureReason = closed.Data.Reason,
        LastActivityAt = closed.Data.ClosedAt
    };

    public static CaseDetails Apply(IEvent<CaseTransferred> transferred, CaseDetails current) => current with
    {
        Version = transferred.Version,
        Organization = transferred.Data.ToOrganization,
        PivotWorker = transferred.Data.ToWorker,
        LastActivityAt = transferred.Data.TransferredAt
    };

    public static CaseDetails Apply(IEvent<PersonalDetailsCorrected> corrected, CaseDetails current) => current with
    {
        Version = corrected.Version,
        PersonalDetails = corrected.Data.PersonalDetails,
        ComesOfAgeMonth = corrected.Data.ComesOfAgeMonth,
        PersonalDetailsErasedAt = null,
        LastActivityAt = corrected.Data.CorrectedAt
    };

    /// <summary>Erasure is not casework: the last activity stays as it was.</summary>
    public static CaseDetails Apply(IEvent<PersonalDetailsErased> erased, CaseDetails current) => current with
    {
        Version = erased.Version,
        PersonalDetails = null,
        ComesOfAgeMonth = null,
        PersonalDetailsErasedAt = erased.Data.ErasedAt
    };

    public static CaseDetails Apply(IEvent<CaseReopened> reopened, CaseDetails current) => current with
    {
        Version = reopened.Version,
        Status = CaseStatus.Open,
        ClosedAt = null,
        ClosureReason = null,
        LastActivityAt = reopened.Data.ReopenedAt
    };
}
