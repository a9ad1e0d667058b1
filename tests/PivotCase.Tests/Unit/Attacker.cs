using PivotCase.Api.Statistics;

namespace PivotCase.Tests.Unit;

/// <summary>
/// Someone trying to recover withheld counts, written independently of <see cref="DisclosureControl"/>. They know
/// every published count, every additive relation between the counts (a system of equations) and that counts are
/// never negative. A withheld count is safe when some other non-negative solution of the system gives it another
/// value. Two ways to look for one: an exhaustive search of changes of ±1 per count (enough when a solution exists:
/// a cycle of the table's relations), for small tables; and the exact bounds of the count by linear programming
/// (the tables' relations have integral vertices), for tables of any size.
/// </summary>
internal sealed class Attacker
{
    private readonly List<int> _values = [];
    private readonly List<bool> _withheld = [];
    private readonly List<(int Variable, int Coefficient)[]> _equations = [];

    public IEnumerable<int> Withheld() => Enumerable.Range(0, _values.Count).Where(variable => _withheld[variable]);

    public static Attacker OfOneWay(int[] cells, int total, OneWayPattern pattern)
    {
        var attacker = new Attacker();
        var variables = cells.Select((count, index) => attacker.Variable(count, pattern.Cells[index])).ToList();
        var sum = attacker.Variable(total, pattern.Total);
        attacker.SumOf(variables, sum);
        return attacker;
    }

    /// <summary>The table with its margins; the margins as the two one-way tables publish them.</summary>
    public static Attacker OfTwoWay(int[][] cells, int[] rows, int[] columns, int total, TwoWayPattern pattern)
    {
        var attacker = new Attacker();
        var grid = new int[rows.Length + 1, columns.Length + 1];
        for (var row = 0; row <= rows.Length; row++)
        for (var column = 0; column <= columns.Length; column++)
        {
            var (count, withheld) = (row == rows.Length, column == columns.Length) switch
            {
                (false, false) => (cells[row][column], pattern.Cells[row][column]),
                (false, true) => (rows[row], pattern.RowMargins[row]),
                (true, false) => (columns[column], pattern.ColumnMargins[column]),
                _ => (total, pattern.Total)
            };
            grid[row, column] = attacker.Variable(count, withheld);
        }

        for (var row = 0; row <= rows.Length; row++)
            attacker.SumOf(Enumerable.Range(0, columns.Length).Select(column => grid[row, column]), grid[row, columns.Length]);
        for (var column = 0; column <= columns.Length; column++)
            attacker.SumOf(Enumerable.Range(0, rows.Length).Select(row => grid[row, column]), grid[rows.Length, column]);
        return attacker;
    }

    /// <summary>
    /// Two tables sharing their row dimension (say region × gender and region × age group), each protected on its
    /// own; the attacker combines them through the shared row margins and total.
    /// </summary>
    public static Attacker OfLinkedTables(int[][] first, int[][] second)
    {
        var rows = first.Select(row => row.Sum()).ToArray();
        var total = rows.Sum();
        var firstColumns = Enumerable.Range(0, first[0].Length).Select(column => first.Sum(row => row[column])).ToArray();
        var secondColumns = Enumerable.Range(0, second[0].Length).Select(column => second.Sum(row => row[column])).ToArray();
        var firstPattern = DisclosureControl.Protect(first, rows, firstColumns, total);
        var secondPattern = DisclosureControl.Protect(second, rows, secondColumns, total);
        secondPattern.RowMargins.ShouldBe(firstPattern.RowMargins);

        var attacker = new Attacker();
        var margins = new int[rows.Length];
        var firstCells = new int[rows.Length][];
        var secondCells = new int[rows.Length][];
        for (var row = 0; row < rows.Length; row++)
        {
            margins[row] = attacker.Variable(rows[row], firstPattern.RowMargins[row]);
            firstCells[row] = first[row].Select((count, column) => attacker.Variable(count, firstPattern.Cells[row][column])).ToArray();
            secondCells[row] = second[row].Select((count, column) => attacker.Variable(count, secondPattern.Cells[row][column])).ToArray();
            attacker.SumOf(firstCells[row], margins[row]);
            attacker.SumOf(secondCells[row], margins[row]);
        }

        var firstMargins = firstColumns.Select((count, column) => attacker.Variable(count, firstPattern.ColumnMargins[column])).ToArray();
        var secondMargins = secondColumns.Select((count, column) => attacker.Variable(count, secondPattern.ColumnMargins[column])).ToArray();
        var sum = attacker.Variable(total, firstPattern.Total);
        for (var column = 0; column < firstMargins.Length; column++)
            attacker.SumOf(firstCells.Select(row => row[column]), firstMargins[column]);
        for (var column = 0; column < secondMargins.Length; column++)
            attacker.SumOf(secondCells.Select(row => row[column]), secondMargins[column]);
        attacker.SumOf(margins, sum);
        attacker.SumOf(firstMargins, sum);
        attacker.SumOf(secondMargins, sum);
        return attacker;
    }

