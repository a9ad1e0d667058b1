using Marten;
using Microsoft.AspNetCore.Authorization;
using PivotCase.Api.Cases;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Steps;
using Wolverine.Http;
using PivotCase.Api.Platform.Http;

namespace PivotCase.Api.Statistics;

/// <summary><paramref name="Count"/>: cases with such a step; <paramref name="Steps"/>: how many such steps they have.</summary>
public sealed record ServiceCell(ServiceDomain Domain, Timeframe Timeframe, int? Count, int? Steps, bool Suppressed);

public sealed record ServiceTable(IReadOnlyList<ServiceCell> Cells, int? Total, bool TotalSuppressed);

public sealed record GroupMedian(int? Cases, double? Median, bool Suppressed);

public sealed record GroupShare(int? Cases, double? Share, bool Suppressed);

public sealed record ServiceStatistics(
    int Threshold,
    bool CountsDistinctCases,
    bool ConsentRequired,
    IReadOnlyList<string> Notes,
    ServiceTable StepsByDomainAndTimeframe,
    GroupMedian DaysToFirstHousingStepDone,
    GroupShare ImmediateNeedsMetWithin72Hours) : ICsvTable
{
    public IEnumerable<IReadOnlyList<string>> CsvRows()
    {
        yield return ["measure", "domain", "timeframe", "cases", "value", "suppressed"];
        foreach (var cell in StepsByDomainAndTimeframe.Cells)
            yield return ["steps", Csv.Value(Json.NameOf(cell.Domain)), Csv.Value(Json.NameOf(cell.Timeframe)), Csv.Value(cell.Count),
                Csv.Value(cell.Steps), Csv.Value(cell.Suppressed)];
        yield return ["steps", "", "", Csv.Value(StepsByDomainAndTimeframe.Total), "", Csv.Value(StepsByDomainAndTimeframe.TotalSuppressed)];
        yield return ["days_to_first_housing_step_done", "housing", "", Csv.Value(DaysToFirstHousingStepDone.Cases),
            Csv.Value(DaysToFirstHousingStepDone.Median), Csv.Value(DaysToFirstHousingStepDone.Suppressed)];
        yield return ["immediate_needs_met_within_72_hours", "", "immediate", Csv.Value(ImmediateNeedsMetWithin72Hours.Cases),
            Csv.Value(ImmediateNeedsMetWithin72Hours.Share), Csv.Value(ImmediateNeedsMetWithin72Hours.Suppressed)];
    }

    /// <summary>
    /// The step table is a two-way table of cases (domain × timeframe) protected like any other; a case with steps in
    /// several cells counts in each. Step numbers are given only beside a published case count.
    /// </summary>
    public static ServiceStatistics Compose(IReadOnlyCollection<ServiceCount> counts, MedianCount housing, NeedCount needs,
        bool consentRequired, int threshold = DisclosureControl.Threshold)
    {
        var domains = Enum.GetValues<ServiceDomain>();
        var timeframes = Enum.GetValues<Timeframe>();
        var byKey = counts.ToDictionary(count => count.Key);
        ServiceCount Count(ServiceDomain? domain, Timeframe? timeframe) =>
            byKey.GetValueOrDefault(ServiceKey.Of(domain, timeframe)) ?? new ServiceCount(ServiceKey.Of(domain, timeframe), 0, 0);

        var total = Count(null, null).Cases;
        var pattern = DisclosureControl.Protect(
            domains.Select(domain => (IReadOnlyList<int>)timeframes.Select(timeframe => Count(domain, timeframe).Cases).ToList()).ToList(),
            domains.Select(domain => Count(domain, null).Cases).ToList(),
            timeframes.Select(timeframe => Count(null, timeframe).Cases).ToList(),
            total, threshold);
        var cells = domains.SelectMany((domain, row) => timeframes.Select((timeframe, column) =>
        {
            var count = Count(domain, timeframe);
            var suppressed = pattern.Cells[row][column];
            return new ServiceCell(domain, timeframe, suppressed ? null : count.Cases, suppressed ? null : count.Steps, suppressed);
        })).ToList();

        var housingShown = housing.Cases >= threshold;
        var needsShown = needs.Cases >= threshold && needs.Needs > 0;
        return new ServiceStatistics(threshold, CountsDistinctCases: true, consentRequired,
            [
                StatisticsNotes.DistinctCases,
                "Steps by domain and timeframe count the cases with at least one step (not cancelled) in that domain and timeframe; " +
                "a case counts in every cell it has steps in, so cells may add up to more than the total.",
                "Days to the first housing step done run from the day the case was opened, over the cases with a housing step done.",
                "An immediate need is met within 72 hours when a step linked to it is done within 72 hours of the case's opening; " +
                "only cases whose 72 hours are over are included.",
                StatisticsNotes.Suppression(threshold),
                StatisticsNotes.Groups(threshold),
                StatisticsNotes.Population(consentRequired)
            ],
            new ServiceTable(cells, pattern.Total ? null : total, pattern.Total),
            new GroupMedian(housingShown ? housing.Cases : null, housingShown ? Rounding.Publish(housing.Median ?? 0, 1) : null, !housingShown),
            new GroupShare(needsShown ? needs.Cases : null, needsShown ? Rounding.Publish((double)needs.Met / needs.Needs, 2) : null, !needsShown));
    }
}

public static class GetServiceStatisticsEndpoint
{
    /// <summary>Services: steps by domain and timeframe, time to housing, immediate needs met in the first 72 hours.</summary>
    [WolverineGet("/api/statistics/services"), Authorize(Policy = Policies.StatisticsRead)]
    [Tags("Statistics")]
    public static async Task<TableAnswer<ServiceStatistics>> Get(
        IQuerySession session, CoalitionCalendar calendar, StatisticsOptions options, CancellationToken token)
    {
        var population = new StatisticalPopulation(options.RequireResearchConsent, calendar.Today);
        var counts = await StatisticsSql.ServiceCounts(session, population, token);
        var housing = await StatisticsSql.DaysToFirstHousing(session, population, token);
        var needs = await StatisticsSql.ImmediateNeeds(session, population, calendar.Now - CrisisWindow.Length, token);
        return new TableAnswer<ServiceStatistics>(
            ServiceStatistics.Compose(counts, housing, needs, population.RequireResearchConsent));
    }
}
