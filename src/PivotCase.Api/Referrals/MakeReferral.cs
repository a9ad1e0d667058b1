using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Cases;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Platform.Http;
using PivotCase.Api.Steps;
using Wolverine.Http;
using Wolverine.Marten;

namespace PivotCase.Api.Referrals;

public sealed record MakeReferral(
    [property: Required] string? ToOrganization,
    [property: Required] ServiceDomain? Domain,
    [property: Description(FreeText.Warning)] string? Reason = null,
    bool? Urgent = null,
    long? ExpectedVersion = null);

public sealed record ReferralMadeResponse(Guid ReferralId, long Version) : Created;

/// <summary>A referral to another coalition member, only under the survivor's active consent to share with it.</summary>
public static class MakeReferralEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(
        MakeReferral command, Case? caseFile, ClaimsPrincipal user, CoalitionCalendar calendar, IQuerySession session,
        CancellationToken token)
    {
        var denied = CaseAccess.CheckWrite(caseFile, Caller.From(user), calendar.Today, command.ExpectedVersion, adds: CaseAddition.Referral);
        if (denied != Problems.None) return denied;

        var invalid = Problems.Invalid(new ValidationErrors()
            .Required("toOrganization", command.ToOrganization)
            .Required("domain", command.Domain)
            .MaxLength("reason", command.Reason, 1000)
            .When(command.ToOrganization == caseFile!.Organization, "toOrganization", "The case already belongs to this organisation.")
            .When(command.ToOrganization is not null && !await ReferralRules.IsDirectoryMember(session, command.ToOrganization, token),
                "toOrganization", "Not a member of the coalition directory."));
        if (invalid != Problems.None) return invalid;

        if (ConsentLedger.ActiveShareWith(caseFile.Consents, command.ToOrganization!, calendar.Today) is null)
            return ReferralRules.ConsentRequired(command.ToOrganization!);
        return caseFile.Referrals.Any(referral => referral.ToOrganization == command.ToOrganization
                                                  && referral.Domain == command.Domain && referral.Status == ReferralStatus.Pending)
            ? Problems.Conflict($"A referral to {command.ToOrganization} for {Platform.Json.NameOf(command.Domain!.Value)} is already " +
                                "pending: wait for its answer or cancel it first.")
            : Problems.None;
    }

    [WolverinePost("/api/cases/{id}/referrals"), Authorize(Policy = Policies.CaseWrite)]
    [Tags("Consent and referrals")]
    public static (ReferralMadeResponse, Events) Post(
        MakeReferral command, [WriteAggregate(Required = false)] Case caseFile, ClaimsPrincipal user, CoalitionCalendar calendar)
    {
        var consent = ConsentLedger.ActiveShareWith(caseFile.Consents, command.ToOrganization!, calendar.Today)!;
        var referralId = Guid.CreateVersion7();
        return (new ReferralMadeResponse(referralId, caseFile.Version + 1),
        [
            new ReferralMade(caseFile.Id, referralId, caseFile.Organization, command.ToOrganization!, command.Domain!.Value,
                command.Reason?.Trim(), command.Urgent ?? false, consent.ConsentId, Caller.From(user).UserId, calendar.Now)
        ]);
    }
}
