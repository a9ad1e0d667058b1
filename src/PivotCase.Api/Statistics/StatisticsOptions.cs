namespace PivotCase.Api.Statistics;

/// <summary>The <c>Statistics</c> configuration section.</summary>
public sealed class StatisticsOptions
{
    public const string Section = "Statistics";

    /// <summary>
    /// Count only the cases whose survivor's consent to research statistics is in force today (the default). Set to
    /// false only where another legal basis covers de-identified statistics.
    /// </summary>
    public bool RequireResearchConsent { get; set; } = true;

    /// <summary>
    /// The first calendar year the statistics of cases cover when a query names no period: the year the coalition
    /// began recording cases in PivotCase. Earlier years are counted when a query asks for them with <c>from</c>.
    /// </summary>
    public int FirstYear { get; set; } = 2026;
}
