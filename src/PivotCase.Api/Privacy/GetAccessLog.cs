using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Cases;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Platform.Http;
using Wolverine.Http;
using Wolverine.Http.Marten;

namespace PivotCase.Api.Privacy;

public sealed record AccessLogEntry(
    DateTimeOffset At, string By, string Organization, IReadOnlyList<string> Roles, string Route, AccessOutcome Outcome, int Status);

public static class GetAccessLogEndpoint
{
    public const int MaxPageSize = 500;

    /// <summary>
    /// Coordinators see any case's log; supervisors only their own organisation's (anyone else gets 404, as for the case
    /// itself, and a partner's caseworker who is also a supervisor 403).
    /// </summary>
    public static ProblemDetails Validate(
        CaseDetails? details, int? page, int? pageSize, string? outcome, string? organization, ClaimsPrincipal user,
        CoalitionCalendar calendar)
    {
        var caller = Caller.From(user);
        if (details is null) return Problems.NotFound();
        if (!caller.IsInRole(Roles.Coordinator))
        {
            var relation = CaseAccess.RelationOf(details, caller, calendar.Today);
            if (relation == CaseRelation.None) return Problems.NotFound();
            if (relation == CaseRelation.Partner) return Problems.Forbidden("Only the organisation that owns the case may read its access log.");
        }

        return Problems.Invalid(new ValidationErrors()
            .Paging(page, pageSize, MaxPageSize)
            .When(outcome is not null && !Json.TryParse<AccessOutcome>(outcome, out _), "outcome", "Use read or denied.")
            .MaxLength("organization", organization, 50));
    }

    /// <summary>
    /// Newest first, reads and refused attempts alike. <c>outcome</c> (read or denied) and <c>organization</c> narrow it:
    /// anyone may knock at a case's address and be refused, and the reads an owner looks for should not be buried under
    /// those attempts.
    /// </summary>
    [WolverineGet("/api/cases/{id}/access-log"), Authorize(Policy = Policies.AccessLog)]
    [Tags("Privacy")]
    public static async Task<IReadOnlyList<AccessLogEntry>> Get(
        [Document("id", Required = false)] CaseDetails details, int? page, int? pageSize, string? outcome, string? organization,
        IQuerySession session, CancellationToken token)
    {
        var size = pageSize ?? 100;
        var caseId = details.Id;
        var query = session.Query<CaseAccessRecord>().Where(record => record.CaseId == caseId);
        if (Json.TryParse<AccessOutcome>(outcome, out var wanted)) query = query.Where(record => record.Outcome == wanted);
        if (organization is not null) query = query.Where(record => record.Organization == organization);
        var records = await query
            .OrderByDescending(record => record.At).ThenByDescending(record => record.Id)
            .Skip(((page ?? 1) - 1) * size).Take(size)
            .ToListAsync(token);
        return records.Select(record => new AccessLogEntry(record.At, record.By, record.Organization, record.Roles, record.Route,
            record.Outcome, record.Status)).ToList();
    }
}
