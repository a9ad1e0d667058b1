using System.Collections.Immutable;
using JasperFx.Events;
using Marten.Events.Aggregation;
using PivotCase.Api.Cases;
using PivotCase.Api.Compensation;
using PivotCase.Api.Immigration;
using PivotCase.Api.Privacy;
using PivotCase.Api.Recovery;
using PivotCase.Api.Referrals;
using PivotCase.Api.Steps;

namespace PivotCase.Api.Dashboards;

public sealed record OpenNeed(Guid NeedId, ServiceDomain Domain);

public sealed record OpenStep(Guid StepId, ServiceDomain Domain, DateOnly? DueOn, Guid? NeedId);

/// <summary>
/// One lean row per case with just what a supervisor's dashboard needs; no personal details. Facts only: whether a
/// step is overdue or a case is in its crisis window is decided against the clock when the dashboard is read.
/// </summary>
/// <param name="LastStepAt">The last act recorded on the case, as <c>CaseDetails.LastActivityAt</c> counts them (a step,
/// a need, an assessment, an immigration or IVAC event, a disbursement, the voiding of any of those, a consent, a referral
/// or its answer, a transfer, a correction of the personal details or of the profile, the reopening), or else the
/// recording of the case (not the day the survivor was identified, which may be weeks before): what the inactive list
/// counts from. (The name predates those rules; renaming it would orphan the stored rows' field.)</param>
public sealed record CaseloadEntry(
    Guid Id,
    string Organization,
    string PivotWorker,
    CaseStatus Status,
    DateOnly OpenedOn,
    DateTimeOffset OpenedAt,
    IReadOnlyList<ExploitationType> ExploitationTypes,
    AgeGroup AgeGroup,
    DateTimeOffset LastStepAt)
{
    public ImmutableList<OpenNeed> OpenImmediateNeeds { get; init; } = [];
    public ImmutableList<OpenStep> OpenSteps { get; init; } = [];
    public ImmigrationFile Immigration { get; init; } = ImmigrationFile.Empty;
    public CompensationClaim Compensation { get; init; } = CompensationClaim.Empty;
    public DateOnly? ComesOfAgeMonth { get; init; }
    public ImmutableList<Referral> Referrals { get; init; } = [];
    public ImmutableList<RecoveryAssessment> Assessments { get; init; } = [];

    /// <summary>Organisations this case is waiting on, so that their dashboards find it with one indexed query.</summary>
    public ImmutableList<string> PendingReferralTargets { get; init; } = [];

    /// <summary>The survivor's consents, for the day a partner's access to the case ends.</summary>
    public ImmutableList<Consent> Consents { get; init; } = [];

    /// <summary>
    /// The case's deadlines, and the day each partner's consent runs out: the dashboard is read by the owning
    /// organisation only, which sees every consent of its cases (the case page keeps listing the consents themselves).
    /// </summary>
    public IReadOnlyList<Deadline> Deadlines() =>
        CaseDeadlines.For(OpenedOn, ExploitationTypes, AgeGroup, Immigration, Compensation, ComesOfAgeMonth)
            .Concat(ConsentLedger.ShareExpiries(Consents, Organization).Select(day => new Deadline(DeadlineKind.ShareConsentExpiry, day)))
            .OrderBy(deadline => deadline.On)
            .ToList();

    public CaseloadEntry WithReferrals(ImmutableList<Referral> referrals) => this with
    {
        Referrals = referrals,
        PendingReferralTargets = referrals.Where(referral => referral.Status == ReferralStatus.Pending)
            .Select(referral => referral.ToOrganization).Distinct().ToImmutableList()
    };

    public CaseloadEntry CloseStep(Guid stepId, DateTimeOffset at, bool done)
    {
        var step = OpenSteps.Find(candidate => candidate.StepId == stepId);
        return MeetNeed(done ? step?.NeedId : null) with
        {
            LastStepAt = at, OpenSteps = OpenSteps.RemoveAll(candidate => candidate.StepId == stepId)
        };
    }

    /// <summary>A need is met once a step linked to it is done, whichever came last: the completion or the link.</summary>
    public CaseloadEntry MeetNeed(Guid? needId) => needId is null
        ? this
        : this with { OpenImmediateNeeds = OpenImmediateNeeds.RemoveAll(need => need.NeedId == needId) };
}

/// <summary>Asynchronous: dashboards may lag writes by a moment, and never slow the caseworker's request down.</summary>
public sealed partial class CaseloadProjection : SingleStreamProjection<CaseloadEntry, Guid>
{
    public static CaseloadEntry Create(CaseOpened opened) =>
        new(opened.CaseId, opened.Organization, opened.PivotWorker, CaseStatus.Open, opened.OpenedOn, opened.OpenedAt,
            opened.ExploitationTypes, opened.AgeGroup, opened.RecordedAt) { ComesOfAgeMonth = opened.ComesOfAgeMonth };

    public static CaseloadEntry Apply(CaseClosed _, CaseloadEntry entry) => entry with { Status = CaseStatus.Closed };

    /// <summary>A reopened case is active again from its reopening, not inactive since its last step before closing.</summary>
    public static CaseloadEntry Apply(CaseReopened reopened, CaseloadEntry entry) =>
        entry with { Status = CaseStatus.Open, LastStepAt = reopened.ReopenedAt };

    public static CaseloadEntry Apply(PersonalDetailsErased _, CaseloadEntry entry) => entry with { ComesOfAgeMonth = null };

