using System.Security.Claims;
using Marten;
using Marten.Linq.MatchesSql;
using Marten.Pagination;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Platform.Http;
using PivotCase.Api.Privacy;
using Wolverine.Http;

namespace PivotCase.Api.Cases;

/// <summary>A case in a list: no personal details, ever.</summary>
public sealed record CaseSummary(
    Guid Id,
    long Version,
    CaseStatus Status,
    string PivotWorker,
    DateOnly OpenedOn,
    AccessPoint AccessPoint,
    IReadOnlyList<ExploitationType> ExploitationTypes,
    string Region,
    int OpenSteps,
    DateTimeOffset LastActivityAt);

public sealed record CasePage(IReadOnlyList<CaseSummary> Items, int Page, int PageSize, long TotalCount);

/// <summary>
/// The caller's own cases and the partner cases it may see today: pages are full and totalCount counts only those.
/// </summary>
public static class ListCasesEndpoint
{
    public const int MaxPageSize = 200;

    /// <summary>
    /// Answered by the organisation's B-tree and the shared-with GIN index (Cases/Configuration.cs). The shared-with column
    /// holds partners with an accepted referral under a consent not withdrawn; whether that consent is in force today
    /// (<see cref="Referrals.Consent.IsActiveOn"/>: given on or before today, not expired) is a matter of the date, so it
    /// is checked here on the few partner rows, from the consents in the document, instead of after paging.
    /// </summary>
    private const string OwnedByOrSharedWithToday =
        "(d.organization = ? or (d.shared_with @> array[?]::varchar[] and exists (" +
        "select 1 from jsonb_array_elements(d.data -> 'consents') as consent " +
        "where consent ->> 'scope' = '" + nameof(Referrals.ConsentScope.ShareWithOrganization) + "' " +
        "and consent ->> 'organization' = ? and consent ->> 'withdrawnAt' is null " +
        "and (consent ->> 'givenOn')::date <= ? " +
        "and (consent ->> 'expiresOn' is null or (consent ->> 'expiresOn')::date >= ?))))";

    public static ProblemDetails Validate(string? status, int? page, int? pageSize) => Problems.Invalid(new ValidationErrors()
        .When(status is not null && !Json.TryParse<CaseStatus>(status, out _), "status", "Use open or closed.")
        .Paging(page, pageSize, MaxPageSize));

    public const string Route = "/api/cases";

    /// <summary>Each partner case on the page is a read of that case, in its access log; the owner's own list is not.</summary>
    [WolverineGet(Route), Authorize(Policy = Policies.CaseRead)]
    [Tags("Cases")]
    public static async Task<CasePage> Get(
        string? status, int? page, int? pageSize, ClaimsPrincipal user, IQuerySession session, CoalitionCalendar calendar,
        CaseAccessLogWriter accessLog, CancellationToken token)
    {
        var caller = Caller.From(user);
        var pageNumber = page ?? 1;
        var size = pageSize ?? 50;

        CaseStatus? wanted = Json.TryParse<CaseStatus>(status, out var parsed) ? parsed : null;
        IQueryable<CaseDetails> Visible() =>
            VisibleTo(session, caller.Organization, wanted, calendar.Today, caller.IsInRole(Roles.Caseworker));
        var cases = await Visible().ToPagedListAsync(pageNumber, size, token);
        // Marten counts within the page's own rows, so a page past the end would report no cases at all.
        var totalCount = cases.Count == 0 && pageNumber > 1 ? await Visible().CountAsync(token) : cases.TotalItemCount;
        var visible = cases.Where(details => CaseAccess.CanSee(details, caller, calendar.Today)).ToList();
        accessLog.RecordListed(visible.Where(details => details.Organization != caller.Organization).Select(details => details.Id), caller,
            calendar.Now, Route);
        var items = visible.Select(details => new CaseSummary(details.Id, details.Version, details.Status, details.PivotWorker,
                details.OpenedOn, details.AccessPoint, details.ExploitationTypes, details.Region,
                details.Steps.Count(step => step.Status is Steps.StepStatus.Planned or Steps.StepStatus.InProgress),
                details.LastActivityAt))
            .ToList();
        return new CasePage(items, pageNumber, size, totalCount);
    }

    /// <summary>
    /// The organisation's own cases and, for its caseworkers (<see cref="CaseAccess"/>), those shared with it today;
    /// newest first.
    /// </summary>
    public static IQueryable<CaseDetails> VisibleTo(
        IQuerySession session, string organization, CaseStatus? status, DateOnly today, bool sharedCases)
    {
        var query = sharedCases
            ? session.Query<CaseDetails>()
                .Where(details => details.MatchesSql(OwnedByOrSharedWithToday, organization, organization, organization, today, today))
            : session.Query<CaseDetails>().Where(details => details.Organization == organization);
        if (status is { } wanted) query = query.Where(details => details.Status == wanted);
        return query.OrderByDescending(details => details.OpenedAt).ThenBy(details => details.Id);
    }
}
