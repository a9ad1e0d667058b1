using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Platform.Http;
using PivotCase.Api.Referrals;
using Wolverine.Http;
using Wolverine.Marten;

namespace PivotCase.Api.Cases;

public sealed record TransferCase(
    [property: Required] string? ToWorker,
    string? ToOrganization = null,
    long? ExpectedVersion = null);

public static class TransferCaseEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(
        TransferCase command, Case? caseFile, ClaimsPrincipal user, CoalitionCalendar calendar, IQuerySession session,
        CancellationToken token)
    {
        var denied = CaseAccess.CheckWrite(caseFile, Caller.From(user), calendar.Today, command.ExpectedVersion);
        if (denied != Problems.None) return denied;

        var toOrganization = command.ToOrganization?.Trim() ?? caseFile!.Organization;
        var movesOrganization = toOrganization != caseFile!.Organization;
        var invalid = Problems.Invalid(new ValidationErrors()
            .Required("toWorker", command.ToWorker)
            .MaxLength("toWorker", command.ToWorker, 100)
            .When(!movesOrganization && command.ToWorker?.Trim() == caseFile.PivotWorker, "toWorker", "This is already the pivot worker.")
            .When(movesOrganization && !await ReferralRules.IsDirectoryMember(session, toOrganization, token),
                "toOrganization", "Not a member of the coalition directory."));
        if (invalid != Problems.None) return invalid;

        if (!movesOrganization) return Problems.None;
        var consent = ConsentLedger.ActiveShareWith(caseFile.Consents, toOrganization, calendar.Today);
        if (consent is null) return ReferralRules.ConsentRequired(toOrganization);
        if (consent.IncludesPersonalDetails) return Problems.None;

        // The new owner sees the personal details like any owner: a consent that keeps them from that organisation
        // cannot carry the case there while it holds any. Whether it does is in the read model, missing only while it
        // is rebuilt: refused then rather than let through unchecked.
        if (await session.LoadAsync<CaseDetails>(caseFile.Id, token) is not { } details) return Problems.UpgradeUnfinished();
        return details.PersonalDetails is null ? Problems.None : ReferralRules.PersonalDetailsConsentRequired(toOrganization);
    }

    [WolverinePost("/api/cases/{id}/transfer"), Authorize(Policy = Policies.CaseWrite)]
    [Tags("Cases")]
    public static (CaseVersion, Events) Post(
        TransferCase command, [WriteAggregate(Required = false)] Case caseFile, ClaimsPrincipal user, CoalitionCalendar calendar)
    {
        var events = Decide(command, caseFile, Caller.From(user).UserId, calendar.Now);
        return (new CaseVersion(caseFile.Id, caseFile.Version + events.Count), new Events(events));
    }

    /// <summary>
    /// A referral still pending to the organisation that takes the case over is moot: it would ask the new owner to
    /// accept its own case, and show on its dashboard as an incoming referral. The transfer cancels it first.
    /// </summary>
    public static IReadOnlyList<object> Decide(TransferCase command, Case caseFile, string transferredBy, DateTimeOffset transferredAt)
    {
        var toOrganization = command.ToOrganization?.Trim() ?? caseFile.Organization;
        return
        [
            ..ReferralLedger.CancelPending(caseFile.Id,
                caseFile.Referrals.Where(referral => referral.ToOrganization == toOrganization), transferredBy, transferredAt),
            new CaseTransferred(caseFile.Id, caseFile.PivotWorker, command.ToWorker!.Trim(), caseFile.Organization, toOrganization,
                transferredBy, transferredAt)
        ];
    }
}
