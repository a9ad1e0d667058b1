using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PivotCase.Api.Platform;
using PivotCase.Tests.Support;
using Wolverine;

namespace PivotCase.Tests.Unit;

/// <summary>A sweep that fails, even with a cancellation of its own, runs again at the next tick; only shutdown stops it.</summary>
public sealed class PeriodicMessageTests
{
    public sealed record Tick;

    /// <summary>A message bus whose every InvokeAsync is counted, and whose first one is cancelled by a timeout.</summary>
    public class CountingBus : DispatchProxy
    {
        public int Invocations;

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            if (method?.Name != nameof(IMessageBus.InvokeAsync)) throw new NotSupportedException(method?.Name);
            return Interlocked.Increment(ref Invocations) == 1
                ? Task.FromException(new OperationCanceledException("a command timed out"))
                : Task.CompletedTask;
        }
    }

    private sealed record Outcome(int Invocations, int InvocationsAfterStop, bool Faulted, CapturedLogs Logs);

    /// <summary>
    /// Runs the timer on a counting bus until <paramref name="runs"/> invocations (or 10 s), then stops it and counts the
    /// invocations again a few intervals later.
    /// </summary>
    private static async Task<Outcome> Run(PeriodicSchedule<Tick> schedule, int runs)
    {
        var bus = DispatchProxy.Create<IMessageBus, CountingBus>();
        var counting = (CountingBus)(object)bus;
        await using var services = new ServiceCollection().AddSingleton(bus).BuildServiceProvider();
        var logs = new CapturedLogs();
        using var loggers = new LoggerFactory([logs]);
        var sweep = new PeriodicMessage<Tick>(services.GetRequiredService<IServiceScopeFactory>(), schedule,
            loggers.CreateLogger<PeriodicMessage<Tick>>());

        await sweep.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Volatile.Read(ref counting.Invocations) < runs && DateTime.UtcNow < deadline) await Task.Delay(20);
        await sweep.StopAsync(CancellationToken.None);
        var atStop = Volatile.Read(ref counting.Invocations);
        await Task.Delay(schedule.Interval < TimeSpan.FromSeconds(1) ? schedule.Interval * 5 : TimeSpan.Zero);
        return new Outcome(atStop, Volatile.Read(ref counting.Invocations), (sweep.ExecuteTask ?? Task.CompletedTask).IsFaulted, logs);
    }

    [Fact]
    public async Task A_run_cancelled_by_something_else_than_shutdown_is_logged_and_the_next_tick_runs_again_until_shutdown()
    {
        var outcome = await Run(new PeriodicSchedule<Tick>(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(20)), 3);

        outcome.Invocations.ShouldBeGreaterThanOrEqualTo(3);
        outcome.Faulted.ShouldBeFalse();
        outcome.Logs.Lines.Count(line => line.StartsWith("Error") && line.Contains("Tick failed; it runs again in")).ShouldBe(1);
        outcome.InvocationsAfterStop.ShouldBe(outcome.Invocations, "no run after shutdown");
    }

    [Fact]
    public async Task The_first_run_comes_soon_after_start_up_not_an_interval_later()
    {
        var outcome = await Run(new PeriodicSchedule<Tick>(TimeSpan.FromDays(7), TimeSpan.FromMilliseconds(20)), 1);

        outcome.Invocations.ShouldBe(1);
    }
}
