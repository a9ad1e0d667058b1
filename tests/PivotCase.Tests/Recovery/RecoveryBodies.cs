namespace PivotCase.Tests.Recovery;

public static class RecoveryBodies
{
    /// <summary>A recovery assessment; without scores, every domain scored <paramref name="everyDomain"/>.</summary>
    public static object Assessment(string assessedOn = "2026-03-02", object? scores = null, int everyDomain = 3) => new
    {
        assessedOn,
        scores = scores ?? new Dictionary<string, int>
        {
            ["safety"] = everyDomain, ["housing"] = everyDomain, ["basic_needs"] = everyDomain,
            ["physical_health"] = everyDomain, ["mental_health"] = everyDomain, ["legal_protection"] = everyDomain,
            ["immigration_status"] = everyDomain, ["income"] = everyDomain, ["employment_education"] = everyDomain,
            ["social_support"] = everyDomain
        }
    };
}
