using System.Text.Json.Serialization;
using PivotCase.Api.Platform.Http;

namespace PivotCase.Api.Statistics;

/// <summary>
/// A count of distinct cases of one year, as the database groups them: by the query's first and second category
/// (<see cref="CaseQuery.Categories"/>), null where a grouping set adds a category up.
/// </summary>
public sealed record GroupCount(int Year, string? First, string? Second, int Count);

/// <summary>One cell of a published table: its dimension values by dimension name, its count unless withheld.</summary>
public sealed record StatisticsCell(int? Count, bool Suppressed)
{
    [JsonExtensionData]
    public Dictionary<string, object> Dimensions { get; init; } = [];
}

public sealed record CaseStatistics(
    int Threshold,
    bool CountsDistinctCases,
    bool ConsentRequired,
    IReadOnlyList<string> MultiValuedDimensions,
    IReadOnlyList<string> Notes,
    IReadOnlyList<string> GroupBy,
    StatisticsPeriod Period,
    IReadOnlyList<StatisticsCell> Cells,
    int? Total,
    bool TotalSuppressed) : ICsvTable
{
    public IEnumerable<IReadOnlyList<string>> CsvRows()
    {
        yield return [.. GroupBy, "count", "suppressed"];
        foreach (var cell in Cells)
            yield return [.. GroupBy.Select(name => Csv.Value(cell.Dimensions[name])), Csv.Value(cell.Count), Csv.Value(cell.Suppressed)];
        yield return [.. GroupBy.Select(_ => ""), Csv.Value(Total), Csv.Value(TotalSuppressed)];
    }
}

/// <summary>
/// Builds the answer to a case query from the database's yearly counts. Every year is a table of its own, protected
/// on its own (<see cref="DisclosureControl"/>): a one-way table per dimension, a two-way table per pair whose margins
/// are those one-way tables. A figure for several years is the sum of that figure for each year, published only when
/// it is published for each of them. So whatever two answers an attacker subtracts, the difference is a sum of
/// published yearly figures, never a withheld one.
/// </summary>
public static class CaseTable
{
    public static (IReadOnlyList<StatisticsCell> Cells, int? Total, bool TotalSuppressed) Compose(
        CaseQuery query, IReadOnlyCollection<GroupCount> counts, int threshold = DisclosureControl.Threshold)
    {
        var byGroup = counts.ToDictionary(count => (count.Year, count.First, count.Second), count => count.Count);
        var categories = query.Categories;
        var years = query.Period.Years.Select(year => YearTable.Of(year, categories, byGroup, threshold)).ToList();

        var total = years.Sum(year => year.Total);
        var totalSuppressed = years.Any(year => year.TotalSuppressed);
        return (Cells(query, categories, years), totalSuppressed ? null : total, totalSuppressed);
    }

    private static List<StatisticsCell> Cells(CaseQuery query, IReadOnlyList<CaseDimension> categories, List<YearTable> years)
    {
        if (query.GroupBy.Count == 0) return [];
        var keys = Keys(categories, query.CategoriesReversed);
        if (!query.ByYear)
            return keys.Select(key => Cell(query, key, null,
                    years.Sum(year => year.Cells[key].Count), years.Any(year => year.Cells[key].Suppressed)))
                .ToList();

        var yearFirst = query.GroupBy[0] == CaseDimensions.Year;
        var pairs = yearFirst
            ? from year in years from key in keys select (year, key)
            : from key in keys from year in years select (year, key);
        return pairs.Select(pair => categories.Count == 0
                ? Cell(query, pair.key, pair.year.Year, pair.year.Total, pair.year.TotalSuppressed)
                : Cell(query, pair.key, pair.year.Year, pair.year.Cells[pair.key].Count, pair.year.Cells[pair.key].Suppressed))
            .ToList();
    }

    /// <summary>Every combination of the categories' values, the one the caller named first outermost.</summary>
    private static List<CellKey> Keys(IReadOnlyList<CaseDimension> categories, bool reversed) => categories.Count switch
    {
        0 => [new CellKey(null, null)],
        1 => categories[0].Values.Select(value => new CellKey(value, null)).ToList(),
        _ when reversed => (from second in categories[1].Values from first in categories[0].Values select new CellKey(first, second)).ToList(),
        _ => (from first in categories[0].Values from second in categories[1].Values select new CellKey(first, second)).ToList()
    };

    private static StatisticsCell Cell(CaseQuery query, CellKey key, int? year, int count, bool suppressed)
    {
        var dimensions = new Dictionary<string, object>();
        var categories = query.Categories;
        foreach (var name in query.GroupBy)
            dimensions[name] = name == CaseDimensions.Year
                ? year!.Value
                : name == categories[0].Name ? key.First!.Published : key.Second!.Published;
        return new StatisticsCell(suppressed ? null : count, suppressed) { Dimensions = dimensions };
    }

    private sealed record CellKey(DimensionValue? First, DimensionValue? Second);

    private sealed record YearCell(int Count, bool Suppressed);

    private sealed record YearTable(int Year, int Total, bool TotalSuppressed, IReadOnlyDictionary<CellKey, YearCell> Cells)
    {
        public static YearTable Of(int year, IReadOnlyList<CaseDimension> categories,
            IReadOnlyDictionary<(int, string?, string?), int> counts, int threshold)
        {
            int Count(string? first, string? second) => counts.GetValueOrDefault((year, first, second));
            var total = Count(null, null);
            var cells = new Dictionary<CellKey, YearCell>();
            switch (categories.Count)
            {
                case 0:
                    cells[new CellKey(null, null)] = new YearCell(total, total < threshold);
                    break;
                case 1:
                {
                    var values = categories[0].Values;
                    var counted = values.Select(value => Count(value.Stored, null)).ToList();
                    var pattern = DisclosureControl.Protect(counted, total, threshold);
                    for (var index = 0; index < values.Count; index++)
                        cells[new CellKey(values[index], null)] = new YearCell(counted[index], pattern.Cells[index]);
                    break;
                }
                default:
                {
                    var (rows, columns) = (categories[0].Values, categories[1].Values);
                    var counted = rows.Select(row => (IReadOnlyList<int>)columns.Select(column => Count(row.Stored, column.Stored)).ToList()).ToList();
                    var pattern = DisclosureControl.Protect(counted,
                        rows.Select(row => Count(row.Stored, null)).ToList(),
                        columns.Select(column => Count(null, column.Stored)).ToList(), total, threshold);
                    for (var row = 0; row < rows.Count; row++)
                    for (var column = 0; column < columns.Count; column++)
                        cells[new CellKey(rows[row], columns[column])] = new YearCell(counted[row][column], pattern.Cells[row][column]);
                    break;
                }
            }

            return new YearTable(year, total, total < threshold, cells);
        }
    }
}