    public static CaseloadEntry Apply(PersonalDetailsCorrected corrected, CaseloadEntry entry) =>
        entry with { ComesOfAgeMonth = corrected.ComesOfAgeMonth, LastStepAt = corrected.CorrectedAt };

    public static CaseloadEntry Apply(CaseTransferred transferred, CaseloadEntry entry) =>
        entry with { Organization = transferred.ToOrganization, PivotWorker = transferred.ToWorker, LastStepAt = transferred.TransferredAt };

    public static CaseloadEntry Apply(NeedRecorded recorded, CaseloadEntry entry) => entry with
    {
        OpenImmediateNeeds = recorded.Timeframe == Timeframe.Immediate
            ? entry.OpenImmediateNeeds.Add(new OpenNeed(recorded.NeedId, recorded.Domain))
            : entry.OpenImmediateNeeds,
        LastStepAt = recorded.RecordedAt
    };

    public static CaseloadEntry Apply(StepPlanned planned, CaseloadEntry entry) => entry with
    {
        LastStepAt = planned.PlannedAt,
        OpenSteps = entry.OpenSteps.Add(new OpenStep(planned.StepId, planned.Domain, planned.DueOn, planned.NeedId))
    };

    public static CaseloadEntry Apply(StepStarted started, CaseloadEntry entry) => entry with { LastStepAt = started.StartedAt };

    public static CaseloadEntry Apply(StepCompleted completed, CaseloadEntry entry) =>
        entry.CloseStep(completed.StepId, completed.CompletedAt, done: true);

    public static CaseloadEntry Apply(StepCancelled cancelled, CaseloadEntry entry) =>
        entry.CloseStep(cancelled.StepId, cancelled.CancelledAt, done: false);

    public static CaseloadEntry Apply(ImmigrationEventRecorded recorded, CaseloadEntry entry) =>
        entry with { Immigration = entry.Immigration.Record(recorded), LastStepAt = recorded.RecordedAt };

    public static CaseloadEntry Apply(CompensationEventRecorded recorded, CaseloadEntry entry) =>
        entry with { Compensation = entry.Compensation.Record(recorded), LastStepAt = recorded.RecordedAt };

    public static CaseloadEntry Apply(EmergencyFundDisbursed disbursed, CaseloadEntry entry) => entry with { LastStepAt = disbursed.DisbursedAt };

    public static CaseloadEntry Apply(StepLinkedToNeed linked, CaseloadEntry entry) => entry.MeetNeed(linked.StepDone ? linked.NeedId : null) with
    {
        LastStepAt = linked.LinkedAt,
        OpenSteps = entry.OpenSteps.Select(step => step.StepId == linked.StepId ? step with { NeedId = linked.NeedId } : step).ToImmutableList()
    };

    public static CaseloadEntry Apply(CaseProfileCorrected corrected, CaseloadEntry entry) => entry with
    {
        ExploitationTypes = corrected.ExploitationTypes, AgeGroup = corrected.AgeGroup, LastStepAt = corrected.CorrectedAt
    };

    public static CaseloadEntry Apply(ImmigrationEntryVoided voided, CaseloadEntry entry) =>
        entry with { Immigration = entry.Immigration.Void(voided), LastStepAt = voided.VoidedAt };

    public static CaseloadEntry Apply(CompensationEntryVoided voided, CaseloadEntry entry) =>
        entry with { Compensation = entry.Compensation.Void(voided), LastStepAt = voided.VoidedAt };

    public static CaseloadEntry Apply(DisbursementVoided voided, CaseloadEntry entry) => entry with { LastStepAt = voided.VoidedAt };

    public static CaseloadEntry Apply(ConsentGiven given, CaseloadEntry entry) =>
        entry with { Consents = ConsentLedger.Apply(entry.Consents, given), LastStepAt = given.RecordedAt };

    public static CaseloadEntry Apply(ConsentWithdrawn withdrawn, CaseloadEntry entry) =>
        entry with { Consents = ConsentLedger.Apply(entry.Consents, withdrawn), LastStepAt = withdrawn.WithdrawnAt };

    public static CaseloadEntry Apply(ReferralMade made, CaseloadEntry entry) =>
        entry.WithReferrals(ReferralLedger.Apply(entry.Referrals, made)) with { LastStepAt = made.ReferredAt };

    public static CaseloadEntry Apply(ReferralAccepted accepted, CaseloadEntry entry) =>
        entry.WithReferrals(ReferralLedger.Apply(entry.Referrals, accepted)) with { LastStepAt = accepted.AcceptedAt };

    public static CaseloadEntry Apply(ReferralDeclined declined, CaseloadEntry entry) =>
        entry.WithReferrals(ReferralLedger.Apply(entry.Referrals, declined)) with { LastStepAt = declined.DeclinedAt };

    public static CaseloadEntry Apply(ReferralCancelled cancelled, CaseloadEntry entry) =>
        entry.WithReferrals(ReferralLedger.Apply(entry.Referrals, cancelled)) with { LastStepAt = cancelled.CancelledAt };

    public static CaseloadEntry Apply(AssessmentRecorded recorded, CaseloadEntry entry) =>
        entry with { Assessments = AssessmentLedger.Apply(entry.Assessments, recorded), LastStepAt = recorded.RecordedAt };

    public static CaseloadEntry Apply(AssessmentVoided voided, CaseloadEntry entry) =>
        entry with { Assessments = AssessmentLedger.Apply(entry.Assessments, voided), LastStepAt = voided.VoidedAt };
}
