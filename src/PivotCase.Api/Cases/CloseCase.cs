using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Platform.Http;
using PivotCase.Api.Referrals;
using Wolverine.Http;
using Wolverine.Marten;

namespace PivotCase.Api.Cases;

public sealed record CloseCase([property: Required] ClosureReason? Reason, long? ExpectedVersion = null);

public static class CloseCaseEndpoint
{
    public static ProblemDetails Validate(CloseCase command, Case? caseFile, ClaimsPrincipal user, CoalitionCalendar calendar)
    {
        var denied = CaseAccess.CheckWrite(caseFile, Caller.From(user), calendar.Today, command.ExpectedVersion);
        return denied != Problems.None ? denied : Problems.Invalid(new ValidationErrors().Required("reason", command.Reason));
    }

    /// <remarks>Closing also cancels the referrals still waiting for an answer; see <see cref="Decide"/>.</remarks>
    [WolverinePost("/api/cases/{id}/close"), Authorize(Policy = Policies.CaseWrite)]
    [Tags("Cases")]
    public static (CaseVersion, Events) Post(
        CloseCase command, [WriteAggregate(Required = false)] Case caseFile, ClaimsPrincipal user, CoalitionCalendar calendar)
    {
        var events = Decide(command, caseFile, Caller.From(user).UserId, calendar.Now);
        return (new CaseVersion(caseFile.Id, caseFile.Version + events.Count), new Events(events));
    }

    /// <summary>
    /// A referral still pending when its case closes could never be answered (a closed case cannot be taken on), yet
    /// it would stay at the top of the receiving organisation's queue: closing cancels it first, without a reason, so
    /// the receiving organisation learns no more than that the referral was withdrawn.
    /// </summary>
    public static IReadOnlyList<object> Decide(CloseCase command, Case caseFile, string closedBy, DateTimeOffset closedAt) =>
    [
        ..ReferralLedger.CancelPending(caseFile.Id, caseFile.Referrals, closedBy, closedAt),
        new CaseClosed(caseFile.Id, command.Reason!.Value, closedBy, closedAt)
    ];
}
