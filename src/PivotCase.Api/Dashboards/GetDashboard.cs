using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using Wolverine.Http;

namespace PivotCase.Api.Dashboards;

public static class GetDashboardEndpoint
{
    /// <summary>The supervisor's own organisation only; case ids and worker ids, never personal details.</summary>
    [WolverineGet("/api/dashboard"), Authorize(Policy = Policies.Dashboard)]
    [Tags("Dashboard")]
    public static async Task<DashboardView> Get(
        ClaimsPrincipal user, IQuerySession session, CoalitionCalendar calendar, CancellationToken token)
    {
        var organization = Caller.From(user).Organization;
        var entries = await session.Query<CaseloadEntry>()
            .Where(entry => entry.Organization == organization || entry.PendingReferralTargets.Contains(organization))
            .ToListAsync(token);
        return Dashboard.Compose(organization, entries, calendar.Now, calendar.Today);
    }
}
