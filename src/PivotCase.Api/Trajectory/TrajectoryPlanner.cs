using PivotCase.Api.Cases;
using PivotCase.Api.Directory;
using PivotCase.Api.Steps;

namespace PivotCase.Api.Trajectory;

/// <summary>What the rules read from a case: who the survivor is, in the terms the statistics use, never who by name.</summary>
public sealed record CaseProfile(
    TraffickingScope Trafficking,
    AgeGroup AgeGroup,
    string Region,
    IReadOnlyList<ExploitationType> ExploitationTypes,
    AccessPoint AccessPoint = AccessPoint.Other)
{
    /// <summary>The languages the survivor speaks, for ranking providers; empty unless the caller may see them.</summary>
    public IReadOnlyList<string> Languages { get; init; } = [];

    /// <param name="comesOfAgeMonth">The month of the 18th birthday, only for callers who may see the personal details
    /// it comes from: the day the youth suggestions stop would give the birth month away to the others.</param>
    /// <param name="languages">Likewise from the personal details: the order of the providers would give them away.</param>
    public static CaseProfile Of(CaseDetails details, DateOnly? comesOfAgeMonth, IReadOnlyList<string>? languages, DateOnly today) =>
        new(details.Trafficking, AgeGroupOn(details.AgeGroup, comesOfAgeMonth, today), details.Region, details.ExploitationTypes,
            details.AccessPoint) { Languages = languages ?? [] };

    /// <summary>
    /// The age group the suggestions follow today: a minor is an adult from the month after the one of the 18th birthday
    /// (known only to the month, so a survivor who may still be 17 keeps the youth-protection suggestions through it).
    /// Without a date of birth, the age group at opening stands.
    /// </summary>
    public static AgeGroup AgeGroupOn(AgeGroup atOpening, DateOnly? comesOfAgeMonth, DateOnly today) =>
        atOpening is AgeGroup.Under14 or AgeGroup.From14To17 && comesOfAgeMonth is { } month && today >= month.AddMonths(1)
            ? AgeGroup.From18To24
            : atOpening;
}

public sealed record OpenNeed(ServiceDomain Domain, Timeframe Timeframe);

public sealed record StepSummary(ServiceDomain Domain, Timeframe Timeframe, StepStatus Status, string? Title = null);

public sealed record Suggestion(
    ServiceDomain Domain,
    Timeframe Timeframe,
    string Title,
    string TitleFr,
    string Why,
    IReadOnlyList<string> Providers);

/// <summary>
/// Turns a case into its suggested next steps. A suggestion is left out when the case already has a step in the same
/// domain and timeframe that is planned, in progress or done: the pivot worker has that part of the trajectory in hand.
/// A cancelled step does not count, so its suggestion comes back. It is also left out once a fact that settles it is
/// recorded (a TRP applied for, an IVAC claim filed), whether or not a step was logged for it.
/// </summary>
public static class TrajectoryPlanner
{
    public const int MaxProviders = 5;

    public static IReadOnlyList<Suggestion> Suggest(
        CaseProfile profile, IReadOnlyCollection<OpenNeed> openNeeds, IReadOnlyCollection<StepSummary> existingSteps,
        RecordedFacts facts, IReadOnlyList<OrganizationProfile> directory) =>
        Suggest(TrajectoryRules.Coalition, profile, openNeeds, existingSteps, facts, directory);

    /// <summary>Immediate first, then short and long term; within a timeframe by domain, then in the table's order.</summary>
    public static IReadOnlyList<Suggestion> Suggest(
        IReadOnlyList<TrajectoryRule> rules, CaseProfile profile, IReadOnlyCollection<OpenNeed> openNeeds,
        IReadOnlyCollection<StepSummary> existingSteps, RecordedFacts facts, IReadOnlyList<OrganizationProfile> directory)
    {
        // Two rules may suggest the same thing for different reasons (an interpreter for an international case, and for a
        // recorded language need): the case gets it once, with the first rule's reason.
        var applicable = rules.Where(rule => rule.AppliesTo(profile, openNeeds, facts))
            .DistinctBy(rule => (rule.Domain, rule.Timeframe, rule.Title))
            .ToList();
        var live = existingSteps.Where(step => step.Status != StepStatus.Cancelled).ToList();

        // A step takes a suggestion off when it is in the same domain and timeframe and, where several suggestions share
        // them (legal aid against removal beside information on rights), carries that suggestion's title: a step for one
        // must not hide the other. A step titled after another rule of the table never hides this one, even once that
        // rule no longer applies (its need met), since it was never planned for this one.
        bool InHand(TrajectoryRule rule)
        {
            var alone = applicable.Count(other => other.Domain == rule.Domain && other.Timeframe == rule.Timeframe) == 1;
            var siblings = rules.Where(other => other.Domain == rule.Domain && other.Timeframe == rule.Timeframe
                                                && other.Title != rule.Title).ToList();
            return live.Any(step => step.Domain == rule.Domain && step.Timeframe == rule.Timeframe
                                    && (Names(step.Title, rule)
                                        || alone && !siblings.Any(sibling => Names(step.Title, sibling))));
        }

        return applicable
            .Where(rule => !InHand(rule))
            .OrderBy(rule => rule.Timeframe)
            .ThenBy(rule => rule.Domain)
            .Select(rule => new Suggestion(rule.Domain, rule.Timeframe, rule.Title, rule.TitleFr, rule.Why,
                Providers(rule.Domain, rule.Timeframe, profile.Region, profile.Languages, directory)))
            .ToList();
    }

    private static bool Names(string? title, TrajectoryRule rule) =>
        title?.Trim() is { } given && (string.Equals(given, rule.Title, StringComparison.OrdinalIgnoreCase)
                                       || string.Equals(given, rule.TitleFr, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Members offering the domain: those serving the case's region first, then, for immediate steps, those answering
    /// around the clock, then those working in one of the survivor's languages (an international survivor is served
    /// without an interpreter there), then by code.
    /// </summary>
    public static IReadOnlyList<string> Providers(
        ServiceDomain domain, Timeframe timeframe, string region, IReadOnlyList<string> languages,
        IEnumerable<OrganizationProfile> directory) =>
        directory
            .Where(organization => organization.Offers(domain))
            .OrderByDescending(organization => organization.Regions.Contains(region))
            .ThenByDescending(organization => timeframe == Timeframe.Immediate && organization.OffersAroundTheClock(domain))
            .ThenByDescending(organization => organization.Languages.Any(language =>
                languages.Contains(language, StringComparer.OrdinalIgnoreCase)))
            .ThenBy(organization => organization.Code, StringComparer.Ordinal)
            .Take(MaxProviders)
            .Select(organization => organization.Code)
            .ToList();
}
