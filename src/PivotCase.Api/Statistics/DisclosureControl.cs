namespace PivotCase.Api.Statistics;

/// <summary>Which counts of a one-way table are withheld: its cells (in the table's order) and its total.</summary>
public sealed record OneWayPattern(IReadOnlyList<bool> Cells, bool Total);

/// <summary>
/// Which counts of a two-way table are withheld: its cells (<c>Cells[row][column]</c>), and the margins and total
/// as the one-way tables of each dimension publish them.
/// </summary>
public sealed record TwoWayPattern(IReadOnlyList<IReadOnlyList<bool>> Cells, IReadOnlyList<bool> RowMargins,
    IReadOnlyList<bool> ColumnMargins, bool Total);

/// <summary>
/// Statistical disclosure control of count tables (ADR 0010), pure and deterministic: the same table always gives the
/// same pattern.
/// <para>
/// Primary suppression withholds every count below the threshold, zero included. Complementary suppression then
/// withholds more counts until none of the withheld ones can be worked out from what is published, the way an
/// attacker would: with the table's additive relations (cells add up to their row and column margins, margins to the
/// total) and the fact that a count is never negative.
/// </para>
/// <para>
/// One-way table: while the total is published, the withheld cells' sum is known, so one withheld cell alone would be
/// that sum, and withheld cells adding up to zero would all be zero; the smallest published cell (first in order on a
/// tie) is withheld too.
/// </para>
/// <para>
/// Two-way table: its margins are what the one-way tables of its two dimensions publish (an attacker asks for those
/// too). Where a margin is withheld, its whole row or column is withheld, so that tables sharing that margin cannot be
/// played against each other. Then, as long as some withheld count is pinned, the smallest published cell that frees
/// it is withheld. A withheld count is free when the attacker's equations and the non-negativity of counts still let
/// it move: when it lies on a cycle of withheld counts (alternately in a row and in a column, margins and total
/// included) along which it can be raised or lowered by one while every count lowered stays at zero or above.
/// </para>
/// </summary>
public static class DisclosureControl
{
    public const int Threshold = 10;

    public static OneWayPattern Protect(IReadOnlyList<int> cells, int total, int threshold = Threshold)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        var suppressed = cells.Select(count => count < threshold).ToArray();
        var totalSuppressed = total < threshold;
        while (!totalSuppressed && RecomputableFromTotal(cells, suppressed))
        {
            var complement = Enumerable.Range(0, cells.Count).Where(index => !suppressed[index])
                .OrderBy(index => cells[index]).ThenBy(index => index)
                .DefaultIfEmpty(-1).First();
            if (complement < 0) totalSuppressed = true;
            else suppressed[complement] = true;
        }

