using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using PivotCase.Api.Platform;
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

    /// <summary>Runs the timer on a counting bus until <paramref name="runs"/> invocations (or 10 s), then stops it.</summary>
    private static async Task<(int Invocations, bool Faulted)> Run(PeriodicSchedule<Tick> schedule, int runs)
    {
        var bus = DispatchProxy.Create<IMessageBus, CountingBus>();
        var counting = (CountingBus)(object)bus;
        await using var services = new ServiceCollection().AddSingleton(bus).BuildServiceProvider();
        var sweep = new PeriodicMessage<Tick>(services.GetRequiredService<IServiceScopeFactory>(), schedule,
            NullLogger<PeriodicMessage<Tick>>.Instance);

        await sweep.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Volatile.Read(ref counting.Invocations) < runs && DateTime.UtcNow < deadline) await Task.Delay(20);
        await sweep.StopAsync(CancellationToken.None);
        return (counting.Invocations, (sweep.ExecuteTask ?? Task.CompletedTask).IsFaulted);
    }

    [Fact]
    public async Task A_run_cancelled_by_something_else_than_shutdown_is_logged_and_the_next_tick_runs_again()
    {
        var (invocations, faulted) = await Run(new PeriodicSchedule<Tick>(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(20)), 3);

        invocations.ShouldBeGreaterThanOrEqualTo(3);
        faulted.ShouldBeFalse();
    }

    [Fact]
    public async Task The_first_run_comes_soon_after_start_up_not_an_interval_later()
    {
        var (invocations, _) = await Run(new PeriodicSchedule<Tick>(TimeSpan.FromDays(7), TimeSpan.FromMilliseconds(20)), 1);

        invocations.ShouldBe(1);
    }
}
