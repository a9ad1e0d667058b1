using System.Collections.Immutable;
using PivotCase.Api.Steps;

namespace PivotCase.Api.Referrals;

public sealed record Referral(
    Guid ReferralId,
    string FromOrganization,
    string ToOrganization,
    ServiceDomain Domain,
    string? Reason,
    bool Urgent,
    ReferralStatus Status,
    string ReferredBy,
    DateTimeOffset ReferredAt,
    DateTimeOffset? RespondedAt,
    string? RespondedBy,
    string? ResponseReason);

/// <summary>How referral events change a case's referrals; shared by the write model and the read model.</summary>
public static class ReferralLedger
{
    public static ImmutableList<Referral> Apply(ImmutableList<Referral> referrals, ReferralMade made) =>
        referrals.Add(new Referral(made.ReferralId, made.FromOrganization, made.ToOrganization, made.Domain, made.Reason,
            made.Urgent, ReferralStatus.Pending, made.ReferredBy, made.ReferredAt, null, null, null));

    public static ImmutableList<Referral> Apply(ImmutableList<Referral> referrals, ReferralAccepted accepted) =>
        Respond(referrals, accepted.ReferralId, ReferralStatus.Accepted, accepted.AcceptedBy, accepted.AcceptedAt, accepted.Reason);

    public static ImmutableList<Referral> Apply(ImmutableList<Referral> referrals, ReferralDeclined declined) =>
        Respond(referrals, declined.ReferralId, ReferralStatus.Declined, declined.DeclinedBy, declined.DeclinedAt, declined.Reason);

    public static ImmutableList<Referral> Apply(ImmutableList<Referral> referrals, ReferralCancelled cancelled) =>
        Respond(referrals, cancelled.ReferralId, ReferralStatus.Cancelled, cancelled.CancelledBy, cancelled.CancelledAt, cancelled.Reason);

    /// <summary>
    /// The cancellation, without a reason, of each of <paramref name="referrals"/> still pending: what closing a case or
    /// handing it to the organisation a referral waits on does to referrals that could no longer be answered.
    /// </summary>
    public static IEnumerable<ReferralCancelled> CancelPending(
        Guid caseId, IEnumerable<Referral> referrals, string cancelledBy, DateTimeOffset cancelledAt) =>
        referrals.Where(referral => referral.Status == ReferralStatus.Pending)
            .Select(referral => new ReferralCancelled(caseId, referral.ReferralId, null, cancelledBy, cancelledAt));

    private static ImmutableList<Referral> Respond(
        ImmutableList<Referral> referrals, Guid referralId, ReferralStatus status, string by, DateTimeOffset at, string? reason) =>
        referrals.Select(referral => referral.ReferralId == referralId
                ? referral with { Status = status, RespondedBy = by, RespondedAt = at, ResponseReason = reason }
                : referral)
            .ToImmutableList();
}
