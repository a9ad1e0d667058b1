using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Platform.Http;
using Wolverine.Http;

namespace PivotCase.Api.Statistics;

public static class GetCaseStatisticsEndpoint
{
    public static ProblemDetails Validate(string? groupBy, string? from, string? to, CoalitionCalendar calendar, StatisticsOptions options) =>
        Problems.Invalid(CaseQuery.Check(groupBy, from, to, calendar.Today, options.FirstYear));

    /// <summary>
    /// Incidence: distinct cases by at most two predefined dimensions over whole calendar years, with disclosure
    /// control (ADR 0010). <c>Accept: text/csv</c> gives the same table as CSV.
    /// </summary>
    [WolverineGet("/api/statistics/cases"), Authorize(Policy = Policies.StatisticsRead)]
    [Tags("Statistics")]
    public static async Task<TableAnswer<CaseStatistics>> Get(
        string? groupBy, string? from, string? to, IQuerySession session, CoalitionCalendar calendar, StatisticsOptions options,
        CancellationToken token)
    {
        var query = CaseQuery.Parse(groupBy, from, to, calendar.Today, options.FirstYear);
        var population = new StatisticalPopulation(options.RequireResearchConsent, calendar.Today);
        var counts = await StatisticsSql.CaseCounts(session, query, population, token);
        var (cells, total, totalSuppressed) = CaseTable.Compose(query, counts);
        const int threshold = DisclosureControl.Threshold;
        return new TableAnswer<CaseStatistics>(new CaseStatistics(
            threshold,
            CountsDistinctCases: true,
            population.RequireResearchConsent,
            MultiValuedDimensions: [.. CaseDimensions.Categories.Where(dimension => dimension.MultiValued).Select(dimension => dimension.Name)],
            Notes:
            [
                StatisticsNotes.DistinctCases,
                "A case with several exploitation types counts once per type, so cells by exploitation type may add up to more than the total.",
                StatisticsNotes.Suppression(threshold),
                "The period is made of whole calendar years (from and to are widened to them); a count over several years is " +
                "published only when it is published for each of them.",
                StatisticsNotes.Population(population.RequireResearchConsent)
            ],
            query.GroupBy, query.Period, cells, total, totalSuppressed));
    }
}
