using System.Security.Claims;
using Marten;
using Marten.Linq.MatchesSql;
using PivotCase.Api.Incidents;
using Microsoft.AspNetCore.Authorization;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using Wolverine.Http;

namespace PivotCase.Api.Dashboards;

public static class GetDashboardEndpoint
{
    /// <summary>Entries whose stored list of notices still owed is not empty (<see cref="IncidentRegisterEntry.NoticesOutstanding"/>).</summary>
    private const string OwesNotices = "jsonb_array_length(d.data -> 'noticesOutstanding') > 0";

    /// <summary>
    /// The supervisor's own organisation only; case ids and worker ids, never personal details. With the caseload, in the
    /// same round trip, the organisation's confidentiality incidents that still owe a notice (ADR 0022).
    /// </summary>
    [WolverineGet("/api/dashboard"), Authorize(Policy = Policies.Dashboard)]
    [Tags("Dashboard")]
    public static async Task<DashboardView> Get(
        ClaimsPrincipal user, IQuerySession session, CoalitionCalendar calendar, CancellationToken token)
    {
        var organization = Caller.From(user).Organization;
        var batch = session.CreateBatchQuery();
        var entries = batch.Query<CaseloadEntry>()
            .Where(entry => entry.Organization == organization || entry.PendingReferralTargets.Contains(organization))
            .ToList();
        var incidents = batch.Query<IncidentRegisterEntry>()
            .Where(entry => entry.Organization == organization && entry.MatchesSql(OwesNotices))
            .ToList();
        await batch.Execute(token);
        return Dashboard.Compose(organization, await entries, calendar.Now, calendar.Today, await incidents);
    }
}
