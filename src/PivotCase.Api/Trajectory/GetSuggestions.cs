using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Cases;
using PivotCase.Api.Directory;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Privacy;
using Wolverine.Http;
using Wolverine.Http.Marten;

namespace PivotCase.Api.Trajectory;

public static class GetSuggestionsEndpoint
{
    public static ProblemDetails Validate(CaseDetails? details, ClaimsPrincipal user, CoalitionCalendar calendar) =>
        CaseAccess.Check(details, Caller.From(user), calendar.Today);

    /// <summary>
    /// A closed case has no next step: nothing can be planned on it until it is reopened, so it gets no suggestion. The
    /// whole directory is read in one query: it holds a few dozen members, and every suggestion ranks among them.
    /// </summary>
    [WolverineGet("/api/cases/{id}/suggestions"), Authorize(Policy = Policies.CaseRead)]
    [Tags("Trajectory")]
    public static async Task<IReadOnlyList<Suggestion>> Get(
        [Document("id", Required = false)] CaseDetails details, [Document("id", Required = false)] CaseKey? key,
        IQuerySession session, ClaimsPrincipal user, PersonalDetailsProtector protector, CoalitionCalendar calendar,
        CancellationToken token)
    {
        if (details.Status == CaseStatus.Closed) return [];
        var directory = await session.Query<OrganizationProfile>().ToListAsync(token);
        var seesPersonalDetails = CaseAccess.CanSeePersonalDetails(details, Caller.From(user), calendar.Today);
        PersonalDetails? personalDetails = null;
        if (seesPersonalDetails && details.PersonalDetails is not null)
            (details, personalDetails) = await PersonalDetailsReading.RevealAsync(details, key, protector, session, token);
        return TrajectoryPlanner.Suggest(
            CaseProfile.Of(details, seesPersonalDetails ? details.ComesOfAgeMonth : null, personalDetails?.Languages, calendar.Today),
            details.Needs.Where(need => !need.Met).Select(need => new OpenNeed(need.Domain, need.Timeframe)).ToList(),
            details.Steps.Select(step => new StepSummary(step.Domain, step.Timeframe, step.Status, step.Title)).ToList(),
            RecordedFacts.Of(details),
            directory);
    }
}
