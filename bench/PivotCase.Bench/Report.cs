using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PivotCase.Bench;

/// <summary>One line of the table: what PivotCase measured, against which reference, the ratio, the target and whether it is met.</summary>
public sealed record Figure(
    string Key,
    string Label,
    string Shown,
    double? Value,
    string? Unit,
    string Reference,
    double? ReferenceValue,
    double? Ratio,
    string Target,
    bool? Met);

public sealed class Report
{
    /// <summary>The figures every run prints, in order (a figure that could not be measured says "n/a" and why).</summary>
    public static readonly IReadOnlyList<(string Key, string Label)> Lines =
    [
        ("step_logging_throughput", "step logging throughput (POST steps, 16 clients)"),
        ("step_logging_latency", "step logging latency p50/p95/p99"),
        ("case_read_throughput", "case read throughput (GET /api/cases/{id})"),
        ("case_read_latency", "case read latency p50/p95/p99"),
        ("projection_lag", "projection lag, step 201 → dashboard (p95)"),
        ("projection_rebuild", "projection rebuild CaseloadEntry"),
        ("statistics", "statistics query p95"),
        ("api_peak_rss", "API peak RSS (VmHWM)"),
        ("cold_start", "cold start → healthy /health"),
        ("pgbench", "pgbench -N (reference)")
    ];

    private readonly Dictionary<string, Figure> _figures = new();

    public string Mode { get; init; } = "full";
    public DateTimeOffset StartedAt { get; init; } = DateTimeOffset.UtcNow;
    public SortedDictionary<string, object?> Context { get; } = new(StringComparer.Ordinal);
    public List<string> Notes { get; } = [];

    public void Add(Figure figure) => _figures[figure.Key] = figure;

    public void NotAvailable(string key, string why, string target)
    {
        var label = Lines.First(line => line.Key == key).Label;
        Add(new Figure(key, label, why, null, null, "—", null, null, target, null));
    }

    public IReadOnlyList<Figure> Figures => Lines
        .Select(line => _figures.TryGetValue(line.Key, out var figure) ? figure : new Figure(line.Key, line.Label, "n/a (not run)", null, null, "—", null, null, "—", null))
        .ToList();

    public string Table()
    {
        var rows = Figures.Select(figure => new[]
        {
            figure.Label, figure.Shown, figure.Reference, figure.Ratio is { } ratio ? ratio.ToString("0.00", CultureInfo.InvariantCulture) : "—",
            figure.Target, figure.Met switch { true => "yes", false => "NO", null => "—" }
        }).ToList();
        var header = new[] { "figure", "PivotCase", "reference", "ratio", "target", "met?" };
        var widths = header.Select((title, column) => Math.Max(title.Length, rows.Max(row => row[column].Length))).ToArray();
        var text = new StringBuilder();
        void Row(IReadOnlyList<string> cells) =>
            text.Append("| ").AppendJoin(" | ", cells.Select((cell, column) => cell.PadRight(widths[column]))).AppendLine(" |");
        Row(header);
        Row(widths.Select(width => new string('-', width)).ToArray());
        foreach (var row in rows) Row(row);
        return text.ToString();
    }

    public string Json() => JsonSerializer.Serialize(new
    {
        mode = Mode,
        startedAt = StartedAt,
        figures = Figures.Select(figure => new
        {
            key = figure.Key, label = figure.Label, value = figure.Value, unit = figure.Unit, shown = figure.Shown,
            reference = figure.Reference, referenceValue = figure.ReferenceValue, ratio = figure.Ratio, target = figure.Target, met = figure.Met
        }),
        context = Context,
        notes = Notes
    }, new JsonSerializerOptions { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals });

    public static string Number(double value, int decimals = 0) => double.IsNaN(value) ? "n/a" : value.ToString("N" + decimals, CultureInfo.InvariantCulture);
}
