namespace PivotCase.Api.Cases;

/// <summary>
/// The span of days a case's facts may fall in, against typos such as 1026 or 9999 that would raise a missed deadline,
/// put a case in a wrong year of the statistics or list a permit expiring in eight thousand years. Nothing the coalition
/// did for a case happened before 2000 (trafficking in persons entered IRPA in 2002, s. 118, and the Criminal Code in
/// 2005, s. 279.01); a survivor's own immigration history may go back decades (a 1990s caregiver permit), so it is only
/// kept within a lifetime. No due day, permit or consent runs more than ten years ahead.
/// </summary>
public static class CaseDates
{
    public static readonly DateOnly Earliest = new(2000, 1, 1);
    public static readonly DateOnly EarliestPersonalHistory = new(1900, 1, 1);
    public const int MaxYearsAhead = 10;

    public static readonly string TooEarly = $"A day from {Earliest:yyyy-MM-dd} on.";
    public static readonly string TooEarlyInALife = $"A day from {EarliestPersonalHistory:yyyy-MM-dd} on.";
    public static readonly string TooFar = $"At most {MaxYearsAhead} years ahead.";

    public static DateOnly Latest(DateOnly from) => from.AddYears(MaxYearsAhead);
}
