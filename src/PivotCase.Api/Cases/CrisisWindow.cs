using PivotCase.Api.Platform;
using PivotCase.Api.Steps;

namespace PivotCase.Api.Cases;

/// <summary>
/// The first 72 hours after a survivor is identified, when immediate needs (safety, shelter, food, health) decide much
/// of what follows. Computed against the clock at read time, never frozen in a read model.
/// </summary>
public sealed record CrisisWindow(DateTimeOffset WindowEndsAt, bool InWindow, double HoursLeft, IReadOnlyList<NeedDetails> OpenImmediateNeeds)
{
    public static readonly TimeSpan Length = TimeSpan.FromHours(72);

    /// <summary>A closed case is never in its window: nobody is following the survivor through it.</summary>
    public static CrisisWindow For(DateTimeOffset openedAt, IEnumerable<NeedDetails> needs, DateTimeOffset now, bool closed = false)
    {
        var endsAt = openedAt + Length;
        var inWindow = !closed && now >= openedAt && now < endsAt;
        return new CrisisWindow(endsAt, inWindow, inWindow ? Rounding.Publish((endsAt - now).TotalHours, 1) : 0,
            needs.Where(need => need.Timeframe == Timeframe.Immediate && !need.Met).ToList());
    }
}
