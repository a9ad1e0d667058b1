namespace PivotCase.Api.Statistics;

/// <summary>What every answer says about how it was made, in words a researcher can quote.</summary>
public static class StatisticsNotes
{
    public static string Population(bool consentRequired) => consentRequired
        ? "Only cases whose survivor's consent to research statistics is in force today are counted."
        : "Every case is counted: this installation does not require research consent (Statistics:RequireResearchConsent).";

    public const string DistinctCases = "Each count is a number of distinct cases.";

    public static string Suppression(int threshold) =>
        $"Counts below {threshold}, zero included, are withheld (count null, suppressed true), and so are other counts " +
        "from which a withheld one could be worked out.";

    public static string Groups(int threshold) =>
        $"Medians, means and shares are given only for groups of at least {threshold} cases.";
}
