using System.Text.Json.Serialization;

namespace PivotCase.Api.Cases;

public enum AccessPoint
{
    Police, Health, Community, YouthProtection, LegalAid, VictimAssistance, Hotline, SelfReferral, Other
}

public enum ExploitationType
{
    SexualExploitation, ForcedLabour, ForcedMarriage, ForcedCriminality, DomesticServitude, Other
}

public enum TraffickingScope
{
    Domestic, International
}

public enum AgeGroup
{
    [JsonStringEnumMemberName("under_14")] Under14,
    [JsonStringEnumMemberName("14_17")] From14To17,
    [JsonStringEnumMemberName("18_24")] From18To24,
    [JsonStringEnumMemberName("25_34")] From25To34,
    [JsonStringEnumMemberName("35_49")] From35To49,
    [JsonStringEnumMemberName("50_plus")] From50Plus
}

public static class AgeGroups
{
    /// <summary>The age group of someone born on <paramref name="dateOfBirth"/>, on <paramref name="day"/>.</summary>
    public static AgeGroup Of(DateOnly dateOfBirth, DateOnly day)
    {
        var age = day.Year - dateOfBirth.Year;
        if (day < dateOfBirth.AddYears(age)) age--;
        return age switch
        {
            < 14 => AgeGroup.Under14,
            < 18 => AgeGroup.From14To17,
            < 25 => AgeGroup.From18To24,
            < 35 => AgeGroup.From25To34,
            < 50 => AgeGroup.From35To49,
            _ => AgeGroup.From50Plus
        };
    }

    /// <summary>
    /// Whether a date of birth puts someone in another group than <paramref name="group"/> on <paramref name="day"/>. A
    /// date of birth after that day contradicts nothing here (it is refused as a date of birth on its own).
    /// </summary>
    public static bool Contradict(AgeGroup group, DateOnly dateOfBirth, DateOnly day) =>
        dateOfBirth <= day && Of(dateOfBirth, day) != group;
}

public enum Gender
{
    Woman, Man, NonBinary, Other, Undisclosed
}

public enum CaseStatus
{
    Open, Closed
}

public enum ClosureReason
{
    GoalsMet, Moved, LostContact, DeclinedServices, Transferred, Other
}

/// <summary>Quebec's seventeen administrative regions, by their two-digit code ("01" … "17").</summary>
public static class QuebecRegion
{
    public const string Expected = "A Quebec administrative region code, \"01\" to \"17\".";

    public static bool IsValid(string? code) =>
        code is { Length: 2 } && char.IsAsciiDigit(code[0]) && char.IsAsciiDigit(code[1]) && int.Parse(code) is >= 1 and <= 17;
}

/// <summary>Why an entry recorded by mistake is voided: a list, because a note could describe the survivor.</summary>
public enum EntryVoidReason
{
    WrongCase, WrongDay, WrongDetails, Duplicate, Other
}

/// <summary>The entries of a case's files that can be voided, each by its own route.</summary>
public enum CaseEntryKind
{
    Immigration, Compensation, Disbursement
}
