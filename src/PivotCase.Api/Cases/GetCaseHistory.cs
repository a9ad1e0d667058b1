using System.Security.Claims;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Compensation;
using PivotCase.Api.Immigration;
using PivotCase.Api.Privacy;
using PivotCase.Api.Recovery;
using PivotCase.Api.Referrals;
using PivotCase.Api.Steps;
using Wolverine.Http;
using Wolverine.Marten;

namespace PivotCase.Api.Cases;

public sealed record HistoryEntry(long Version, string Type, DateTimeOffset At, string By, string Summary);

/// <summary>
/// The audit trail of a case, told from its events. Summaries are built from enumerations and ids only: free text
/// and protected details never appear here.
/// </summary>
public static class CaseHistory
{
    public static HistoryEntry Describe(IEvent @event) => @event.Data switch
    {
        CaseOpened opened => Entry(@event, opened.OpenedBy, opened.RecordedAt,
            $"Case opened from access point {Snake(opened.AccessPoint)} ({string.Join(", ", opened.ExploitationTypes.Select(Snake))}), " +
            $"region {opened.Region}{(opened.PersonalDetails is null ? "" : "; personal details recorded (protected)")}"),
        CaseClosed closed => Entry(@event, closed.ClosedBy, closed.ClosedAt, $"Case closed: {Snake(closed.Reason)}"),
        CaseTransferred transferred => Entry(@event, transferred.TransferredBy, transferred.TransferredAt,
            $"Case transferred from {transferred.FromWorker} ({transferred.FromOrganization}) to {transferred.ToWorker} ({transferred.ToOrganization})"),
        CaseReopened reopened => Entry(@event, reopened.ReopenedBy, reopened.ReopenedAt, "Case reopened"),
        PersonalDetailsErased erased => Entry(@event, erased.ErasedBy, erased.ErasedAt, $"Personal details erased ({Snake(erased.Reason)})"),
        PersonalDetailsCorrected corrected => Entry(@event, corrected.CorrectedBy, corrected.CorrectedAt, "Personal details corrected"),
        CaseProfileCorrected profile => Entry(@event, profile.CorrectedBy, profile.CorrectedAt,
            $"Profile corrected: access point {Snake(profile.AccessPoint)} ({string.Join(", ", profile.ExploitationTypes.Select(Snake))}), " +
            $"{Snake(profile.Trafficking)}, age group {Snake(profile.AgeGroup)}, gender {Snake(profile.Gender)}, region {profile.Region}"),
        NeedRecorded need => Entry(@event, need.RecordedBy, need.RecordedAt,
            $"Need {need.NeedId} recorded: {Snake(need.Domain)}, {Snake(need.Timeframe)}"),
        ImmigrationEventRecorded immigration => Entry(@event, immigration.RecordedBy, immigration.RecordedAt,
            $"Immigration: {Snake(immigration.Kind)} on {immigration.On:yyyy-MM-dd}" +
            (immigration.ValidUntil is { } validUntil ? $", valid until {validUntil:yyyy-MM-dd}" : "")),
        CompensationEventRecorded compensation => Entry(@event, compensation.RecordedBy, compensation.RecordedAt,
            $"IVAC: {Snake(compensation.Kind)} on {compensation.On:yyyy-MM-dd}"),
        EmergencyFundDisbursed fund => Entry(@event, fund.DisbursedBy, fund.DisbursedAt,
            $"Emergency fund: {fund.Amount:0.00} CAD for {Snake(fund.Category)} on {fund.On:yyyy-MM-dd}"),
        ImmigrationEntryVoided voided => Entry(@event, voided.VoidedBy, voided.VoidedAt,
            $"Immigration entry {voided.EntryId} voided ({Snake(voided.Reason)})"),
        CompensationEntryVoided voided => Entry(@event, voided.VoidedBy, voided.VoidedAt, $"IVAC entry {voided.EntryId} voided ({Snake(voided.Reason)})"),
        DisbursementVoided voided => Entry(@event, voided.VoidedBy, voided.VoidedAt,
            $"Emergency fund disbursement {voided.DisbursementId} voided ({Snake(voided.Reason)})"),
        ConsentGiven consent => Entry(@event, consent.RecordedBy, consent.RecordedAt,
            $"Consent {consent.ConsentId} given: {Snake(consent.Scope)}" +
            (consent.Organization is { } organization ? $" with {organization}" : "") +
            (consent.IncludesPersonalDetails ? ", personal details included" : "") +
            (consent.ExpiresOn is { } expires ? $", until {expires:yyyy-MM-dd}" : "")),
        ConsentWithdrawn withdrawn => Entry(@event, withdrawn.WithdrawnBy, withdrawn.WithdrawnAt, $"Consent {withdrawn.ConsentId} withdrawn"),
        ReferralMade referral => Entry(@event, referral.ReferredBy, referral.ReferredAt,
            $"Referral {referral.ReferralId} to {referral.ToOrganization} for {Snake(referral.Domain)}{(referral.Urgent ? " (urgent)" : "")}"),
        ReferralAccepted accepted => Entry(@event, accepted.AcceptedBy, accepted.AcceptedAt, $"Referral {accepted.ReferralId} accepted"),
        ReferralDeclined declined => Entry(@event, declined.DeclinedBy, declined.DeclinedAt, $"Referral {declined.ReferralId} declined"),
        ReferralCancelled cancelled => Entry(@event, cancelled.CancelledBy, cancelled.CancelledAt, $"Referral {cancelled.ReferralId} cancelled"),
        StepPlanned planned => Entry(@event, planned.PlannedBy, planned.PlannedAt,
            $"Step {planned.StepId} planned: {Snake(planned.Domain)}, {Snake(planned.Timeframe)}" +
            (planned.DueOn is { } due ? $", due {due:yyyy-MM-dd}" : "")),
        StepStarted started => Entry(@event, started.StartedBy, started.StartedAt, $"Step {started.StepId} started"),
        StepCompleted completed => Entry(@event, completed.CompletedBy, completed.CompletedAt,
            $"Step {completed.StepId} completed on {completed.CompletedOn:yyyy-MM-dd}"),
        StepCancelled cancelled => Entry(@event, cancelled.CancelledBy, cancelled.CancelledAt, $"Step {cancelled.StepId} cancelled"),
        StepLinkedToNeed linked => Entry(@event, linked.LinkedBy, linked.LinkedAt, $"Step {linked.StepId} linked to need {linked.NeedId}"),
        AssessmentRecorded assessment => Entry(@event, assessment.AssessedBy, assessment.RecordedAt,
            $"Recovery assessment on {assessment.AssessedOn:yyyy-MM-dd} ({assessment.Scores.Count} domain{(assessment.Scores.Count == 1 ? "" : "s")})"),
        AssessmentVoided voided => Entry(@event, voided.VoidedBy, voided.VoidedAt,
            $"Recovery assessment on {voided.AssessedOn:yyyy-MM-dd} voided ({Snake(voided.Reason)})"),
        _ => Entry(@event, @event.UserName ?? "system", @event.Timestamp, @event.EventTypeName.Replace('_', ' '))
    };

