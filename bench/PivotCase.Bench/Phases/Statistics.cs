using System.Diagnostics;
using System.Net;
using PivotCase.Bench.Infrastructure;

namespace PivotCase.Bench.Phases;

public sealed record StatisticsResult(Latencies? Latencies, string? Unavailable);

/// <summary>
/// <c>GET /api/statistics/cases?groupBy=…</c> as a researcher, one query after another over the predefined groupings
/// (one and two dimensions). When the route does not exist yet (404), the figure is reported as not available.
/// </summary>
public static class Statistics
{
    public static readonly string[] Groupings =
    [
        "exploitationType", "accessPoint", "region", "ageGroup", "gender", "trafficking", "year",
        "exploitationType,year", "region,ageGroup", "accessPoint,gender", "trafficking,year", "ageGroup,gender"
    ];

    public static async Task<StatisticsResult> RunAsync(ApiClient researcher, int queries, CancellationToken token)
    {
        var probe = await researcher.GetAsync($"/api/statistics/cases?groupBy={Groupings[0]}", token);
        if (probe.Status == HttpStatusCode.NotFound) return new StatisticsResult(null, "n/a (endpoint missing)");
        if (probe.Status != HttpStatusCode.OK) return new StatisticsResult(null, $"n/a (HTTP {(int)probe.Status})");

        // Warm-up: one of each grouping, not timed.
        foreach (var grouping in Groupings) await researcher.GetAsync($"/api/statistics/cases?groupBy={grouping}", token);

        var latencies = new Latencies();
        for (var index = 0; index < queries; index++)
        {
            var started = Stopwatch.GetTimestamp();
            var answer = await researcher.GetAsync($"/api/statistics/cases?groupBy={Groupings[index % Groupings.Length]}", token);
            var elapsed = Stopwatch.GetTimestamp() - started;
            if (answer.Status == HttpStatusCode.OK) latencies.Record(elapsed);
            else latencies.Error($"statistics answered {(int)answer.Status}: {ApiClient.Truncate(answer.Body)}");
        }

        return new StatisticsResult(Latencies.Merge([latencies]), null);
    }
}
