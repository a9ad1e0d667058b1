using System.ComponentModel;
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

public sealed record CancelReferral([property: Description(FreeText.Warning)] string? Reason = null, long? ExpectedVersion = null);

/// <summary>The referring organisation withdraws a referral that has not been answered yet.</summary>
public static class CancelReferralEndpoint
{
    public static ProblemDetails Validate(
        CancelReferral? command, Case? caseFile, Guid referralId, ClaimsPrincipal user, CoalitionCalendar calendar)
    {
        var denied = CaseAccess.CheckWrite(caseFile, Caller.From(user), calendar.Today, command?.ExpectedVersion, allowClosed: true);
        if (denied != Problems.None) return denied;

        var referral = caseFile!.Referrals.Find(candidate => candidate.ReferralId == referralId);
        if (referral is null) return Problems.NotFound("referral");
        if (referral.Status != ReferralStatus.Pending)
            return Problems.Conflict($"The referral is already {Json.NameOf(referral.Status)}.");
        return Problems.Invalid(new ValidationErrors().MaxLength("reason", command?.Reason, 1000));
    }

    [WolverinePost("/api/cases/{id}/referrals/{referralId}/cancel"), Authorize(Policy = Policies.CaseWrite)]
    [Tags("Consent and referrals")]
    public static (CaseVersion, Events) Post(
        [FromBody] CancelReferral? command, [WriteAggregate(Required = false)] Case caseFile, Guid referralId,
        ClaimsPrincipal user, CoalitionCalendar calendar) =>
        (new CaseVersion(caseFile.Id, caseFile.Version + 1),
            [new ReferralCancelled(caseFile.Id, referralId, command?.Reason?.Trim(), Caller.From(user).UserId, calendar.Now)]);
}
