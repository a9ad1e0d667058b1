namespace PivotCase.Api.Platform;

/// <summary>
/// Days are Quebec days: "today", a step's due date or a case's opening day are read in the coalition's time zone,
/// instants are stored in UTC.
/// </summary>
public sealed class CoalitionCalendar(TimeProvider clock, IConfiguration configuration)
{
    public const string DefaultTimeZone = "America/Toronto";

    private readonly TimeZoneInfo _zone = FindZone(configuration["Coalition:TimeZone"]);

    public DateTimeOffset Now => clock.GetUtcNow();

    public DateOnly Today => DayOf(Now);

    public DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, _zone).DateTime);

    /// <summary>The last day a case counts as in care: the day it was closed while it is closed, else today.</summary>
    public DateOnly CareEndsOn(DateTimeOffset? closedAt) => closedAt is { } closed ? DayOf(closed) : Today;

    public DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, _zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>
    /// An unknown zone stops the API (Program.cs resolves the calendar at start-up) rather than falling back to UTC, which
    /// would move "today", overdue steps, consent expiries and the statistics' years by four or five hours.
    /// </summary>
    private static TimeZoneInfo FindZone(string? id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id ?? DefaultTimeZone);
        }
        catch (TimeZoneNotFoundException)
        {
            throw new InvalidOperationException(
                $"Coalition:TimeZone '{id ?? DefaultTimeZone}' is not a time zone this machine knows: use an IANA id such as {DefaultTimeZone}.");
        }
    }
}
