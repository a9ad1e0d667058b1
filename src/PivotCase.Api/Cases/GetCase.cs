using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using PivotCase.Api.Compensation;
using PivotCase.Api.Immigration;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Steps;
using PivotCase.Api.Privacy;
using PivotCase.Api.Referrals;
using Wolverine.Http;
using Wolverine.Http.Marten;

namespace PivotCase.Api.Cases;

/// <summary>The case as the API answers it: the read model, with personal details revealed only to those allowed.</summary>
public sealed record CaseView(
    Guid Id,
    long Version,
    CaseStatus Status,
    string Organization,
    string PivotWorker,
    DateOnly OpenedOn,
    DateTimeOffset OpenedAt,
    AccessPoint AccessPoint,
    IReadOnlyList<ExploitationType> ExploitationTypes,
    TraffickingScope Trafficking,
    AgeGroup AgeGroup,
    Gender Gender,
    string Region,
    PersonalDetails? PersonalDetails,
    IReadOnlyList<NeedDetails> Needs,
    IReadOnlyList<StepDetails> Steps,
    IReadOnlyList<Referral> Referrals,
    IReadOnlyList<Consent> Consents,
    CrisisWindow Crisis,
    ImmigrationFile Immigration,
    CompensationClaim Compensation,
    EmergencyFund EmergencyFund,
    IReadOnlyList<Deadline> Deadlines,
    DateTimeOffset? ClosedAt,
    ClosureReason? ClosureReason,
    DateTimeOffset? PersonalDetailsErasedAt)
{
    /// <summary>
    /// The read model as <paramref name="caller"/> sees it now, with the personal details already revealed (or not). The
    /// 18th-birthday deadline gives away the month and year of birth, so it goes only to callers who may see the personal
    /// details it comes from.
    /// </summary>
    public static CaseView Of(CaseDetails details, PersonalDetails? personalDetails, Caller caller, CoalitionCalendar calendar)
    {
        var deadlines = CaseAccess.CanSeePersonalDetails(details, caller, calendar.Today)
            ? details.Deadlines()
            : details.Deadlines().Where(deadline => deadline.Kind != DeadlineKind.EighteenthBirthday).ToList();
        return new CaseView(details.Id, details.Version, details.Status, details.Organization, details.PivotWorker,
            details.OpenedOn, details.OpenedAt, details.AccessPoint, details.ExploitationTypes, details.Trafficking,
            details.AgeGroup, details.Gender, details.Region, personalDetails, details.Needs, details.Steps,
            CaseAccess.ReferralsVisibleTo(details, caller, calendar.Today), CaseAccess.ConsentsVisibleTo(details, caller, calendar.Today),
            CrisisWindow.For(details.OpenedAt, details.Needs, calendar.Now, details.Status == CaseStatus.Closed), details.Immigration, details.Compensation,
            details.EmergencyFund, deadlines, details.ClosedAt, details.ClosureReason, details.PersonalDetailsErasedAt);
    }
}

public static class GetCaseEndpoint
{
    public static ProblemDetails Validate(CaseDetails? details, ClaimsPrincipal user, CoalitionCalendar calendar) =>
        CaseAccess.Check(details, Caller.From(user), calendar.Today);

    /// <remarks>
    /// The case and its key are two document loads, which Wolverine sends as one batch (one round trip); the key is
    /// only used when the caller may see the personal details.
    /// </remarks>
    [WolverineGet("/api/cases/{id}"), Authorize(Policy = Policies.CaseRead)]
    [Tags("Cases")]
    public static async Task<CaseView> Get(
        [Document("id", Required = false)] CaseDetails details, [Document("id", Required = false)] CaseKey? key,
        ClaimsPrincipal user, PersonalDetailsProtector protector, CoalitionCalendar calendar, HttpContext context,
        IQuerySession session, CancellationToken token)
    {
        var caller = Caller.From(user);
        PersonalDetails? personalDetails = null;
        if (details.PersonalDetails is not null && CaseAccess.CanSeePersonalDetails(details, caller, calendar.Today))
            (details, personalDetails) = await PersonalDetailsReading.RevealAsync(details, key, protector, session, token);

        context.Response.Headers[HeaderNames.ETag] = new EntityTagHeaderValue($"\"{details.Version}\"").ToString();
        return CaseView.Of(details, personalDetails, caller, calendar);
    }
}