    /// <summary>Whether the equations alone (ignoring that counts are not negative) fix the variable's value.</summary>
    public bool IsDeterminedLinearly(int target)
    {
        var unknowns = Withheld().ToList();
        var rows = _equations.Select(equation =>
        {
            var row = new double[unknowns.Count];
            foreach (var (variable, coefficient) in equation)
                if (_withheld[variable]) row[unknowns.IndexOf(variable)] += coefficient;
            return row;
        }).ToList();
        var unit = new double[unknowns.Count];
        unit[unknowns.IndexOf(target)] = 1;
        return Rank(rows) == Rank([.. rows, unit]);
    }

    /// <summary>Whether another non-negative solution gives the variable another value.</summary>
    public bool CanChange(int target)
    {
        var order = Withheld().ToArray();
        var involved = Enumerable.Range(0, _values.Count).Select(_ => new List<(int Equation, int Coefficient)>()).ToArray();
        var remaining = new int[_equations.Count];
        for (var equation = 0; equation < _equations.Count; equation++)
            foreach (var (variable, coefficient) in _equations[equation])
                if (_withheld[variable])
                {
                    involved[variable].Add((equation, coefficient));
                    remaining[equation]++;
                }

        var sums = new int[_equations.Count];

        bool Search(int position)
        {
            if (position == order.Length) return true;
            var variable = order[position];
            int[] changes = variable == target ? [1, -1] : [0, 1, -1];
            foreach (var change in changes)
            {
                if (_values[variable] + change < 0) continue;
                foreach (var (equation, coefficient) in involved[variable])
                {
                    sums[equation] += coefficient * change;
                    remaining[equation]--;
                }

                if (involved[variable].All(term => Math.Abs(sums[term.Equation]) <= remaining[term.Equation]) && Search(position + 1))
                    return true;

                foreach (var (equation, coefficient) in involved[variable])
                {
                    sums[equation] -= coefficient * change;
                    remaining[equation]++;
                }
            }

            return false;
        }

        return Search(0);
    }

    /// <summary>Whether the lowest and highest values the withheld count can take, given everything published, differ.</summary>
    public bool HasRange(int target)
    {
        var unknowns = Withheld().ToList();
        var rows = new List<double[]>();
        var constants = new List<double>();
        foreach (var equation in _equations)
        {
            var row = new double[unknowns.Count];
            var constant = 0.0;
            foreach (var (variable, coefficient) in equation)
                if (_withheld[variable]) row[unknowns.IndexOf(variable)] += coefficient;
                else constant -= coefficient * _values[variable];
            rows.Add(row);
            constants.Add(constant);
        }

        var objective = new double[unknowns.Count];
        objective[unknowns.IndexOf(target)] = 1;
        var highest = Simplex.Maximize(rows, constants, objective);
        objective[unknowns.IndexOf(target)] = -1;
        var lowest = -Simplex.Maximize(rows, constants, objective);
        return highest is null || highest - lowest > 0.5;
    }

    private int Variable(int value, bool withheld)
    {
        _values.Add(value);
        _withheld.Add(withheld);
        return _values.Count - 1;
    }

    private void SumOf(IEnumerable<int> parts, int sum)
    {
        var equation = parts.Select(part => (part, 1)).Append((sum, -1)).ToArray();
        var holds = equation.Sum(term => term.Item2 * _values[term.Item1]) == 0;
        holds.ShouldBeTrue("the test table must be consistent");
        _equations.Add(equation);
    }

