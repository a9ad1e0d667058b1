using PivotCase.Api.Platform.Http;

namespace PivotCase.Api.Cases;

/// <summary>The rules of a case's de-identified profile, whether given at opening or corrected later.</summary>
public static class CaseProfileRules
{
    public const string ExploitationTypeRequired = "At least one exploitation type is required.";
    public const string AgeGroupContradictsBirth =
        "The age group does not match the date of birth on the day the case was opened: correct one or the other.";

    /// <summary>A list of exploitation types that is given holds at least one, each once.</summary>
    public static ValidationErrors CheckExploitationTypes(this ValidationErrors errors, IReadOnlyList<ExploitationType>? types) => errors
        .When(types is { Count: 0 }, "exploitationTypes", ExploitationTypeRequired)
        .When(types is { } given && given.Distinct().Count() != given.Count, "exploitationTypes", "Each exploitation type may appear once.");
}
