using PivotCase.Api.Steps;

namespace PivotCase.Api.Statistics;

/// <summary>
/// A cell, a margin or the total of the table of services (domain × timeframe) as a small number, so that every
/// case's keys stay a few bytes in its row: domain × 4 + timeframe, where the domain after the last stands for
/// every domain and timeframe 3 for every timeframe. Numbers follow the enumerations' order: changing either means
/// rebuilding the projection.
/// </summary>
public static class ServiceKey
{
    private static readonly int Domains = Enum.GetValues<ServiceDomain>().Length;
    private static readonly int Timeframes = Enum.GetValues<Timeframe>().Length;

    public static short Of(ServiceDomain? domain, Timeframe? timeframe) => (short)(
        (domain is null ? Domains : (int)domain.Value) * (Timeframes + 1) + (timeframe is null ? Timeframes : (int)timeframe.Value));

    /// <summary>The cell of a step and every margin it counts in, the total included.</summary>
    public static short[] AllOf(ServiceDomain domain, Timeframe timeframe) =>
        [Of(domain, timeframe), Of(domain, null), Of(null, timeframe), Of(null, null)];
}
