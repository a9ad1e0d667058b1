using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Platform.Http;
using PivotCase.Api.Referrals;

namespace PivotCase.Api.Cases;

/// <summary>What the access rule needs to know of a case: its owner, its consents and its referrals.</summary>
public interface ICaseScope
{
    string Organization { get; }
    IReadOnlyList<Consent> Consents { get; }
    IReadOnlyList<Referral> Referrals { get; }
}

public enum CaseRelation
{
    None, Owner, Partner
}

/// <summary>
/// The single object-level access rule for cases. The owning organisation sees its cases; another organisation's
/// caseworkers see a case only while it holds an accepted referral AND the survivor's consent to share with it is active
/// (withdrawal or expiry ends access at once). The consent is to the caseworkers who take the referral on, so a partner's
/// supervisors do not see the case. A case the caller may not see is answered exactly like one that does not exist (404).
/// </summary>
public static class CaseAccess
{
    public static CaseRelation RelationOf(ICaseScope scope, Caller caller, DateOnly today)
    {
        if (caller.Organization.Length == 0) return CaseRelation.None;
        if (scope.Organization == caller.Organization) return CaseRelation.Owner;
        if (!caller.IsInRole(Roles.Caseworker)) return CaseRelation.None;

        var referred = scope.Referrals.Any(referral =>
            referral.ToOrganization == caller.Organization && referral.Status == ReferralStatus.Accepted);
        return referred && ConsentLedger.ActiveShareWith(scope.Consents, caller.Organization, today) is not null
            ? CaseRelation.Partner
            : CaseRelation.None;
    }

    public static bool CanSee(ICaseScope scope, Caller caller, DateOnly today) => RelationOf(scope, caller, today) != CaseRelation.None;

    /// <summary>
    /// Owners' caseworkers and supervisors see personal details; a partner's caseworkers only when the consent to share
    /// says so.
    /// </summary>
    public static bool CanSeePersonalDetails(ICaseScope scope, Caller caller, DateOnly today) =>
        (caller.IsInRole(Roles.Caseworker) || caller.IsInRole(Roles.Supervisor)) && RelationOf(scope, caller, today) switch
        {
            CaseRelation.Owner => true,
            CaseRelation.Partner => ConsentLedger.ActiveShareWith(scope.Consents, caller.Organization, today)!.IncludesPersonalDetails,
            _ => false
        };

    /// <summary>A partner sees its own referrals and the consents that name it, not the survivor's other relationships.</summary>
    public static IReadOnlyList<Referral> ReferralsVisibleTo(ICaseScope scope, Caller caller, DateOnly today) =>
        RelationOf(scope, caller, today) == CaseRelation.Owner
            ? scope.Referrals
            : scope.Referrals.Where(referral => referral.ToOrganization == caller.Organization).ToList();

    public static IReadOnlyList<Consent> ConsentsVisibleTo(ICaseScope scope, Caller caller, DateOnly today) =>
        RelationOf(scope, caller, today) == CaseRelation.Owner
            ? scope.Consents
            : scope.Consents.Where(consent => consent.Organization == caller.Organization).ToList();

    public static ProblemDetails Check(ICaseScope? scope, Caller caller, DateOnly today) =>
        scope is not null && CanSee(scope, caller, today) ? Problems.None : Problems.NotFound();

    /// <summary>
    /// Access first (404; partners may only log steps, else 403), then the version the client expects (409), then a
    /// snapshot older than the decision needs (503), then the case being open (409).
    /// </summary>
    /// <param name="decidesFromEntryIds">The decision reads the ids of assessments or entries (<c>Case.Layout</c> 2): a case
    /// whose snapshot predates them is 503 until the Case projection is rebuilt, rather than decided with them empty.</param>
    public static ProblemDetails CheckWrite(
        Case? current, Caller caller, DateOnly today, long? expectedVersion, bool allowClosed = false,
        bool partnersMayWrite = false, bool decidesFromEntryIds = false, CaseAddition? adds = null)
    {
        var relation = current is null ? CaseRelation.None : RelationOf(current, caller, today);
        if (relation == CaseRelation.None) return Problems.NotFound();
        if (relation == CaseRelation.Partner && !partnersMayWrite)
            return Problems.Forbidden("Only the organisation that owns the case may do this.");
        if (expectedVersion is { } expected && expected != current!.Version)
            return Problems.StaleVersion(expected, current.Version);
        if (decidesFromEntryIds && current!.IsOutdated)
            return Problems.UpgradeUnfinished();
        if (!allowClosed && current!.IsClosed)
            return Problems.Conflict("The case is closed: reopen it first.");
        return adds is { } addition ? CaseBounds.Check(current!, addition) : Problems.None;
    }
}
