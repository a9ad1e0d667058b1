using PivotCase.Api.Compensation;
using PivotCase.Api.Immigration;

namespace PivotCase.Api.Cases;

public enum DeadlineKind
{
    TrpExpiry, WorkPermitExpiry, IvacClaim, EighteenthBirthday, RemovalOrderChallenge, ShareConsentExpiry
}

public sealed record Deadline(DeadlineKind Kind, DateOnly On);

/// <summary>
/// The dates a pivot worker must plan for, derived from the facts of a case (never stored, so they appear and
/// disappear as the facts change).
/// </summary>
public static class CaseDeadlines
{
    /// <summary>IVAC: three years from awareness of the harm, here taken as the day the survivor was identified.</summary>
    public static readonly int IvacClaimYears = 3;

    /// <summary>
    /// A removal order made in Canada can be brought before the Federal Court within 15 days of its notification (IRPA,
    /// s. 72(2)(b)); the order's day stands in for the notification's, the safe side.
    /// </summary>
    public static readonly int RemovalOrderChallengeDays = 15;

    public static IReadOnlyList<Deadline> For(
        DateOnly openedOn, IReadOnlyCollection<ExploitationType> exploitationTypes, AgeGroup ageGroup,
        ImmigrationFile immigration, CompensationClaim compensation, DateOnly? comesOfAgeMonth)
    {
        var deadlines = new List<Deadline>();
        if (immigration.TrpValidUntil is { } trp) deadlines.Add(new Deadline(DeadlineKind.TrpExpiry, trp));
        if (immigration.WorkPermitValidUntil is { } permit) deadlines.Add(new Deadline(DeadlineKind.WorkPermitExpiry, permit));
        if (IvacClaimDeadline(openedOn, exploitationTypes, ageGroup, compensation) is { } ivac)
            deadlines.Add(new Deadline(DeadlineKind.IvacClaim, ivac));
        if (comesOfAgeMonth is { } adulthood) deadlines.Add(new Deadline(DeadlineKind.EighteenthBirthday, adulthood));
        if (RemovalOrderChallengeDeadline(immigration) is { } challenge)
            deadlines.Add(new Deadline(DeadlineKind.RemovalOrderChallenge, challenge));
        return deadlines.OrderBy(deadline => deadline.On).ToList();
    }

    /// <summary>
    /// Since October 2021 there is no deadline for sexual violence nor for violence suffered in childhood. A claim on
    /// record has met its deadline, even one recorded only by its decision or a payment (its filing went unrecorded).
    /// </summary>
    public static DateOnly? IvacClaimDeadline(
        DateOnly openedOn, IReadOnlyCollection<ExploitationType> exploitationTypes, AgeGroup ageGroup, CompensationClaim compensation)
    {
        var sexualViolence = exploitationTypes.Contains(ExploitationType.SexualExploitation);
        var childhood = ageGroup is AgeGroup.Under14 or AgeGroup.From14To17;
        return compensation.Status is null && !sexualViolence && !childhood ? openedOn.AddYears(IvacClaimYears) : null;
    }

    /// <summary>
    /// The last day to challenge the latest removal order, unless a TRP was issued or renewed on or after its day: the
    /// survivor then has status, and the order is no longer the threat to act on.
    /// </summary>
    public static DateOnly? RemovalOrderChallengeDeadline(ImmigrationFile immigration) =>
        immigration.RemovalOrderOn is { } order
        && !immigration.Entries.Any(entry => entry.Kind is ImmigrationEventKind.TrpIssued or ImmigrationEventKind.TrpRenewed && entry.On >= order)
            ? order.AddDays(RemovalOrderChallengeDays)
            : null;

    /// <summary>
    /// The month a minor turns 18, when youth protection follow-up ends. Kept at month precision so that the event
    /// store never holds a birth date in clear text.
    /// </summary>
    public static DateOnly? ComesOfAgeMonth(DateOnly? dateOfBirth, DateOnly openedOn)
    {
        if (dateOfBirth is not { } birth) return null;
        var eighteenth = birth.AddYears(18);
        return eighteenth > openedOn ? new DateOnly(eighteenth.Year, eighteenth.Month, 1) : null;
    }
}
