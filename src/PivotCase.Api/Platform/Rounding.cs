namespace PivotCase.Api.Platform;

/// <summary>
/// Published averages, medians and shares (statistics, the dashboard's recovery) are rounded half away from zero on their decimal value, as a researcher
/// checking by hand or with PostgreSQL's <c>round()</c> would: 0.125 gives 0.13 and 57/200 gives 0.29, where
/// <see cref="Math.Round(double, int)"/> rounds halves to even and sees 57/200 as 0.28499….
/// </summary>
public static class Rounding
{
    public static double Publish(double value, int digits) =>
        (double)Math.Round((decimal)value, digits, MidpointRounding.AwayFromZero);
}
