namespace PivotCase.Api.Statistics;

/// <summary>
/// Which cases the statistics count: by default only those whose survivor's research-statistics consent is in force
/// today (<see cref="StatisticsOptions.RequireResearchConsent"/>). Consents expire with time, so this is decided when
/// the statistics are read, never stored.
/// </summary>
public sealed record StatisticalPopulation(bool RequireResearchConsent, DateOnly Today)
{
    public bool Counts(StatisticalCase row) => !RequireResearchConsent || row.ResearchConsentUntil >= Today;

    /// <summary><see cref="Counts"/> as a condition on the table's columns, with its parameters in order.</summary>
    public (string Sql, object[] Parameters) Condition => RequireResearchConsent
        ? ($"research_consent_until >= {StatisticsSql.Parameter}", [Today])
        : ("true", []);
}
