using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using PivotCase.Api.Platform;

namespace PivotCase.Tests.Unit;

/// <summary>Quebec days from UTC instants: "today" and the start of a day, across midnight and DST changes.</summary>
public sealed class CoalitionCalendarTests
{
    private static (CoalitionCalendar Calendar, FakeTimeProvider Clock) CalendarAt(DateTimeOffset utc, string? timeZone = null)
    {
        var clock = new FakeTimeProvider(utc);
        var settings = new Dictionary<string, string?>();
        if (timeZone is not null) settings["Coalition:TimeZone"] = timeZone;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return (new CoalitionCalendar(clock, configuration), clock);
    }

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);

    [Fact]
    public void An_unknown_time_zone_is_refused_rather_than_taken_as_UTC()
    {
        Should.Throw<InvalidOperationException>(() => CalendarAt(Utc(2026, 3, 2, 15), "America/Montreall"))
            .Message.ShouldBe("Coalition:TimeZone 'America/Montreall' is not a time zone this machine knows: use an IANA id such as America/Toronto.");
        CalendarAt(Utc(2026, 3, 3, 4), "America/Montreal").Calendar.Today.ShouldBe(new DateOnly(2026, 3, 2));
    }

    [Fact]
    public void Now_is_the_clocks_instant_in_UTC()
    {
        var (calendar, clock) = CalendarAt(Utc(2026, 3, 2, 15));

        calendar.Now.ShouldBe(Utc(2026, 3, 2, 15));
        calendar.Now.Offset.ShouldBe(TimeSpan.Zero);
        clock.Advance(TimeSpan.FromMinutes(5));
        calendar.Now.ShouldBe(Utc(2026, 3, 2, 15, 5));
    }

    [Theory]
    // Winter, UTC-5: Quebec midnight is 05:00 UTC.
    [InlineData("2026-03-03T04:59:59Z", "2026-03-02")]
    [InlineData("2026-03-03T05:00:00Z", "2026-03-03")]
    [InlineData("2026-03-03T00:00:00Z", "2026-03-02")]
    [InlineData("2026-01-01T04:30:00Z", "2025-12-31")]
    // Summer, UTC-4: Quebec midnight is 04:00 UTC.
    [InlineData("2026-07-01T03:59:59Z", "2026-06-30")]
    [InlineData("2026-07-01T04:00:00Z", "2026-07-01")]
    // DST days themselves.
    [InlineData("2026-03-08T04:59:59Z", "2026-03-07")]
    [InlineData("2026-03-08T05:00:00Z", "2026-03-08")]
    [InlineData("2026-03-09T03:59:59Z", "2026-03-08")]
    [InlineData("2026-03-09T04:00:00Z", "2026-03-09")]
    [InlineData("2026-11-01T03:59:59Z", "2026-10-31")]
    [InlineData("2026-11-01T04:00:00Z", "2026-11-01")]
    [InlineData("2026-11-02T04:59:59Z", "2026-11-01")]
    [InlineData("2026-11-02T05:00:00Z", "2026-11-02")]
    public void Today_is_the_day_in_Quebec(string utc, string expected)
    {
        var (calendar, _) = CalendarAt(DateTimeOffset.Parse(utc));

        calendar.Today.ShouldBe(DateOnly.Parse(expected));
    }

    [Fact]
    public void Today_turns_over_at_Quebec_midnight_not_UTC_midnight()
    {
        var (calendar, clock) = CalendarAt(Utc(2026, 3, 2, 23, 59, 59));

        calendar.Today.ShouldBe(new DateOnly(2026, 3, 2));
        clock.Advance(TimeSpan.FromSeconds(1)); // UTC midnight: still the 2nd in Quebec
        calendar.Today.ShouldBe(new DateOnly(2026, 3, 2));
        clock.SetUtcNow(Utc(2026, 3, 3, 4, 59, 59));
        calendar.Today.ShouldBe(new DateOnly(2026, 3, 2));
        clock.Advance(TimeSpan.FromSeconds(1));
        calendar.Today.ShouldBe(new DateOnly(2026, 3, 3));
    }

    [Theory]
    [InlineData("2026-03-02", "2026-03-02T05:00:00Z")] // EST
    [InlineData("2026-03-07", "2026-03-07T05:00:00Z")]
    [InlineData("2026-03-08", "2026-03-08T05:00:00Z")] // spring forward at 02:00: midnight is still EST
    [InlineData("2026-03-09", "2026-03-09T04:00:00Z")] // EDT
    [InlineData("2026-07-01", "2026-07-01T04:00:00Z")]
    [InlineData("2026-10-31", "2026-10-31T04:00:00Z")]
    [InlineData("2026-11-01", "2026-11-01T04:00:00Z")] // fall back at 02:00: midnight is still EDT
    [InlineData("2026-11-02", "2026-11-02T05:00:00Z")] // EST again
    public void StartOf_is_Quebec_midnight_in_UTC(string day, string expectedUtc)
    {
        var (calendar, _) = CalendarAt(Utc(2026, 3, 2, 15));

        var start = calendar.StartOf(DateOnly.Parse(day));

        start.ShouldBe(DateTimeOffset.Parse(expectedUtc));
        start.Offset.ShouldBe(TimeSpan.Zero);
    }

    [Theory]
    [InlineData("2026-03-08")]
    [InlineData("2026-11-01")]
    [InlineData("2026-06-15")]
    public void StartOf_a_day_is_that_day_in_Quebec_and_one_second_earlier_is_the_day_before(string day)
    {
        var date = DateOnly.Parse(day);
        var start = CalendarAt(Utc(2026, 3, 2, 15)).Calendar.StartOf(date);

        CalendarAt(start).Calendar.Today.ShouldBe(date);
        CalendarAt(start.AddSeconds(-1)).Calendar.Today.ShouldBe(date.AddDays(-1));
    }

    [Fact]
    public void The_DST_days_are_23_and_25_hours_long()
    {
        var calendar = CalendarAt(Utc(2026, 3, 2, 15)).Calendar;

        (calendar.StartOf(new DateOnly(2026, 3, 9)) - calendar.StartOf(new DateOnly(2026, 3, 8))).ShouldBe(TimeSpan.FromHours(23));
        (calendar.StartOf(new DateOnly(2026, 11, 2)) - calendar.StartOf(new DateOnly(2026, 11, 1))).ShouldBe(TimeSpan.FromHours(25));
    }

    [Fact]
    public void The_time_zone_can_be_configured()
    {
        // 06:30 UTC: already the 3rd in Quebec (01:30), still the 2nd in Vancouver (22:30).
        var (vancouver, _) = CalendarAt(Utc(2026, 3, 3, 6, 30), "America/Vancouver");
        var (quebec, _) = CalendarAt(Utc(2026, 3, 3, 6, 30));

        vancouver.Today.ShouldBe(new DateOnly(2026, 3, 2));
        quebec.Today.ShouldBe(new DateOnly(2026, 3, 3));
        vancouver.StartOf(new DateOnly(2026, 3, 2)).ShouldBe(Utc(2026, 3, 2, 8));
    }

    [Fact]
    public void The_default_time_zone_is_America_Toronto() =>
        CoalitionCalendar.DefaultTimeZone.ShouldBe("America/Toronto");
}