    /// <summary>
    /// The history shows a caller the referrals and consents the case itself shows it (<see cref="CaseAccess.ReferralsVisibleTo"/>,
    /// <see cref="CaseAccess.ConsentsVisibleTo"/>): a partner organisation sees its own referrals and the consents that
    /// name it, never the survivor's relationships with other organisations nor the research consent. The entries it
    /// does not see leave gaps in the versions.
    /// </summary>
    public static bool IsVisible(IEvent @event, IReadOnlySet<Guid> visibleReferrals, IReadOnlySet<Guid> visibleConsents) =>
        @event.Data switch
        {
            ReferralMade made => visibleReferrals.Contains(made.ReferralId),
            ReferralAccepted accepted => visibleReferrals.Contains(accepted.ReferralId),
            ReferralDeclined declined => visibleReferrals.Contains(declined.ReferralId),
            ReferralCancelled cancelled => visibleReferrals.Contains(cancelled.ReferralId),
            ConsentGiven given => visibleConsents.Contains(given.ConsentId),
            ConsentWithdrawn withdrawn => visibleConsents.Contains(withdrawn.ConsentId),
            _ => true
        };

    /// <summary>
    /// What a partner organisation reads: the same entries, except that a transfer does not name the organisations and
    /// workers it was between, which would tell the partner about the survivor's other relationships (an earlier owner).
    /// </summary>
    public static HistoryEntry DescribeForPartner(IEvent @event) => @event.Data is CaseTransferred transferred
        ? Entry(@event, transferred.TransferredBy, transferred.TransferredAt, "Case transferred to another pivot worker")
        : Describe(@event);

    private static HistoryEntry Entry(IEvent @event, string by, DateTimeOffset at, string summary) =>
        new(@event.Version, @event.EventTypeName, at, by, summary);

    private static string Snake<T>(T value) where T : struct, Enum => Json.NameOf(value);
}

public static class GetCaseHistoryEndpoint
{
    public static ProblemDetails Validate(Case? caseFile, ClaimsPrincipal user, CoalitionCalendar calendar) => CaseAccess.Check(caseFile, Caller.From(user), calendar.Today);

    [WolverineGet("/api/cases/{id}/history"), Authorize(Policy = Policies.CaseRead)]
    [Tags("Cases")]
    public static async Task<IReadOnlyList<HistoryEntry>> Get(
        [ReadAggregate("id", Required = false)] Case caseFile, ClaimsPrincipal user, CoalitionCalendar calendar,
        IQuerySession session, CancellationToken token)
    {
        var caller = Caller.From(user);
        var referrals = CaseAccess.ReferralsVisibleTo(caseFile, caller, calendar.Today).Select(referral => referral.ReferralId).ToHashSet();
        var consents = CaseAccess.ConsentsVisibleTo(caseFile, caller, calendar.Today).Select(consent => consent.ConsentId).ToHashSet();
        var events = await session.Events.FetchStreamAsync(caseFile.Id, token: token);
        Func<IEvent, HistoryEntry> describe = CaseAccess.RelationOf(caseFile, caller, calendar.Today) == CaseRelation.Owner
            ? CaseHistory.Describe
            : CaseHistory.DescribeForPartner;
        return events.Where(@event => CaseHistory.IsVisible(@event, referrals, consents)).Select(describe).ToList();
    }
}
