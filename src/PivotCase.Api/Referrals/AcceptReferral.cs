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

public sealed record AcceptReferral([property: Description(FreeText.Warning)] string? Reason = null, long? ExpectedVersion = null);

/// <summary>The receiving organisation takes the survivor on: its caseworkers may then read the case and log steps.</summary>
public static class AcceptReferralEndpoint
{
    public static ProblemDetails Validate(
        AcceptReferral? command, Case? caseFile, Guid referralId, ClaimsPrincipal user, CoalitionCalendar calendar)
    {
        var caller = Caller.From(user);
        var denied = ReferralRules.CheckAnswer(caseFile, referralId, caller, calendar.Today);
        if (denied != Problems.None) return denied;
        if (command?.ExpectedVersion is { } expected && expected != caseFile!.Version)
            return Problems.StaleVersion(expected, caseFile.Version);

        if (ConsentLedger.ActiveShareWith(caseFile!.Consents, caller.Organization, calendar.Today) is null)
            return ReferralRules.ConsentRequired(caller.Organization);
        return Problems.Invalid(new ValidationErrors().MaxLength("reason", command?.Reason, 1000));
    }

    [WolverinePost("/api/cases/{id}/referrals/{referralId}/accept"), Authorize(Policy = Policies.CaseWrite)]
    [Tags("Consent and referrals")]
    public static (CaseVersion, Events) Post(
        [FromBody] AcceptReferral? command, [WriteAggregate(Required = false)] Case caseFile, Guid referralId,
        ClaimsPrincipal user, CoalitionCalendar calendar) =>
        (new CaseVersion(caseFile.Id, caseFile.Version + 1),
            [new ReferralAccepted(caseFile.Id, referralId, command?.Reason?.Trim(), Caller.From(user).UserId, calendar.Now)]);
}
