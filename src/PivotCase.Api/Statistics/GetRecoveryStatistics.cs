using Marten;
using Microsoft.AspNetCore.Authorization;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Recovery;
using Wolverine.Http;
using PivotCase.Api.Platform.Http;

namespace PivotCase.Api.Statistics;

public sealed record RecoveryDomainFigure(RecoveryDomain Domain, int? Cases, double? AverageChange, double? MedianChange, bool Suppressed);

public sealed record RecoveryStatistics(
    int Threshold,
    bool CountsDistinctCases,
    bool ConsentRequired,
    IReadOnlyList<string> Notes,
    int? CasesWithTwoOrMoreAssessments,
    bool CasesSuppressed,
    IReadOnlyList<RecoveryDomainFigure> Domains) : ICsvTable
{
    public IEnumerable<IReadOnlyList<string>> CsvRows()
    {
        yield return ["domain", "cases", "averageChange", "medianChange", "suppressed"];
        foreach (var domain in Domains)
            yield return [Csv.Value(Json.NameOf(domain.Domain)), Csv.Value(domain.Cases), Csv.Value(domain.AverageChange),
                Csv.Value(domain.MedianChange), Csv.Value(domain.Suppressed)];
        yield return ["", Csv.Value(CasesWithTwoOrMoreAssessments), "", "", Csv.Value(CasesSuppressed)];
    }

    /// <summary>
    /// The cases per domain are a one-way table protected like any other (a case counts in every domain scored in
    /// both its baseline and its latest assessment); a domain's mean and median are given only beside its published count.
    /// </summary>
    public static RecoveryStatistics Compose(IReadOnlyCollection<RecoveryDomainCount> changes, int assessedTwice, bool consentRequired,
        int threshold = DisclosureControl.Threshold)
    {
        var domains = Enum.GetValues<RecoveryDomain>();
        var byPosition = changes.ToDictionary(change => change.Domain);
        var perDomain = domains.Select((_, index) => byPosition.GetValueOrDefault(index + 1)).ToList();
        var pattern = DisclosureControl.Protect(perDomain.Select(change => change?.Cases ?? 0).ToList(), assessedTwice, threshold);
        return new RecoveryStatistics(threshold, CountsDistinctCases: true, consentRequired,
            [
                StatisticsNotes.DistinctCases,
                "Change is the latest assessment's score minus the baseline's (the earliest by assessment day), per domain scored in both, " +
                "over the cases assessed at least twice.",
                StatisticsNotes.Suppression(threshold),
                StatisticsNotes.Groups(threshold),
                StatisticsNotes.Population(consentRequired)
            ],
            pattern.Total ? null : assessedTwice, pattern.Total,
            domains.Select((domain, index) => pattern.Cells[index] || perDomain[index] is null
                    ? new RecoveryDomainFigure(domain, null, null, null, Suppressed: true)
                    : new RecoveryDomainFigure(domain, perDomain[index]!.Cases, Rounding.Publish(perDomain[index]!.Average, 2),
                        Rounding.Publish(perDomain[index]!.Median, 2), Suppressed: false))
                .ToList());
    }
}

public static class GetRecoveryStatisticsEndpoint
{
    /// <summary>Recovery outcomes: mean and median change per domain, over the cases assessed at least twice.</summary>
    [WolverineGet("/api/statistics/recovery"), Authorize(Policy = Policies.StatisticsRead)]
    [Tags("Statistics")]
    public static async Task<TableAnswer<RecoveryStatistics>> Get(
        IQuerySession session, CoalitionCalendar calendar, StatisticsOptions options, CancellationToken token)
    {
        var population = new StatisticalPopulation(options.RequireResearchConsent, calendar.Today);
        var changes = await StatisticsSql.RecoveryChanges(session, population, token);
        var assessedTwice = await StatisticsSql.CasesAssessedTwice(session, population, token);
        return new TableAnswer<RecoveryStatistics>(
            RecoveryStatistics.Compose(changes, assessedTwice, population.RequireResearchConsent));
    }
}
