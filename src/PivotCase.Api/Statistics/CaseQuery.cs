using System.Globalization;
using System.Text.Json.Serialization;
using PivotCase.Api.Platform.Http;

namespace PivotCase.Api.Statistics;

/// <summary>The reference period of a statistics answer: whole calendar years, first and last day included.</summary>
public sealed record StatisticsPeriod(DateOnly From, DateOnly To)
{
    [JsonIgnore]
    public int FirstYear => From.Year;

    [JsonIgnore]
    public int LastYear => To.Year;

    [JsonIgnore]
    public IEnumerable<int> Years => Enumerable.Range(FirstYear, LastYear - FirstYear + 1);

    public static StatisticsPeriod OfYears(int first, int last) => new(new DateOnly(first, 1, 1), new DateOnly(last, 12, 31));
}

/// <summary>
/// A query of case statistics: at most two predefined dimensions and a period. The period is widened to whole
/// calendar years, the unit every answer is protected in (ADR 0010): with periods to the day, two overlapping queries
/// would differ by the few cases of a day or a month.
/// </summary>
public sealed record CaseQuery(IReadOnlyList<string> GroupBy, StatisticsPeriod Period)
{
    public const int MaxYears = 50;

    /// <summary>
    /// The query's dimensions other than the year, always in the order of <see cref="CaseDimensions.Categories"/>
    /// whatever order the caller named them in: a two-way table is counted and protected in one orientation only. The
    /// cells to withhold beside a small count are chosen row by row, so protecting <c>ageGroup,trafficking</c> and
    /// <c>trafficking,ageGroup</c> separately could withhold different cells, and the two answers together would give
    /// a withheld count away.
    /// </summary>
    public IReadOnlyList<CaseDimension> Categories =>
        CaseDimensions.Categories.Where(dimension => GroupBy.Contains(dimension.Name)).ToList();

    /// <summary>True when the caller named the two categories in the other order than <see cref="Categories"/>.</summary>
    public bool CategoriesReversed =>
        GroupBy.Where(name => name != CaseDimensions.Year).FirstOrDefault() is { } first && Categories.Count == 2 &&
        first != Categories[0].Name;

    public bool ByYear => GroupBy.Contains(CaseDimensions.Year);

    public static ValidationErrors Check(string? groupBy, string? from, string? to, DateOnly today, int defaultFirstYear)
    {
        var errors = new ValidationErrors();
        var names = Split(groupBy);
        errors.When(names.Any(name => !CaseDimensions.Names.Contains(name)), "groupBy",
                $"Group by one or two of: {string.Join(", ", CaseDimensions.Names)}.")
            .When(names.Count > CaseDimensions.MaxGroupBy, "groupBy", $"At most {CaseDimensions.MaxGroupBy} dimensions.")
            .When(names.Distinct().Count() != names.Count, "groupBy", "Each dimension may appear once.");

        var first = ParseDay(from, "from", errors);
        var last = ParseDay(to, "to", errors);
        if ((from is null || first is not null) && (to is null || last is not null))
        {
            var period = PeriodOf(first, last, today, defaultFirstYear);
            errors.When(first > last, "to", "The period ends on or after the day it starts.")
                .When(first?.Year > today.Year, "from", "The period cannot start after the current year.")
                .When(last?.Year > today.Year, "to", "The period cannot end after the current year.")
                .When(period.LastYear - period.FirstYear >= MaxYears, "from", $"At most {MaxYears} years.");
        }

        return errors;
    }

    /// <summary>Reads a query that passed <see cref="Check"/>.</summary>
    public static CaseQuery Parse(string? groupBy, string? from, string? to, DateOnly today, int defaultFirstYear) =>
        new(Split(groupBy), PeriodOf(from is null ? null : Day(from), to is null ? null : Day(to), today, defaultFirstYear));

    /// <summary>Without <c>to</c>, up to the current year; without <c>from</c>, from the configured first year.</summary>
    private static StatisticsPeriod PeriodOf(DateOnly? from, DateOnly? to, DateOnly today, int defaultFirstYear)
    {
        var lastYear = to?.Year ?? today.Year;
        var firstYear = from?.Year ?? Math.Min(defaultFirstYear, lastYear);
        return StatisticsPeriod.OfYears(firstYear, Math.Max(firstYear, lastYear));
    }

    private static List<string> Split(string? groupBy) =>
        string.IsNullOrWhiteSpace(groupBy) ? [] : groupBy.Split(',').Select(name => name.Trim()).ToList();

    private static DateOnly? ParseDay(string? text, string field, ValidationErrors errors)
    {
        if (text is null) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        errors.Add(field, "A date, YYYY-MM-DD.");
        return null;
    }

    private static DateOnly Day(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
