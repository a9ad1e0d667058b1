using Marten;
using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Cases;
using PivotCase.Api.Directory;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Platform.Http;

namespace PivotCase.Api.Referrals;

/// <summary>The rules shared by referrals and transfers: who may answer a referral, and consent to share.</summary>
public static class ReferralRules
{
    public static ProblemDetails ConsentRequired(string organization) => new()
    {
        Status = StatusCodes.Status409Conflict,
        Title = "Consent required",
        Detail = $"The survivor has no active, unexpired consent to share this case with {organization}: record it first."
    };

    public static ProblemDetails PersonalDetailsConsentRequired(string organization) => new()
    {
        Status = StatusCodes.Status409Conflict,
        Title = "Consent required",
        Detail = $"A transfer makes {organization} the owner of the case, who sees the survivor's personal details, and the consent " +
                 $"to share with {organization} does not include them: record a consent that does first."
    };

    /// <summary>A code that cannot be one is not looked up (a NUL in it would fail the query).</summary>
    public static async Task<bool> IsDirectoryMember(IQuerySession session, string? code, CancellationToken token) =>
        OrganizationRules.IsValidCode(code) && await session.LoadAsync<OrganizationProfile>(code!, token) is not null;

    /// <summary>
    /// Only the receiving organisation answers a referral. The owner (who can see the case) is told it may not (403);
    /// anyone else cannot tell the case or the referral exists (404).
    /// </summary>
    public static ProblemDetails CheckAnswer(Case? caseFile, Guid referralId, Caller caller, DateOnly today)
    {
        var referral = caseFile?.Referrals.Find(candidate => candidate.ReferralId == referralId);
        if (caseFile is null || referral is null || referral.ToOrganization != caller.Organization)
        {
            return caseFile is not null && CaseAccess.CanSee(caseFile, caller, today)
                ? referral is null
                    ? Problems.NotFound("referral")
                    : Problems.Forbidden("Only the organisation the survivor is referred to may answer the referral.")
                : Problems.NotFound();
        }

        if (referral.Status != ReferralStatus.Pending)
            return Problems.Conflict($"The referral is already {Platform.Json.NameOf(referral.Status)}.");
        return caseFile.IsClosed ? Problems.Conflict("The case is closed.") : Problems.None;
    }
}
