using System.Text.Json;
using System.Text.Json.Serialization;
using PivotCase.Api.Cases;
using PivotCase.Api.Compensation;
using PivotCase.Api.Immigration;
using PivotCase.Api.Platform;
using PivotCase.Api.Steps;

namespace PivotCase.Api.Trajectory;

/// <summary>
/// One line of the coalition's service trajectory: a step worth suggesting in a domain and timeframe. A rule with
/// <see cref="TriggeredByNeed"/> applies while the case has an open need of that domain in the rule's timeframe; a rule
/// with <see cref="AppliesWhen"/> applies when the case profile matches; both must hold when both are given, and a
/// rule with neither applies to every case. <see cref="SettledBy"/> names the recorded facts (a TRP applied for, an
/// IVAC claim filed) that make the suggestion moot.
/// </summary>
public sealed record TrajectoryRule(
    string Id,
    ServiceDomain Domain,
    Timeframe Timeframe,
    string Title,
    string TitleFr,
    string Why,
    ServiceDomain? TriggeredByNeed = null,
    ProfileCondition? AppliesWhen = null,
    RecordedFacts? SettledBy = null)
{
    public bool AppliesTo(CaseProfile profile, IEnumerable<OpenNeed> openNeeds, RecordedFacts facts) =>
        (AppliesWhen?.Matches(profile) ?? true)
        && (TriggeredByNeed is not { } trigger || openNeeds.Any(need => need.Domain == trigger && need.Timeframe == Timeframe))
        && !(SettledBy?.Overlaps(facts) ?? false);
}

/// <summary>
/// Conditions on the case profile; every condition given must hold. <see cref="NotFromAccessPoints"/> leaves out the
/// cases that came through a given door (a minor referred by the DPJ needs no referral to it).
/// </summary>
public sealed record ProfileCondition(
    TraffickingScope? Trafficking = null,
    IReadOnlyList<AgeGroup>? AgeGroups = null,
    IReadOnlyList<ExploitationType>? ExploitationTypes = null,
    IReadOnlyList<AccessPoint>? NotFromAccessPoints = null)
{
    public bool Matches(CaseProfile profile) =>
        (Trafficking is null || Trafficking == profile.Trafficking)
        && (AgeGroups is null || AgeGroups.Contains(profile.AgeGroup))
        && (ExploitationTypes is null || ExploitationTypes.Any(profile.ExploitationTypes.Contains))
        && (NotFromAccessPoints is null || !NotFromAccessPoints.Contains(profile.AccessPoint));
}

/// <summary>
/// Facts recorded on a case outside its steps: the kinds of its immigration and IVAC events. The TRP's events count
/// only while the latest of them (by date) is not a refusal: an application or a permit refused since then settles
/// nothing, and the application is suggested again.
/// </summary>
public sealed record RecordedFacts(
    IReadOnlyList<ImmigrationEventKind>? Immigration = null,
    IReadOnlyList<CompensationEventKind>? Compensation = null)
{
    public static readonly RecordedFacts None = new();

    private static readonly ImmigrationEventKind[] TrpEvents =
        [ImmigrationEventKind.TrpApplied, ImmigrationEventKind.TrpIssued, ImmigrationEventKind.TrpRenewed, ImmigrationEventKind.TrpRefused];

    public static RecordedFacts Of(CaseDetails details) => Of(details.Immigration, details.Compensation);

    public static RecordedFacts Of(ImmigrationFile immigration, CompensationClaim compensation)
    {
        var trpRefusedLast = immigration.Entries.LastOrDefault(entry => TrpEvents.Contains(entry.Kind))?.Kind
                             == ImmigrationEventKind.TrpRefused;
        return new RecordedFacts(
            immigration.Entries.Select(entry => entry.Kind)
                .Where(kind => !trpRefusedLast || !TrpEvents.Contains(kind) || kind == ImmigrationEventKind.TrpRefused)
                .Distinct().ToList(),
            compensation.Entries.Select(entry => entry.Kind).Distinct().ToList());
    }

    public bool Overlaps(RecordedFacts recorded) =>
        (Immigration ?? []).Intersect(recorded.Immigration ?? []).Any()
        || (Compensation ?? []).Intersect(recorded.Compensation ?? []).Any();
}

/// <summary>
/// The rules table, kept as data in <c>TrajectoryRules.json</c> (embedded) so that the coalition's needs table can be
/// reviewed and amended without reading code. Read strictly: an unknown field or value fails loudly.
/// </summary>
public static class TrajectoryRules
{
    private const string ResourceName = "PivotCase.Api.Trajectory.TrajectoryRules.json";

    private static readonly Lazy<IReadOnlyList<TrajectoryRule>> Embedded = new(() =>
    {
        using var json = typeof(TrajectoryRules).Assembly.GetManifestResourceStream(ResourceName)
                         ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        return Load(json);
    });

    public static IReadOnlyList<TrajectoryRule> Coalition => Embedded.Value;

    public static IReadOnlyList<TrajectoryRule> Load(Stream json)
    {
        var options = new JsonSerializerOptions
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true
        };
        Json.Configure(options);

        var rules = JsonSerializer.Deserialize<List<TrajectoryRule>>(json, options)
                    ?? throw new InvalidOperationException("The trajectory rules are empty.");
        var problems = Problems(rules).ToList();
        return problems.Count == 0
            ? rules
            : throw new InvalidOperationException("Invalid trajectory rules: " + string.Join(" ", problems));
    }

    private static IEnumerable<string> Problems(IReadOnlyList<TrajectoryRule> rules)
    {
        foreach (var id in rules.GroupBy(rule => rule.Id).Where(group => group.Count() > 1).Select(group => group.Key))
            yield return $"The id {id} is used twice.";

        foreach (var rule in rules)
        {
            if (new[] { rule.Id, rule.Title, rule.TitleFr, rule.Why }.Any(string.IsNullOrWhiteSpace))
                yield return $"Rule {rule.Id} needs an id, a title, a French title and a reason.";
            if (rule.Why.Contains('\n'))
                yield return $"Rule {rule.Id} explains itself on more than one line.";
            if (rule.AppliesWhen is { AgeGroups.Count: 0 } or { ExploitationTypes.Count: 0 } or { NotFromAccessPoints.Count: 0 })
                yield return $"Rule {rule.Id} has a condition listing nothing, which no case could match.";
            if (rule.SettledBy is { Immigration: null or { Count: 0 }, Compensation: null or { Count: 0 } })
                yield return $"Rule {rule.Id} is settled by nothing.";
        }
    }
}