        return new OneWayPattern(suppressed, totalSuppressed);
    }

    public static TwoWayPattern Protect(IReadOnlyList<IReadOnlyList<int>> cells, IReadOnlyList<int> rowMargins,
        IReadOnlyList<int> columnMargins, int total, int threshold = Threshold)
    {
        if (cells.Count != rowMargins.Count || cells.Any(row => row.Count != columnMargins.Count))
            throw new ArgumentException("The cells do not match the margins.", nameof(cells));

        var rows = Protect(rowMargins, total, threshold);
        var columns = Protect(columnMargins, total, threshold);
        var table = new AugmentedTable(cells, rowMargins, columnMargins, total);
        for (var row = 0; row < table.Rows; row++)
        {
            table.Suppressed[row, table.Columns] = rows.Cells[row];
            for (var column = 0; column < table.Columns; column++)
                table.Suppressed[row, column] = cells[row][column] < threshold || rows.Cells[row] || columns.Cells[column];
        }

        for (var column = 0; column < table.Columns; column++) table.Suppressed[table.Rows, column] = columns.Cells[column];
        table.Suppressed[table.Rows, table.Columns] = rows.Total;

        while (table.FirstPinned() is { } pinned && table.ComplementFor(pinned) is { } complement)
            table.Suppressed[complement.Row, complement.Column] = true;

        return new TwoWayPattern(
            Enumerable.Range(0, table.Rows)
                .Select(row => (IReadOnlyList<bool>)Enumerable.Range(0, table.Columns).Select(column => table.Suppressed[row, column]).ToArray())
                .ToArray(),
            rows.Cells, columns.Cells, rows.Total);
    }

    private static bool RecomputableFromTotal(IReadOnlyList<int> cells, bool[] suppressed)
    {
        var withheld = Enumerable.Range(0, cells.Count).Where(index => suppressed[index]).ToList();
        return withheld.Count == 1 || withheld.Count > 1 && withheld.Sum(index => cells[index]) == 0;
    }

    private readonly record struct Entry(int Row, int Column);

    /// <summary>
    /// The table with its margins as one more row (column totals) and one more column (row totals), the grand total in
    /// the corner. Seen as a bipartite graph (its rows and columns are the nodes, its withheld entries the edges), a
    /// change the attacker cannot rule out is a cycle: walking an entry from its row to its column raises a cell or
    /// the total and lowers a margin, walking it back does the opposite, so every row and column keeps its sum.
    /// </summary>
    private sealed class AugmentedTable
    {
        private readonly int[,] _counts;

        public AugmentedTable(IReadOnlyList<IReadOnlyList<int>> cells, IReadOnlyList<int> rowMargins, IReadOnlyList<int> columnMargins, int total)
        {
            Rows = rowMargins.Count;
            Columns = columnMargins.Count;
            _counts = new int[Rows + 1, Columns + 1];
            Suppressed = new bool[Rows + 1, Columns + 1];
            for (var row = 0; row < Rows; row++)
            {
                _counts[row, Columns] = rowMargins[row];
                for (var column = 0; column < Columns; column++) _counts[row, column] = cells[row][column];
            }

            for (var column = 0; column < Columns; column++) _counts[Rows, column] = columnMargins[column];
            _counts[Rows, Columns] = total;
        }

        public int Rows { get; }
        public int Columns { get; }
        public bool[,] Suppressed { get; }

        private int RowNode(int row) => row;
        private int ColumnNode(int column) => Rows + 1 + column;
        private int NodeCount => Rows + Columns + 2;

        private bool IsMargin(Entry entry) => entry.Row == Rows ^ entry.Column == Columns;

        /// <summary>Raising a cell or the total, or lowering a margin, which needs it to be at least one.</summary>
        private bool CanWalkRowToColumn(Entry entry) => !IsMargin(entry) || _counts[entry.Row, entry.Column] > 0;

        private bool CanWalkColumnToRow(Entry entry) => IsMargin(entry) || _counts[entry.Row, entry.Column] > 0;

        private IEnumerable<Entry> Entries() =>
            from row in Enumerable.Range(0, Rows + 1)
            from column in Enumerable.Range(0, Columns + 1)
            select new Entry(row, column);

        /// <summary>Interior cells first, row by row, then the row margins, the column margins and the total.</summary>
        private IEnumerable<Entry> InCheckingOrder() =>
            Entries().OrderBy(entry => (entry.Row == Rows ? 2 : 0) + (entry.Column == Columns ? 1 : 0))
                .ThenBy(entry => entry.Row).ThenBy(entry => entry.Column);

        public Entry? FirstPinned() =>
            InCheckingOrder().Where(entry => Suppressed[entry.Row, entry.Column] && !CanMove(entry))
                .Select(entry => (Entry?)entry).FirstOrDefault();

        private bool CanMove(Entry entry) =>
            CanWalkRowToColumn(entry) && Reachable(ColumnNode(entry.Column), entry, forward: true)[RowNode(entry.Row)]
            || CanWalkColumnToRow(entry) && Reachable(RowNode(entry.Row), entry, forward: true)[ColumnNode(entry.Column)];

        /// <summary>
        /// The published cell to withhold so that <paramref name="pinned"/> can move: the smallest that closes a cycle
        /// through it; failing that, the smallest in its row or column, which brings a cycle closer; failing that, the
        /// smallest anywhere. Null when every cell is withheld already.
        /// </summary>
        public Entry? ComplementFor(Entry pinned)
        {
            var candidates = Entries()
                .Where(entry => entry.Row < Rows && entry.Column < Columns && !Suppressed[entry.Row, entry.Column])
                .OrderBy(entry => _counts[entry.Row, entry.Column]).ThenBy(entry => entry.Row).ThenBy(entry => entry.Column)
                .ToList();
            if (candidates.Count == 0) return null;

            var closings = new List<(bool[] From, bool[] To)>();
            if (CanWalkRowToColumn(pinned))
                closings.Add((Reachable(ColumnNode(pinned.Column), pinned, forward: true), Reachable(RowNode(pinned.Row), pinned, forward: false)));
            if (CanWalkColumnToRow(pinned))
                closings.Add((Reachable(RowNode(pinned.Row), pinned, forward: true), Reachable(ColumnNode(pinned.Column), pinned, forward: false)));

            bool Closes(Entry entry) => closings.Any(closing =>
                closing.From[RowNode(entry.Row)] && closing.To[ColumnNode(entry.Column)]
                || closing.From[ColumnNode(entry.Column)] && closing.To[RowNode(entry.Row)]);

            bool Beside(Entry entry) => entry.Row == pinned.Row || entry.Column == pinned.Column;

            return candidates.Where(Closes).Select(entry => (Entry?)entry).FirstOrDefault()
                   ?? candidates.Where(Beside).Select(entry => (Entry?)entry).FirstOrDefault()
                   ?? candidates[0];
        }

        /// <summary>
        /// Nodes reachable from <paramref name="start"/> (or, backwards, that reach it) along withheld entries other
        /// than <paramref name="excluded"/>, each walked only in a direction its count allows.
        /// </summary>
        private bool[] Reachable(int start, Entry excluded, bool forward)
        {
            var seen = new bool[NodeCount];
            var pending = new Stack<int>();
            seen[start] = true;
            pending.Push(start);
            while (pending.TryPop(out var node))
            {
                var isRow = node <= Rows;
                var line = isRow ? node : node - Rows - 1;
                var others = isRow ? Columns + 1 : Rows + 1;
                for (var other = 0; other < others; other++)
                {
                    var entry = isRow ? new Entry(line, other) : new Entry(other, line);
                    if (entry == excluded || !Suppressed[entry.Row, entry.Column]) continue;
                    var allowed = isRow == forward ? CanWalkRowToColumn(entry) : CanWalkColumnToRow(entry);
                    var next = isRow ? ColumnNode(other) : RowNode(other);
                    if (!allowed || seen[next]) continue;
                    seen[next] = true;
                    pending.Push(next);
                }
            }

            return seen;
        }
    }
}