    private static int Rank(List<double[]> matrix)
    {
        var rows = matrix.Select(row => (double[])row.Clone()).ToList();
        var rank = 0;
        var columns = rows.Count == 0 ? 0 : rows[0].Length;
        for (var column = 0; column < columns && rank < rows.Count; column++)
        {
            var pivot = Enumerable.Range(rank, rows.Count - rank).OrderByDescending(row => Math.Abs(rows[row][column])).First();
            if (Math.Abs(rows[pivot][column]) < 1e-9) continue;
            (rows[rank], rows[pivot]) = (rows[pivot], rows[rank]);
            for (var row = 0; row < rows.Count; row++)
            {
                if (row == rank) continue;
                var factor = rows[row][column] / rows[rank][column];
                for (var other = column; other < columns; other++) rows[row][other] -= factor * rows[rank][other];
            }

            rank++;
        }

        return rank;
    }
}

/// <summary>A textbook two-phase simplex with Bland's rule: maximise c·x subject to Ax = b, x ≥ 0 (feasible by construction).</summary>
internal static class Simplex
{
    private const double Epsilon = 1e-9;

    /// <summary>The maximum, or null when unbounded.</summary>
    public static double? Maximize(IReadOnlyList<double[]> rows, IReadOnlyList<double> constants, double[] objective)
    {
        var (height, variables) = (rows.Count, objective.Length);
        var width = variables + height + 1;
        var tableau = new double[height][];
        var basis = new int[height];
        for (var row = 0; row < height; row++)
        {
            var sign = constants[row] < 0 ? -1 : 1;
            tableau[row] = new double[width];
            for (var column = 0; column < variables; column++) tableau[row][column] = sign * rows[row][column];
            tableau[row][variables + row] = 1;
            tableau[row][width - 1] = sign * constants[row];
            basis[row] = variables + row;
        }

        var artificial = new double[width - 1];
        for (var row = 0; row < height; row++) artificial[variables + row] = -1;
        Run(tableau, basis, artificial, width - 1).ShouldNotBeNull();
        Value(tableau, basis, artificial).ShouldBe(0, 1e-6, "the published table has a solution: the truth");

        for (var row = 0; row < height; row++)
        {
            if (basis[row] < variables) continue;
            var column = Enumerable.Range(0, variables).FirstOrDefault(candidate => Math.Abs(tableau[row][candidate]) > Epsilon, -1);
            if (column >= 0) Pivot(tableau, basis, row, column);
        }

        var costs = new double[width - 1];
        Array.Copy(objective, costs, variables);
        return Run(tableau, basis, costs, variables) is null ? null : Value(tableau, basis, costs);
    }

    private static double Value(double[][] tableau, int[] basis, double[] costs) =>
        Enumerable.Range(0, basis.Length).Sum(row => costs[basis[row]] * tableau[row][^1]);

    /// <summary>Pivots until optimal (true) or unbounded (null); only the first <paramref name="entering"/> columns may enter.</summary>
    private static bool? Run(double[][] tableau, int[] basis, double[] costs, int entering)
    {
        while (true)
        {
            var column = Enumerable.Range(0, entering).FirstOrDefault(candidate =>
                costs[candidate] - Enumerable.Range(0, basis.Length).Sum(row => costs[basis[row]] * tableau[row][candidate]) > Epsilon, -1);
            if (column < 0) return true;

            var leaving = Enumerable.Range(0, basis.Length).Where(row => tableau[row][column] > Epsilon)
                .OrderBy(row => tableau[row][^1] / tableau[row][column]).ThenBy(row => basis[row])
                .DefaultIfEmpty(-1).First();
            if (leaving < 0) return null;
            Pivot(tableau, basis, leaving, column);
        }
    }

    private static void Pivot(double[][] tableau, int[] basis, int pivotRow, int column)
    {
        var pivot = tableau[pivotRow][column];
        for (var index = 0; index < tableau[pivotRow].Length; index++) tableau[pivotRow][index] /= pivot;
        for (var row = 0; row < tableau.Length; row++)
        {
            if (row == pivotRow || Math.Abs(tableau[row][column]) < Epsilon) continue;
            var factor = tableau[row][column];
            for (var index = 0; index < tableau[row].Length; index++) tableau[row][index] -= factor * tableau[pivotRow][index];
        }

        basis[pivotRow] = column;
    }
}
