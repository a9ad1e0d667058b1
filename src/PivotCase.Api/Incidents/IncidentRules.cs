using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Marten;
using PivotCase.Api.Platform;
using PivotCase.Api.Cases;
using PivotCase.Api.Platform.Http;

namespace PivotCase.Api.Incidents;

/// <summary>What an entry says of the incident itself, as first recorded or as revised.</summary>
public abstract record IncidentFacts
{
    [Required] public IncidentKind? Kind { get; init; }
    [Required, Description(FreeText.IncidentWarning)] public string? InformationConcerned { get; init; }
    [Required, Description(FreeText.IncidentWarning)] public string? Circumstances { get; init; }
    [Required] public DateOnly? OccurredFrom { get; init; }
    public DateOnly? OccurredTo { get; init; }
    public bool OccurrenceApproximate { get; init; }
    [Required] public DateOnly? DiscoveredOn { get; init; }
    [Required] public int? PersonsConcerned { get; init; }
    public bool PersonsConcernedApproximate { get; init; }
    public IReadOnlyList<Guid>? Cases { get; init; }
}

public static class IncidentRules
{
    public const int MaxDescriptionLength = 4000;
    public const int MaxCases = 500;
    public const int MaxPersonsConcerned = 10_000_000;

    /// <summary>
    /// The facts, then the cases named anew (those not in <paramref name="alreadyNamed"/>): only cases of the register's
    /// organisation, with the same answer for a case that does not exist and one of another organisation, so that the
    /// register cannot be used to probe for cases.
    /// </summary>
    public static async Task<ValidationErrors> CheckFactsAsync(
        IncidentFacts facts, string organization, IReadOnlyList<Guid> alreadyNamed, DateOnly today, IQuerySession session,
        CancellationToken token)
    {
        var errors = new ValidationErrors()
            .Required("kind", facts.Kind)
            .Required("informationConcerned", facts.InformationConcerned)
            .MaxLength("informationConcerned", facts.InformationConcerned, MaxDescriptionLength)
            .Required("circumstances", facts.Circumstances)
            .MaxLength("circumstances", facts.Circumstances, MaxDescriptionLength)
            .Required("occurredFrom", facts.OccurredFrom)
            .Required("discoveredOn", facts.DiscoveredOn)
            .Required("personsConcerned", facts.PersonsConcerned)
            .When(facts.PersonsConcerned is < 1 or > MaxPersonsConcerned, "personsConcerned",
                "Between 1 and 10,000,000; mark an estimate with personsConcernedApproximate.")
            .When(facts.OccurredFrom < CaseDates.Earliest, "occurredFrom", CaseDates.TooEarly)
            .When(facts.OccurredFrom > today, "occurredFrom", "An incident cannot have happened in the future.")
            .When(facts.OccurredTo < facts.OccurredFrom, "occurredTo", "The period cannot end before it starts.")
            .When(facts.OccurredTo > today, "occurredTo", "An incident cannot have happened in the future.")
            .When(facts.DiscoveredOn < facts.OccurredFrom, "discoveredOn", "An incident is learned of once it has started.")
            .When(facts.DiscoveredOn > today, "discoveredOn", "Not after today.");

        var cases = facts.Cases ?? [];
        errors.When(cases.Count > MaxCases, "cases", $"At most {MaxCases} cases; the number of persons concerned says the rest.")
            .When(cases.Distinct().Count() != cases.Count, "cases", "Each case may appear once.")
            .When(facts.PersonsConcerned is { } persons && persons < cases.Distinct().Count(), "personsConcerned",
                "At least one person for each case named.");
        var added = cases.Except(alreadyNamed).ToList();
        if (errors.IsEmpty && added.Count > 0 && !await AllOwnedByAsync(added, organization, session, token))
            errors.Add("cases", "Only cases of the organisation whose register this is can be named.");
        return errors;
    }

    private static async Task<bool> AllOwnedByAsync(
        IReadOnlyList<Guid> cases, string organization, IQuerySession session, CancellationToken token)
    {
        var found = await session.LoadManyAsync<CaseDetails>(token, cases);
        return found.Count == cases.Count && found.All(details => details.Organization == organization);
    }

    /// <summary>What follows the discovery (a notice, a measure) is dated from the day of discovery to today.</summary>
    public static ValidationErrors CheckFollowUpDay(
        this ValidationErrors errors, string field, DateOnly? day, ConfidentialityIncident incident, DateOnly today) => errors
        .Required(field, day)
        .When(day < incident.DiscoveredOn, field, $"Not before the incident was discovered ({incident.DiscoveredOn:yyyy-MM-dd}).")
        .When(day > today, field, "Not after today.");
}
