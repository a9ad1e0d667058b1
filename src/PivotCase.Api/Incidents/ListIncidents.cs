using System.Security.Claims;
using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Directory;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Platform.Http;
using Wolverine.Http;

namespace PivotCase.Api.Incidents;

/// <summary>
/// A page of the register; as CSV (<c>Accept: text/csv</c>), one row per entry with what the regulation lists, for a copy
/// handed to the Commission. The cases named are counted, not listed: their ids mean nothing outside PivotCase.
/// </summary>
public sealed record IncidentPage(IReadOnlyList<IncidentRegisterEntry> Items, int Page, int PageSize, long TotalCount) : ICsvTable
{
    bool ICsvTable.ForSpreadsheets => true;

    public IEnumerable<IReadOnlyList<string>> CsvRows()
    {
        yield return
        [
            "id", "organization", "kind", "information_concerned", "circumstances", "occurred_from", "occurred_to",
            "occurrence_approximate", "discovered_on", "persons_concerned", "persons_concerned_approximate", "cases_named",
            "serious_injury_risk", "risk_reasons", "notices", "notices_outstanding", "measures", "keep_until", "recorded_by",
            "recorded_at", "last_revised_at"
        ];
        foreach (var entry in Items)
            yield return
            [
                Csv.Value(entry.Id), entry.Organization, Json.NameOf(entry.Kind), Csv.Text(entry.InformationConcerned),
                Csv.Text(entry.Circumstances), Day(entry.OccurredFrom), Day(entry.OccurredTo), Csv.Value(entry.OccurrenceApproximate),
                Day(entry.DiscoveredOn), Csv.Value(entry.PersonsConcerned), Csv.Value(entry.PersonsConcernedApproximate),
                Csv.Value(entry.Cases.Count), Csv.Value(entry.SeriousInjuryRisk), Csv.Text(entry.RiskAssessments.LastOrDefault()?.Reasons),
                string.Join("; ", entry.Notices.Select(notice =>
                    $"{Json.NameOf(notice.Recipient)}{(notice.Ground is { } ground ? $" ({Json.NameOf(ground)})" : "")} {Day(notice.SentOn)}")),
                string.Join("; ", entry.NoticesOutstanding.Select(recipient => Json.NameOf(recipient))),
                Csv.Text(string.Join(" | ", entry.Measures.Select(measure => $"{Day(measure.TakenOn)}: {measure.Description}"))),
                Day(entry.KeepUntil), Csv.Text(entry.RecordedBy), Csv.Value(entry.RecordedAt.UtcDateTime.ToString("O")),
                entry.Revisions.LastOrDefault()?.RevisedAt.UtcDateTime.ToString("O") ?? ""
            ];
    }

    private static string Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "";
}

public static class ListIncidentsEndpoint
{
    public const int MaxPageSize = 200;

    /// <summary>The CSV copy holds every entry up to this many; a register longer than that is asked for by period.</summary>
    public const int MaxCsvRows = 10_000;

    /// <summary>A supervisor reads its own organisation's register; naming another is refused rather than ignored.</summary>
    public static ProblemDetails Validate(
        string? organization, DateOnly? from, DateOnly? to, int? page, int? pageSize, ClaimsPrincipal user)
    {
        var caller = Caller.From(user);
        if (organization is not null && !OrganizationRules.IsValidCode(organization))
            return Problems.Invalid(new ValidationErrors().Add("organization", "An organisation code of the directory."));
        if (organization is not null && !IncidentAccess.CanKeep(organization, caller))
            return Problems.Forbidden("A supervisor reads the register of their own organisation only.");
        return Problems.Invalid(new ValidationErrors()
            .When(to < from, "to", "The period cannot end before it starts.")
            .Paging(page, pageSize, MaxPageSize));
    }

    /// <summary>
    /// The register, most recently discovered first; <c>from</c> and <c>to</c> bound the day of discovery. Coordinators see
    /// every member's register unless they name one. <c>Accept: text/csv</c> gives every entry matching (not a page) as CSV.
    /// </summary>
    [WolverineGet("/api/privacy/incidents"), Authorize(Policy = Policies.IncidentRegister)]
    [Tags("Privacy")]
    public static async Task<TableAnswer<IncidentPage>> Get(
        string? organization, DateOnly? from, DateOnly? to, int? page, int? pageSize, ClaimsPrincipal user, IQuerySession session,
        HttpRequest request, CancellationToken token)
    {
        var caller = Caller.From(user);
        var register = organization ?? (caller.IsInRole(Roles.Coordinator) ? null : caller.Organization);
        // A copy for the Commission is the whole register (or the period asked for), never a page of it.
        var whole = TableAnswer<IncidentPage>.PrefersCsv(request);
        var pageNumber = whole ? 1 : page ?? 1;
        var size = whole ? MaxCsvRows : pageSize ?? 50;

        IQueryable<IncidentRegisterEntry> Entries()
        {
            var query = session.Query<IncidentRegisterEntry>().AsQueryable();
            if (register is not null) query = query.Where(entry => entry.Organization == register);
            if (from is { } first) query = query.Where(entry => entry.DiscoveredOn >= first);
            if (to is { } last) query = query.Where(entry => entry.DiscoveredOn <= last);
            return query.OrderByDescending(entry => entry.DiscoveredOn).ThenByDescending(entry => entry.RecordedAt)
                .ThenByDescending(entry => entry.Id);
        }

        var entries = await Entries().ToPagedListAsync(pageNumber, size, token);
        // Marten counts within the page's own rows, so a page past the end would report no entries at all.
        var totalCount = entries.Count == 0 && pageNumber > 1 ? await Entries().CountAsync(token) : entries.TotalItemCount;
        return new TableAnswer<IncidentPage>(new IncidentPage(entries.ToList(), pageNumber, size, totalCount));
    }
}
