namespace PivotCase.Api.Recovery;

/// <summary>
/// Progress is read against the day the survivor was assessed, not the order the assessments were typed in:
/// the baseline is the earliest assessment, the latest the most recent one.
/// </summary>
public static class RecoveryMaths
{
    public static RecoveryView Progress(IEnumerable<RecoveryAssessment> assessments, DateOnly openedOn, DateOnly today)
    {
        var trajectory = assessments.OrderBy(assessment => assessment.AssessedOn).ToList();
        var baseline = trajectory.FirstOrDefault();
        var latest = trajectory.LastOrDefault();
        return new RecoveryView(baseline, latest, Change(baseline, latest), trajectory, MonthsBetween(openedOn, today));
    }

    /// <summary>Latest minus baseline, for the domains scored in both: a domain missing from either has no change.</summary>
    public static IReadOnlyDictionary<RecoveryDomain, int> Change(RecoveryAssessment? baseline, RecoveryAssessment? latest) =>
        baseline is null || latest is null
            ? new Dictionary<RecoveryDomain, int>()
            : Enum.GetValues<RecoveryDomain>()
                .Where(domain => baseline.Scores.ContainsKey(domain) && latest.Scores.ContainsKey(domain))
                .ToDictionary(domain => domain, domain => latest.Scores[domain] - baseline.Scores[domain]);

    /// <summary>
    /// Whole calendar months from <paramref name="from"/> to <paramref name="to"/>, never negative. A month is complete
    /// on the same day of a later month, or on its last day when that month is shorter (31 January → 28 February is one).
    /// </summary>
    public static int MonthsBetween(DateOnly from, DateOnly to)
    {
        var months = (to.Year - from.Year) * 12 + to.Month - from.Month;
        if (from.AddMonths(months) > to) months--;
        return Math.Max(0, months);
    }
}
