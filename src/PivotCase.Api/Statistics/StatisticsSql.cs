using Marten;

namespace PivotCase.Api.Statistics;

/// <summary>Cases and steps by <see cref="ServiceKey"/>.</summary>
public sealed record ServiceCount(short Key, int Cases, int Steps);

public sealed record MedianCount(int Cases, double? Median);

public sealed record NeedCount(int Cases, int Needs, int Met);

public sealed record RecoveryDomainCount(int Domain, int Cases, double Average, double Median);

/// <summary>
/// The statistics' only reads: GROUP BY queries over the duplicated columns of <see cref="Configuration.Table"/>, one
/// row per case, never the events. Column names come from <see cref="CaseDimensions"/> and constants, never from the
/// request; values are parameters.
/// </summary>
public static class StatisticsSql
{
    public const char Parameter = '^';
    private const string Table = Configuration.Table;

    /// <summary>
    /// Counts of one year by every grouping set of the query's categories (both, each, none). Sets with the
    /// exploitation types read one row per type of each case; the others one row per case: plain count(*) everywhere.
    /// Set-returning functions sit in the select list rather than a lateral join: PostgreSQL projects them faster.
    /// </summary>
    public static async Task<IReadOnlyList<GroupCount>> CaseCounts(
        IQuerySession session, CaseQuery query, StatisticalPopulation population, CancellationToken token)
    {
        var categories = query.Categories;
        List<List<CaseDimension>> sets = categories.Count switch
        {
            0 => [[]],
            1 => [[categories[0]], []],
            _ => [[categories[0], categories[1]], [categories[0]], [categories[1]], []]
        };
        var (condition, populationParameters) = population.Condition;
        var selects = new List<string>();
        var parameters = new List<object>();
        foreach (var unnested in new[] { true, false })
        {
            var grouped = sets.Where(set => set.Any(dimension => dimension.MultiValued) == unnested).ToList();
            if (grouped.Count == 0) continue;
            var columns = categories.Where(dimension => grouped.Any(set => set.Contains(dimension))).ToList();
            string Column(int index) => index < categories.Count && columns.Contains(categories[index]) ? categories[index].Column : "null";
            var read = columns.Select(dimension => dimension.Read).Prepend("opened_year");
            selects.Add($"""
                select jsonb_build_object('year', opened_year, 'first', {Column(0)}, 'second', {Column(1)}, 'count', count(*))
                from (select {string.Join(", ", read)} from {Table}
                      where opened_year between {Parameter} and {Parameter} and {condition}) as counted
                group by grouping sets ({string.Join(", ", grouped.Select(set => $"({string.Join(", ", set.Select(dimension => dimension.Column).Prepend("opened_year"))})"))})
                """);
            parameters.AddRange([query.Period.FirstYear, query.Period.LastYear, .. populationParameters]);
        }

        return await session.AdvancedSql.QueryAsync<GroupCount>(Parameter, string.Join("\nunion all\n", selects), token, [.. parameters]);
    }

    /// <summary>Cases and their steps (not cancelled) by <see cref="ServiceKey"/>: cells, margins and total.</summary>
    public static async Task<IReadOnlyList<ServiceCount>> ServiceCounts(
        IQuerySession session, StatisticalPopulation population, CancellationToken token)
    {
        var (condition, parameters) = population.Condition;
        var sql = $"""
            select jsonb_build_object('key', key, 'cases', count(*), 'steps', sum(steps))
            from (select unnest(service_keys) as key, unnest(service_key_steps) as steps from {Table}
                  where cardinality(service_keys) > 0 and {condition}) as service
            group by key
            """;
        return await session.AdvancedSql.QueryAsync<ServiceCount>(Parameter, sql, token, parameters);
    }

    /// <summary>Cases with a housing step done, and the median of their days from opening to the first one.</summary>
    public static async Task<MedianCount> DaysToFirstHousing(
        IQuerySession session, StatisticalPopulation population, CancellationToken token)
    {
        var (condition, parameters) = population.Condition;
        var sql = $"""
            select jsonb_build_object('cases', count(*), 'median', percentile_cont(0.5) within group (order by days_to_first_housing))
            from {Table}
            where days_to_first_housing is not null and {condition}
            """;
        return (await session.AdvancedSql.QueryAsync<MedianCount>(Parameter, sql, token, parameters)).Single();
    }

    /// <summary>Cases with immediate needs whose 72 hours are over at <paramref name="windowsEndedBy"/>, and those needs.</summary>
    public static async Task<NeedCount> ImmediateNeeds(
        IQuerySession session, StatisticalPopulation population, DateTimeOffset windowsEndedBy, CancellationToken token)
    {
        var (condition, parameters) = population.Condition;
        var sql = $"""
            select jsonb_build_object('cases', count(*),
                'needs', coalesce(sum(immediate_need_count), 0), 'met', coalesce(sum(immediate_needs_met_in_crisis_window), 0))
            from {Table}
            where immediate_need_count > 0 and crisis_window_from <= {Parameter} and {condition}
            """;
        return (await session.AdvancedSql.QueryAsync<NeedCount>(Parameter, sql, token, [windowsEndedBy, .. parameters])).Single();
    }

    /// <summary>
    /// Per recovery domain (its position in <see cref="StatisticalCase.RecoveryChanges"/>, from 1), over the cases
    /// assessed at least twice: how many, and their mean and median change.
    /// </summary>
    public static async Task<IReadOnlyList<RecoveryDomainCount>> RecoveryChanges(
        IQuerySession session, StatisticalPopulation population, CancellationToken token)
    {
        var (condition, parameters) = population.Condition;
        var sql = $"""
            select jsonb_build_object('domain', change.domain, 'cases', count(change.value), 'average', avg(change.value),
                'median', percentile_cont(0.5) within group (order by change.value))
            from {Table} cross join lateral unnest(recovery_changes) with ordinality as change(value, domain)
            where recovery_changes is not null and change.value is not null and {condition}
            group by change.domain
            """;
        return await session.AdvancedSql.QueryAsync<RecoveryDomainCount>(Parameter, sql, token, parameters);
    }

    public static async Task<int> CasesAssessedTwice(IQuerySession session, StatisticalPopulation population, CancellationToken token)
    {
        var (condition, parameters) = population.Condition;
        var sql = $"select count(*)::int from {Table} where recovery_changes is not null and {condition}";
        return (await session.AdvancedSql.QueryAsync<int>(Parameter, sql, token, parameters)).Single();
    }
}
