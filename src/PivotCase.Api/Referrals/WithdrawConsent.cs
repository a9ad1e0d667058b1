using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Cases;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Platform.Http;
using Wolverine.Http;
using Wolverine.Marten;

namespace PivotCase.Api.Referrals;

public sealed record WithdrawConsent(long? ExpectedVersion = null);

/// <summary>
/// Withdrawing a consent to share ends the partner organisation's access at once; when it was the last one in force to
/// share with that organisation, the referrals still waiting on it are cancelled: they could no longer be accepted. (An
/// expired consent changes nobody's access, so withdrawing it cancels nothing: its referral waits for a new consent.)
/// </summary>
public static class WithdrawConsentEndpoint
{
    public static ProblemDetails Validate(
        WithdrawConsent? command, Case? caseFile, Guid consentId, ClaimsPrincipal user, CoalitionCalendar calendar)
    {
        var denied = CaseAccess.CheckWrite(caseFile, Caller.From(user), calendar.Today, command?.ExpectedVersion, allowClosed: true);
        if (denied != Problems.None) return denied;

        var consent = caseFile!.Consents.Find(candidate => candidate.ConsentId == consentId);
        if (consent is null) return Problems.NotFound("consent");
        return consent.WithdrawnAt is null ? Problems.None : Problems.Conflict("The consent is already withdrawn.");
    }

    [WolverinePost("/api/cases/{id}/consents/{consentId}/withdraw"), Authorize(Policy = Policies.CaseWrite)]
    [Tags("Consent and referrals")]
    public static (CaseVersion, Events) Post(
        [FromBody] WithdrawConsent? command, [WriteAggregate(Required = false)] Case caseFile, Guid consentId, ClaimsPrincipal user,
        CoalitionCalendar calendar)
    {
        var by = Caller.From(user).UserId;
        var now = calendar.Now;
        var withdrawn = caseFile.Consents.Find(consent => consent.ConsentId == consentId)!;
        var sharingEnds = withdrawn is { Scope: ConsentScope.ShareWithOrganization, Organization: { } organization }
                          && withdrawn.IsActiveOn(calendar.Today)
                          && ConsentLedger.ActiveShareWith(caseFile.Consents.Where(other => other.ConsentId != consentId), organization,
                              calendar.Today) is null;
        Events events =
        [
            new ConsentWithdrawn(caseFile.Id, consentId, by, now),
            ..sharingEnds
                ? ReferralLedger.CancelPending(caseFile.Id,
                    caseFile.Referrals.Where(referral => referral.ToOrganization == withdrawn.Organization), by, now)
                : []
        ];
        return (new CaseVersion(caseFile.Id, caseFile.Version + events.Count), events);
    }
}
