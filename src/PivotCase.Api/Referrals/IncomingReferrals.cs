using System.Security.Claims;
using Marten;
using Marten.Linq.MatchesSql;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Cases;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Platform.Http;
using PivotCase.Api.Privacy;
using PivotCase.Api.Steps;
using Wolverine.Http;

namespace PivotCase.Api.Referrals;

/// <summary>
/// What the receiving organisation needs to decide: the de-identified profile, never personal details, and, while the
/// referral waits for its answer, the <paramref name="Organization"/> that holds the case now, to call about it: the
/// referring one, unless the case was transferred since. Once accepted, the partner's caseworkers read it on the case
/// itself (where each read is logged); its supervisors, who may not read the case, do not follow it here.
/// </summary>
public sealed record ReferredCase(
    AccessPoint AccessPoint, IReadOnlyList<ExploitationType> ExploitationTypes, TraffickingScope Trafficking, AgeGroup AgeGroup,
    Gender Gender, string Region, string? Organization);

/// <summary>
/// <see cref="Case"/> is the de-identified profile while the referral is pending or accepted and the survivor's consent
/// to share with the receiving organisation is in force (<see cref="ConsentInForce"/>); null otherwise. The referral stays
/// listed, so the organisation knows it can no longer be accepted (consent withdrawn or expired) or was closed (declined,
/// cancelled), but neither the survivor's profile nor the referral's free-text <see cref="Reason"/> (which may describe
/// the survivor) is shown to it any more: a closed referral gives the organisation no reason to keep reading them, and
/// these reads would be in no access log.
/// </summary>
public sealed record IncomingReferral(
    Guid ReferralId, Guid CaseId, string FromOrganization, ServiceDomain Domain, string? Reason, bool Urgent,
    ReferralStatus Status, DateTimeOffset ReferredAt, DateTimeOffset? RespondedAt, bool ConsentInForce, ReferredCase? Case);

public static class IncomingReferralsEndpoint
{
    /// <summary>Answered by the referred-to GIN index (Cases/Configuration.cs).</summary>
    private const string ReferredToOrganization = "d.referred_to @> array[?]::varchar[]";

    public static ProblemDetails Validate(string? status) => Problems.Invalid(new ValidationErrors()
        .When(status is not null && !Json.TryParse<ReferralStatus>(status, out _), "status", "Use pending, accepted, declined or cancelled."));

    public const string Route = "/api/referrals/incoming";

    /// <summary>
    /// Each case whose profile the answer shows on a referral still to be answered is a read of that case, in its access
    /// log (once accepted, the case itself is read through its own routes, which log every read; listing old referrals
    /// again and again would bury those reads).
    /// </summary>
    [WolverineGet(Route), Authorize(Policy = Policies.CaseRead)]
    [Tags("Consent and referrals")]
    public static async Task<IReadOnlyList<IncomingReferral>> Get(
        string? status, ClaimsPrincipal user, IQuerySession session, CoalitionCalendar calendar, CaseAccessLogWriter accessLog,
        CancellationToken token)
    {
        var caller = Caller.From(user);
        var organization = caller.Organization;
        ReferralStatus? wanted = Json.TryParse<ReferralStatus>(status, out var parsed) ? parsed : null;
        var cases = await ReferredTo(session, organization).ToListAsync(token);

        var referrals = cases.SelectMany(details =>
            {
                var consentInForce = ConsentLedger.ActiveShareWith(details.Consents, organization, calendar.Today) is not null;
                var profile = new ReferredCase(details.AccessPoint, details.ExploitationTypes, details.Trafficking, details.AgeGroup,
                    details.Gender, details.Region, null);
                return details.Referrals
                    .Where(referral => referral.ToOrganization == organization && (wanted is null || referral.Status == wanted))
                    .Select(referral =>
                    {
                        var shown = consentInForce && referral.Status is ReferralStatus.Pending or ReferralStatus.Accepted;
                        return new IncomingReferral(referral.ReferralId, details.Id, referral.FromOrganization, referral.Domain,
                            shown ? referral.Reason : null, referral.Urgent, referral.Status, referral.ReferredAt, referral.RespondedAt,
                            consentInForce, !shown ? null
                                : referral.Status == ReferralStatus.Pending ? profile with { Organization = details.Organization } : profile);
                    });
            })
            .OrderByDescending(referral => referral.Status == ReferralStatus.Pending)
            .ThenByDescending(referral => referral.Urgent)
            .ThenBy(referral => referral.ReferredAt)
            .ThenBy(referral => referral.ReferralId)
            .ToList();
        var owned = cases.Where(details => details.Organization == organization).Select(details => details.Id).ToHashSet();
        accessLog.RecordListed(referrals
            .Where(referral => referral.Case is not null && referral.Status == ReferralStatus.Pending && !owned.Contains(referral.CaseId))
            .Select(referral => referral.CaseId), caller, calendar.Now, Route);
        return referrals;
    }

    /// <summary>The cases ever referred to the organisation.</summary>
    public static IQueryable<CaseDetails> ReferredTo(IQuerySession session, string organization) =>
        session.Query<CaseDetails>().Where(details => details.MatchesSql(ReferredToOrganization, organization));
}
