using System.Text.RegularExpressions;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Reliability;

/// <summary>
/// What each node's projection daemon says it did. After each batch it commits, Marten logs (at Information) the range
/// of events it projected: "Shard 'CaseloadEntry:All': Executed updates for Event range of '…', 120 to 180" (after
/// event 120, up to and including 180). Two nodes that both ran a shard would log overlapping ranges.
/// </summary>
public static partial class DaemonLog
{
    /// <summary>Settings that make an API process log its daemon's work (only the daemon's, not the schema SQL).</summary>
    public static readonly IReadOnlyDictionary<string, string> Settings = new Dictionary<string, string>
    {
        ["Logging__LogLevel__Marten.Events.Daemon"] = "Information"
    };

    public sealed record ExecutedRange(string Node, string Shard, long After, long UpTo);

    public static IReadOnlyList<ExecutedRange> ExecutedRanges(string node, ApiProcess api) =>
        api.OutputLines.Select(line => Executed().Match(line)).Where(match => match.Success)
            .Select(match => new ExecutedRange(node, match.Groups["shard"].Value, long.Parse(match.Groups["after"].Value),
                long.Parse(match.Groups["upTo"].Value)))
            .ToList();

    /// <summary>The shards whose projection agent the node started.</summary>
    public static IReadOnlySet<string> StartedShards(ApiProcess api) =>
        api.OutputLines.Select(line => Started().Match(line)).Where(match => match.Success)
            .Select(match => match.Groups["shard"].Value).ToHashSet();

    /// <summary>Fails when any event was projected twice by one shard, on one node or on two.</summary>
    public static void ShouldProjectEachEventOnce(IEnumerable<ExecutedRange> ranges)
    {
        var executed = ranges.ToList();
        executed.ShouldNotBeEmpty("no node logged a projected range: the daemon's log line or its level changed, so nothing was checked");
        foreach (var shard in executed.GroupBy(range => range.Shard))
        {
            var ordered = shard.OrderBy(range => range.After).ThenBy(range => range.UpTo).ToList();
            foreach (var (previous, next) in ordered.Zip(ordered.Skip(1)))
                next.After.ShouldBeGreaterThanOrEqualTo(previous.UpTo,
                    $"{shard.Key} projected events {next.After + 1} to {Math.Min(previous.UpTo, next.UpTo)} twice: " +
                    $"on {previous.Node} ({previous.After}, {previous.UpTo}] and on {next.Node} ({next.After}, {next.UpTo}]");
        }
    }

    [GeneratedRegex(@"Shard '(?<shard>[^']+)': Executed updates for Event range of '[^']*', (?<after>\d+) to (?<upTo>\d+)")]
    private static partial Regex Executed();

    [GeneratedRegex(@"Started projection agent (?<shard>\S+)")]
    private static partial Regex Started();
}
