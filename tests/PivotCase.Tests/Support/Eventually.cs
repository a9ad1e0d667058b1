using System.Diagnostics;

namespace PivotCase.Tests.Support;

/// <summary>Bounded waits for what another process does in its own time: polled, never a fixed sleep.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Polls <paramref name="condition"/> every 100 ms until it holds; returns how long that took.</summary>
    public static async Task<TimeSpan> HoldsAsync(Func<Task<bool>> condition, string what, CancellationToken token, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > limit) throw new TimeoutException($"Waited {limit} for {what}.");
            await Task.Delay(100, token);
        }

        return watch.Elapsed;
    }
}
