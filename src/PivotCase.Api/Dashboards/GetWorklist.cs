using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using Wolverine.Http;

namespace PivotCase.Api.Dashboards;

public static class GetWorklistEndpoint
{
    /// <summary>
    /// The dashboard of one pivot worker: the cases the caller is the pivot worker of, with the same lists as the
    /// supervisor's (crisis windows, overdue steps, deadlines, referrals waiting on an answer, inactive cases), so that
    /// a deadline or an overdue step is seen without opening every case; and the referrals waiting on the organisation's
    /// answer, which any of its caseworkers may take on (an urgent one at night must reach whoever is on duty). Their
    /// profiles are in <c>GET /api/referrals/incoming</c>.
    /// </summary>
    [WolverineGet("/api/worklist"), Authorize(Policy = Policies.Worklist)]
    [Tags("Dashboard")]
    public static async Task<DashboardView> Get(
        ClaimsPrincipal user, IQuerySession session, CoalitionCalendar calendar, CancellationToken token)
    {
        var caller = Caller.From(user);
        var entries = await session.Query<CaseloadEntry>()
            .Where(entry => (entry.Organization == caller.Organization && entry.PivotWorker == caller.UserId)
                            || entry.PendingReferralTargets.Contains(caller.Organization))
            .ToListAsync(token);
        return Dashboard.Compose(caller.Organization, entries, calendar.Now, calendar.Today);
    }
}
