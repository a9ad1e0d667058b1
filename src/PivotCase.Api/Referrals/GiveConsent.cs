using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Cases;
using PivotCase.Api.Directory;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Platform.Http;
using Wolverine.Http;
using Wolverine.Marten;

namespace PivotCase.Api.Referrals;

/// <summary>
/// <paramref name="IncludesPersonalDetails"/>: whether the organisation may also see the survivor's personal details
/// (name, contact…); without it a partner sees the de-identified case only.
/// </summary>
public sealed record GiveConsent(
    [property: Required] ConsentScope? Scope,
    [property: Required] DateOnly? GivenOn,
    string? Organization = null,
    DateOnly? ExpiresOn = null,
    bool? IncludesPersonalDetails = null,
    long? ExpectedVersion = null);

public sealed record ConsentGivenResponse(Guid ConsentId, long Version) : Created;

public static class GiveConsentEndpoint
{
    public static ProblemDetails Validate(GiveConsent command, Case? caseFile, ClaimsPrincipal user, CoalitionCalendar calendar)
    {
        var caller = Caller.From(user);
        var denied = CaseAccess.CheckWrite(caseFile, caller, calendar.Today, command.ExpectedVersion, adds: CaseAddition.Consent);
        if (denied != Problems.None) return denied;

        var sharing = command.Scope == ConsentScope.ShareWithOrganization;
        return Problems.Invalid(new ValidationErrors()
            .Required("scope", command.Scope)
            .Required("givenOn", command.GivenOn)
            .When(command.GivenOn > calendar.Today, "givenOn", "Consent cannot be given in the future.")
            .When(command.GivenOn < CaseDates.Earliest, "givenOn", CaseDates.TooEarly)
            .When(command.ExpiresOn > CaseDates.Latest(calendar.Today), "expiresOn", CaseDates.TooFar + " Leave expiresOn out for a consent without end.")
            .When(command.ExpiresOn < calendar.Today, "expiresOn", "The consent would already be expired.")
            .When(command.ExpiresOn < command.GivenOn, "expiresOn", "A consent expires after it is given.")
            .When(sharing && string.IsNullOrWhiteSpace(command.Organization), "organization",
                "Consent to share names the organisation it is shared with.")
            .When(sharing && !string.IsNullOrWhiteSpace(command.Organization) && !OrganizationRules.IsValidCode(command.Organization.Trim()),
                "organization",
                "An organisation code such as cathii: a lowercase letter, then letters, digits, '_' or '-'.")
            .When(sharing && command.Organization?.Trim() == caseFile!.Organization, "organization",
                "The case already belongs to this organisation.")
            .When(!sharing && command.Organization is not null, "organization", "Only consent to share names an organisation.")
            .When(!sharing && command.IncludesPersonalDetails == true, "includesPersonalDetails",
                "Research statistics never include personal details."));
    }

    [WolverinePost("/api/cases/{id}/consents"), Authorize(Policy = Policies.CaseWrite)]
    [Tags("Consent and referrals")]
    public static (ConsentGivenResponse, Events) Post(
        GiveConsent command, [WriteAggregate(Required = false)] Case caseFile, ClaimsPrincipal user, CoalitionCalendar calendar)
    {
        var consentId = Guid.CreateVersion7();
        return (new ConsentGivenResponse(consentId, caseFile.Version + 1),
        [
            new ConsentGiven(caseFile.Id, consentId, command.Scope!.Value, command.Organization?.Trim(),
                command.IncludesPersonalDetails ?? false, command.GivenOn!.Value, command.ExpiresOn,
                Caller.From(user).UserId, calendar.Now)
        ]);
    }
}
