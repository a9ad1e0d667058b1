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

public sealed record DeclineReferral([property: Description(FreeText.Warning)] string? Reason = null, long? ExpectedVersion = null);

public static class DeclineReferralEndpoint
{
    public static ProblemDetails Validate(
        DeclineReferral? command, Case? caseFile, Guid referralId, ClaimsPrincipal user, CoalitionCalendar calendar)
    {
        var denied = ReferralRules.CheckAnswer(caseFile, referralId, Caller.From(user), calendar.Today);
        if (denied != Problems.None) return denied;
        if (command?.ExpectedVersion is { } expected && expected != caseFile!.Version)
            return Problems.StaleVersion(expected, caseFile.Version);
        return Problems.Invalid(new ValidationErrors().MaxLength("reason", command?.Reason, 1000));
    }

    [WolverinePost("/api/cases/{id}/referrals/{referralId}/decline"), Authorize(Policy = Policies.CaseWrite)]
    [Tags("Consent and referrals")]
    public static (CaseVersion, Events) Post(
        [FromBody] DeclineReferral? command, [WriteAggregate(Required = false)] Case caseFile, Guid referralId,
        ClaimsPrincipal user, CoalitionCalendar calendar) =>
        (new CaseVersion(caseFile.Id, caseFile.Version + 1),
            [new ReferralDeclined(caseFile.Id, referralId, command?.Reason?.Trim(), Caller.From(user).UserId, calendar.Now)]);
}
