using System.Collections.Immutable;
using System.Text.Json.Serialization;
using PivotCase.Api.Compensation;
using PivotCase.Api.Immigration;
using PivotCase.Api.Privacy;
using PivotCase.Api.Recovery;
using PivotCase.Api.Referrals;
using PivotCase.Api.Steps;

namespace PivotCase.Api.Cases;

/// <summary>
/// The write model of a case: just what the decisions need (who owns it, whether it is open, which steps exist
/// and in which state). Immutable: every event yields a new snapshot; decisions return events.
/// </summary>
public sealed record Case(
    Guid Id,
    string Organization,
    string PivotWorker,
    CaseStatus Status,
    ImmutableDictionary<Guid, StepStatus> Steps) : ICaseScope
{
    /// <summary>The stream version this snapshot reflects; set by Marten.</summary>
    public long Version { get; set; }

    /// <summary>
    /// The layout of this snapshot. A snapshot stored before the layout last gained a field some decisions rely on reads
    /// as an older layout (0 when it has none); those decisions refuse it until <c>projections rebuild -p Case</c> has
    /// folded the events again, rather than deciding with that field empty (<see cref="CaseAccess.CheckWrite"/>).
    /// </summary>
    public int Layout { get; init; }

    /// <summary>2: the ids of assessments and of immigration, IVAC and emergency-fund entries (2026-11-29).</summary>
    public const int CurrentLayout = 2;

    public bool IsOutdated => Layout < CurrentLayout;

    /// <summary>The day the survivor was identified: nothing about the case can be dated before it.</summary>
    public DateOnly OpenedOn { get; init; }

    /// <summary>The needs recorded on the case, so that steps can only be linked to one of them.</summary>
    public ImmutableHashSet<Guid> Needs { get; init; } = [];

    public ImmutableList<Consent> Consents { get; init; } = [];

    public ImmutableList<Referral> Referrals { get; init; } = [];

    /// <summary>The immigration, IVAC and emergency-fund entries in force, so that only those can be voided, each by its route.</summary>
    public ImmutableDictionary<Guid, CaseEntryKind> Entries { get; init; } = ImmutableDictionary<Guid, CaseEntryKind>.Empty;

    /// <summary>The recovery assessments in force and their days, so that a day is assessed only once.</summary>
    public ImmutableDictionary<Guid, DateOnly> Assessments { get; init; } = ImmutableDictionary<Guid, DateOnly>.Empty;

    [JsonIgnore]
    public IEnumerable<DateOnly> AssessedDays => Assessments.Values;

    IReadOnlyList<Consent> ICaseScope.Consents => Consents;

    IReadOnlyList<Referral> ICaseScope.Referrals => Referrals;

    /// <summary>When the case was last closed (null while open): the retention period runs from it.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>
    /// The erasure of the personal details the case holds, once done: a second request finds it and changes nothing.
    /// Cleared by details recorded again afterwards (only after a retention erasure).
    /// </summary>
    public PersonalDetailsErased? Erasure { get; init; }

    public bool IsClosed => Status == CaseStatus.Closed;

    public static Case Create(CaseOpened opened) =>
        new(opened.CaseId, opened.Organization, opened.PivotWorker, CaseStatus.Open,
            ImmutableDictionary<Guid, StepStatus>.Empty) { OpenedOn = opened.OpenedOn, Layout = CurrentLayout };

    public Case Apply(CaseClosed closed) => this with { Status = CaseStatus.Closed, ClosedAt = closed.ClosedAt };

    public Case Apply(CaseReopened _) => this with { Status = CaseStatus.Open, ClosedAt = null };

    public Case Apply(PersonalDetailsErased erased) => this with { Erasure = erased };

    /// <summary>Details recorded again after a retention erasure are held, and erased, like the first ones.</summary>
    public Case Apply(PersonalDetailsCorrected _) => this with { Erasure = null };

    public Case Apply(CaseProfileCorrected _) => this;

    public Case Apply(CaseTransferred transferred) =>
        this with { Organization = transferred.ToOrganization, PivotWorker = transferred.ToWorker };

    public Case Apply(NeedRecorded recorded) => this with { Needs = Needs.Add(recorded.NeedId) };

    public Case Apply(ImmigrationEventRecorded recorded) => this with { Entries = Entries.SetItem(recorded.EntryId, CaseEntryKind.Immigration) };

    public Case Apply(CompensationEventRecorded recorded) => this with { Entries = Entries.SetItem(recorded.EntryId, CaseEntryKind.Compensation) };

    public Case Apply(EmergencyFundDisbursed disbursed) =>
        this with { Entries = Entries.SetItem(disbursed.DisbursementId, CaseEntryKind.Disbursement) };

    public Case Apply(ImmigrationEntryVoided voided) => this with { Entries = Entries.Remove(voided.EntryId) };

    public Case Apply(CompensationEntryVoided voided) => this with { Entries = Entries.Remove(voided.EntryId) };

    public Case Apply(DisbursementVoided voided) => this with { Entries = Entries.Remove(voided.DisbursementId) };

    public Case Apply(ConsentGiven given) => this with { Consents = ConsentLedger.Apply(Consents, given) };

    public Case Apply(ConsentWithdrawn withdrawn) => this with { Consents = ConsentLedger.Apply(Consents, withdrawn) };

    public Case Apply(ReferralMade made) => this with { Referrals = ReferralLedger.Apply(Referrals, made) };

    public Case Apply(ReferralAccepted accepted) => this with { Referrals = ReferralLedger.Apply(Referrals, accepted) };

    public Case Apply(ReferralDeclined declined) => this with { Referrals = ReferralLedger.Apply(Referrals, declined) };

    public Case Apply(ReferralCancelled cancelled) => this with { Referrals = ReferralLedger.Apply(Referrals, cancelled) };

    public Case Apply(StepPlanned planned) => this with { Steps = Steps.SetItem(planned.StepId, StepStatus.Planned) };

    public Case Apply(StepStarted started) => this with { Steps = Steps.SetItem(started.StepId, StepStatus.InProgress) };

    public Case Apply(StepCompleted completed) => this with { Steps = Steps.SetItem(completed.StepId, StepStatus.Done) };

    public Case Apply(StepCancelled cancelled) => this with { Steps = Steps.SetItem(cancelled.StepId, StepStatus.Cancelled) };

    public Case Apply(StepLinkedToNeed _) => this;

    public Case Apply(AssessmentRecorded recorded) => this with { Assessments = Assessments.SetItem(recorded.AssessmentId, recorded.AssessedOn) };

    public Case Apply(AssessmentVoided voided) => this with { Assessments = Assessments.Remove(voided.AssessmentId) };
}
