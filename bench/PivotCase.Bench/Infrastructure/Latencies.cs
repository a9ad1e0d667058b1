using System.Diagnostics;

namespace PivotCase.Bench.Infrastructure;

/// <summary>Latencies of one kind of request, recorded by one client (no locking) and merged at the end of a phase.</summary>
public sealed class Latencies
{
    private readonly List<long> _ticks = new(4096);

    public int Count => _ticks.Count;
    public int Errors { get; private set; }
    public string? FirstError { get; private set; }

    public void Record(long stopwatchTicks) => _ticks.Add(stopwatchTicks);

    public void Error(string description)
    {
        Errors++;
        FirstError ??= description;
    }

    public static Latencies Merge(IEnumerable<Latencies> parts)
    {
        var merged = new Latencies();
        foreach (var part in parts)
        {
            merged._ticks.AddRange(part._ticks);
            merged.Errors += part.Errors;
            merged.FirstError ??= part.FirstError;
        }

        merged._ticks.Sort();
        return merged;
    }

    /// <summary>Nearest-rank percentile in milliseconds (the list is sorted by <see cref="Merge"/>).</summary>
    public double Percentile(double percent)
    {
        if (_ticks.Count == 0) return double.NaN;
        var rank = (int)Math.Ceiling(percent / 100.0 * _ticks.Count) - 1;
        return _ticks[Math.Clamp(rank, 0, _ticks.Count - 1)] * 1000.0 / Stopwatch.Frequency;
    }

    public double Max => _ticks.Count == 0 ? double.NaN : _ticks[^1] * 1000.0 / Stopwatch.Frequency;
}
