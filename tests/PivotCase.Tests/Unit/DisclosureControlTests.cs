using PivotCase.Api.Statistics;

namespace PivotCase.Tests.Unit;

/// <summary>
/// Disclosure control, by example and by property over many seeded random tables. The properties are checked against
/// an attacker written independently of the algorithm (<see cref="Attacker"/>): one who knows every published count,
/// every additive relation of the table, and that counts are never negative.
/// </summary>
public sealed class DisclosureControlTests
{
    private const int Threshold = DisclosureControl.Threshold;

    public static TheoryData<int> Seeds => new(Enumerable.Range(0, 500));

    public static TheoryData<int> LargeSeeds => new(Enumerable.Range(0, 20));

    [Fact]
    public void A_single_small_cell_is_hidden_with_the_smallest_other_cell()
    {
        var pattern = DisclosureControl.Protect([40, 3, 25, 60], 128);

        pattern.Cells.ShouldBe([false, true, true, false]);
        pattern.Total.ShouldBeFalse();
    }

    [Fact]
    public void Ties_between_complements_go_to_the_first_cell()
    {
        DisclosureControl.Protect([12, 12, 4], 28).Cells.ShouldBe([true, false, true]);
    }

    [Fact]
    public void Zeros_are_withheld_and_two_withheld_zeros_get_a_non_zero_companion()
    {
        var pattern = DisclosureControl.Protect([0, 50, 0, 31], 81);

        pattern.Cells.ShouldBe([true, false, true, true]);
    }

    [Fact]
    public void Two_small_cells_protect_each_other_when_the_total_is_published()
    {
        DisclosureControl.Protect([4, 50, 2], 56).Cells.ShouldBe([true, false, true]);
    }

    [Fact]
    public void A_small_total_withholds_the_whole_table()
    {
        var pattern = DisclosureControl.Protect([3, 0, 5], 8);

        pattern.Cells.ShouldAllBe(suppressed => suppressed);
        pattern.Total.ShouldBeTrue();
    }

    [Fact]
    public void A_small_cell_of_a_two_way_table_is_hidden_in_a_rectangle_of_four()
    {
        int[][] cells = [[30, 20, 15], [25, 4, 40], [18, 22, 35]];

        var pattern = DisclosureControl.Protect(cells, RowSums(cells), ColumnSums(cells), cells.Sum(row => row.Sum()));

        Withheld(pattern).ShouldBe([(0, 1), (0, 2), (1, 1), (1, 2)]);
        pattern.RowMargins.ShouldAllBe(suppressed => !suppressed);
        pattern.Total.ShouldBeFalse();
    }

