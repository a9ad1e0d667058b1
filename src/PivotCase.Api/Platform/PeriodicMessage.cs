using Wolverine;

namespace PivotCase.Api.Platform;

/// <summary>
/// How often <see cref="PeriodicMessage{TMessage}"/> invokes its message, and how soon after start-up the first time:
/// soon rather than a whole interval later, or a node restarted more often than the interval would never sweep.
/// </summary>
public sealed record PeriodicSchedule<TMessage>(TimeSpan Interval, TimeSpan FirstRunAfter);

/// <summary>
/// Invokes <typeparamref name="TMessage"/> on every API node at a fixed interval of wall-clock time, the first time
/// shortly after start-up. Used by sweeps whose handlers decide on the injected clock and are safe to run on several
/// nodes at once; a failed run is logged and the next interval tries again.
/// </summary>
public sealed class PeriodicMessage<TMessage>(
    IServiceScopeFactory scopes, PeriodicSchedule<TMessage> schedule, ILogger<PeriodicMessage<TMessage>> logger)
    : BackgroundService where TMessage : new()
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Delay(schedule.FirstRunAfter, TimeProvider.System, stoppingToken);
        using var timer = new PeriodicTimer(schedule.Interval, TimeProvider.System);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(new TMessage(), stoppingToken);
            }
            // Only the host's own shutdown ends the loop: any other failure, a timeout's cancellation included, would
            // otherwise escape ExecuteAsync and stop the whole API (BackgroundServiceExceptionBehavior.StopHost).
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(exception, "{Message} failed; it runs again in {Interval}", typeof(TMessage).Name, schedule.Interval);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

public static class PeriodicMessages
{
    public static readonly TimeSpan ShortestInterval = TimeSpan.FromMinutes(1);

    /// <summary>A week at most: a sweep rarer than that is no sweep, and the timer itself cannot wait past 49 days.</summary>
    public static readonly TimeSpan LongestInterval = TimeSpan.FromDays(7);

    /// <summary>The first run, a minute after start-up: once the node has settled, long before any interval is over.</summary>
    public static readonly TimeSpan FirstRunAfter = TimeSpan.FromMinutes(1);

    /// <param name="setting">The configuration key the interval comes from, named when it is out of bounds.</param>
    public static IServiceCollection AddPeriodicMessage<TMessage>(this IServiceCollection services, TimeSpan interval, string setting)
        where TMessage : new()
    {
        if (interval < ShortestInterval || interval > LongestInterval)
            throw new InvalidOperationException($"{setting} must be between one minute and seven days (hh:mm:ss or d.hh:mm:ss).");
        services.AddSingleton(new PeriodicSchedule<TMessage>(interval, FirstRunAfter));
        return services.AddHostedService<PeriodicMessage<TMessage>>();
    }
}