    [Fact]
    public void A_row_whose_margin_is_withheld_is_withheld_whole()
    {
        // Row 1 adds up to 12, the smallest margin: the row table withholds it to protect row 2's margin of 6.
        int[][] cells = [[40, 30, 25], [0, 12, 0], [2, 1, 3]];

        var pattern = DisclosureControl.Protect(cells, RowSums(cells), ColumnSums(cells), cells.Sum(row => row.Sum()));

        pattern.RowMargins.ShouldBe([false, true, true]);
        pattern.Cells[1].ShouldAllBe(suppressed => suppressed);
        pattern.Cells[2].ShouldAllBe(suppressed => suppressed);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void One_way_tables_publish_only_large_counts_and_no_withheld_count_can_be_worked_out(int seed)
    {
        var random = new Random(seed);
        var cells = RandomRow(random, random.Next(2, 18));
        var total = cells.Sum();

        var pattern = DisclosureControl.Protect(cells, total);

        for (var index = 0; index < cells.Length; index++)
            if (!pattern.Cells[index]) cells[index].ShouldBeGreaterThanOrEqualTo(Threshold);
        if (!pattern.Total) total.ShouldBeGreaterThanOrEqualTo(Threshold);
        else pattern.Cells.ShouldAllBe(suppressed => suppressed);
        pattern.Cells.Count(suppressed => suppressed).ShouldNotBe(1);

        var attack = Attacker.OfOneWay(cells, total, pattern);
        foreach (var variable in attack.Withheld()) attack.CanChange(variable).ShouldBeTrue($"seed {seed}: cell {variable}");

        DisclosureControl.Protect(cells, total).ShouldBeEquivalentTo(pattern);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Two_way_tables_publish_only_large_counts_and_no_line_has_a_single_withheld_count(int seed)
    {
        var random = new Random(seed);
        var cells = RandomTable(random, random.Next(2, 8), random.Next(2, 8));
        var (rows, columns, total) = (RowSums(cells), ColumnSums(cells), cells.Sum(row => row.Sum()));

        var pattern = DisclosureControl.Protect(cells, rows, columns, total);

        for (var row = 0; row < cells.Length; row++)
        for (var column = 0; column < cells[0].Length; column++)
            if (!pattern.Cells[row][column]) cells[row][column].ShouldBeGreaterThanOrEqualTo(Threshold);
        for (var row = 0; row < rows.Length; row++)
            if (!pattern.RowMargins[row]) rows[row].ShouldBeGreaterThanOrEqualTo(Threshold);
        for (var column = 0; column < columns.Length; column++)
            if (!pattern.ColumnMargins[column]) columns[column].ShouldBeGreaterThanOrEqualTo(Threshold);
        pattern.Total.ShouldBe(total < Threshold);

        foreach (var line in Lines(pattern, rows.Length, columns.Length))
            line.Count(withheld => withheld).ShouldNotBe(1, $"seed {seed}");

        DisclosureControl.Protect(cells, rows, columns, total).ShouldBeEquivalentTo(pattern);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void No_withheld_count_of_a_two_way_table_is_determined_by_its_linear_relations(int seed)
    {
        var random = new Random(seed);
        var cells = RandomTable(random, random.Next(2, 7), random.Next(2, 7));
        var (rows, columns, total) = (RowSums(cells), ColumnSums(cells), cells.Sum(row => row.Sum()));

        var attack = Attacker.OfTwoWay(cells, rows, columns, total, DisclosureControl.Protect(cells, rows, columns, total));

        foreach (var variable in attack.Withheld()) attack.IsDeterminedLinearly(variable).ShouldBeFalse($"seed {seed}: entry {variable}");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void No_withheld_count_of_a_small_two_way_table_can_be_pinned_even_knowing_counts_are_not_negative(int seed)
    {
        var random = new Random(seed);
        var cells = RandomTable(random, random.Next(2, 4), random.Next(2, 5));
        var (rows, columns, total) = (RowSums(cells), ColumnSums(cells), cells.Sum(row => row.Sum()));

        var attack = Attacker.OfTwoWay(cells, rows, columns, total, DisclosureControl.Protect(cells, rows, columns, total));

        foreach (var variable in attack.Withheld()) attack.CanChange(variable).ShouldBeTrue($"seed {seed}: entry {variable}");
        foreach (var variable in attack.Withheld()) attack.HasRange(variable).ShouldBeTrue($"seed {seed}: entry {variable}");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Two_tables_sharing_a_dimension_cannot_be_played_against_each_other(int seed)
    {
        var random = new Random(seed);
        var shared = random.Next(2, 5);
        var first = RandomTable(random, shared, random.Next(2, 4));
        var second = RandomTableWithRowSums(random, RowSums(first), random.Next(2, 4));

        var attack = Attacker.OfLinkedTables(first, second);

        foreach (var variable in attack.Withheld()) attack.CanChange(variable).ShouldBeTrue($"seed {seed}: entry {variable}");
        foreach (var variable in attack.Withheld()) attack.HasRange(variable).ShouldBeTrue($"seed {seed}: entry {variable}");
    }

    [Theory]
    [MemberData(nameof(LargeSeeds))]
    public void The_largest_tables_the_statistics_publish_keep_the_same_properties(int seed)
    {
        var random = new Random(seed);
        var cells = RandomTable(random, 17, 9);
        var (rows, columns, total) = (RowSums(cells), ColumnSums(cells), cells.Sum(row => row.Sum()));

        var pattern = DisclosureControl.Protect(cells, rows, columns, total);

        foreach (var line in Lines(pattern, rows.Length, columns.Length)) line.Count(withheld => withheld).ShouldNotBe(1);
        var attack = Attacker.OfTwoWay(cells, rows, columns, total, pattern);
        foreach (var variable in attack.Withheld()) attack.HasRange(variable).ShouldBeTrue($"seed {seed}: entry {variable}");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void The_two_attackers_agree_on_arbitrary_patterns(int seed)
    {
        var random = new Random(seed);
        var cells = RandomTable(random, random.Next(2, 4), random.Next(2, 4));
        var (rows, columns, total) = (RowSums(cells), ColumnSums(cells), cells.Sum(row => row.Sum()));
        var pattern = new TwoWayPattern(
            cells.Select(row => (IReadOnlyList<bool>)row.Select(_ => random.NextDouble() < 0.4).ToArray()).ToArray(),
            rows.Select(_ => random.NextDouble() < 0.3).ToArray(), columns.Select(_ => random.NextDouble() < 0.3).ToArray(),
            random.NextDouble() < 0.2);

        var attack = Attacker.OfTwoWay(cells, rows, columns, total, pattern);

        foreach (var variable in attack.Withheld()) attack.HasRange(variable).ShouldBe(attack.CanChange(variable), $"seed {seed}: entry {variable}");
    }

    private static List<(int, int)> Withheld(TwoWayPattern pattern) =>
        (from row in Enumerable.Range(0, pattern.Cells.Count)
            from column in Enumerable.Range(0, pattern.Cells[row].Count)
            where pattern.Cells[row][column]
            select (row, column)).ToList();

    /// <summary>Every row and column of the table with its margin, the row of column margins and the column of row margins with the total.</summary>
    private static IEnumerable<bool[]> Lines(TwoWayPattern pattern, int rows, int columns)
    {
        for (var row = 0; row < rows; row++) yield return [.. pattern.Cells[row], pattern.RowMargins[row]];
        for (var column = 0; column < columns; column++)
            yield return [.. Enumerable.Range(0, rows).Select(row => pattern.Cells[row][column]), pattern.ColumnMargins[column]];
        yield return [.. pattern.RowMargins, pattern.Total];
        yield return [.. pattern.ColumnMargins, pattern.Total];
    }

    /// <summary>Mostly publishable counts, many small ones and zeros, and now and then a row of small counts only.</summary>
    private static int[] RandomRow(Random random, int length, bool sparse = false) =>
        Enumerable.Range(0, length).Select(_ => sparse ? random.Next(0, 5) : RandomCount(random)).ToArray();

    private static int RandomCount(Random random) => random.NextDouble() switch
    {
        < 0.12 => 0,
        < 0.40 => random.Next(1, Threshold),
        < 0.55 => random.Next(Threshold, 2 * Threshold),
        _ => random.Next(2 * Threshold, 80)
    };

    private static int[][] RandomTable(Random random, int rows, int columns) =>
        Enumerable.Range(0, rows).Select(_ => RandomRow(random, columns, sparse: random.NextDouble() < 0.15)).ToArray();

    /// <summary>A table whose rows add up to the given margins, spread at random over the columns.</summary>
    private static int[][] RandomTableWithRowSums(Random random, int[] rowSums, int columns) =>
        rowSums.Select(sum =>
        {
            var row = new int[columns];
            for (var unit = 0; unit < sum; unit++) row[random.NextDouble() < 0.6 ? 0 : random.Next(columns)]++;
            return row;
        }).ToArray();

    private static int[] RowSums(int[][] cells) => cells.Select(row => row.Sum()).ToArray();

    private static int[] ColumnSums(int[][] cells) =>
        Enumerable.Range(0, cells[0].Length).Select(column => cells.Sum(row => row[column])).ToArray();
}
