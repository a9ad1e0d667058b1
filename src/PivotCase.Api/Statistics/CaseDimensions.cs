using PivotCase.Api.Cases;
using PivotCase.Api.Platform;

namespace PivotCase.Api.Statistics;

/// <summary>A value of a dimension: as the statistics table stores it, and as the API publishes it.</summary>
public sealed record DimensionValue(string Stored, object Published);

/// <summary>
/// A predefined grouping of cases: its API name, the column of <see cref="Configuration.Table"/> it groups on, and
/// every value it can take, in the order answers list them. A published grid lists every value, so a category nobody
/// falls in shows up as a (withheld) zero rather than by its absence. <paramref name="Member"/> is the property of
/// <see cref="StatisticalCase"/> the column duplicates. A multi-valued dimension is stored as an array column,
/// unnested into <paramref name="Column"/>.
/// </summary>
public sealed record CaseDimension(
    string Name, string Member, string Column, IReadOnlyList<DimensionValue> Values, string? ArrayColumn = null)
{
    public bool MultiValued => ArrayColumn is not null;

    public string StoredColumn => ArrayColumn ?? Column;

    /// <summary>The expression that reads this dimension, one row per value.</summary>
    public string Read => ArrayColumn is null ? Column : $"unnest({ArrayColumn}) as {Column}";
}

public static class CaseDimensions
{
    public const string Year = "year";
    public const int MaxGroupBy = 2;

    /// <summary>The exploitation types, one row per type of each case (the column is unnested).</summary>
    public static readonly CaseDimension ExploitationType = Of<ExploitationType>(
        "exploitationType", nameof(StatisticalCase.ExploitationTypeNames), "exploitation_type", "exploitation_type_names");

    public static readonly IReadOnlyList<CaseDimension> Categories =
    [
        ExploitationType,
        Of<AccessPoint>("accessPoint", nameof(StatisticalCase.AccessPoint), "access_point"),
        new("region", nameof(StatisticalCase.Region), "region",
            Enumerable.Range(1, 17).Select(code => code.ToString("00")).Select(code => new DimensionValue(code, code)).ToList()),
        Of<AgeGroup>("ageGroup", nameof(StatisticalCase.AgeGroup), "age_group"),
        Of<Gender>("gender", nameof(StatisticalCase.Gender), "gender"),
        Of<TraffickingScope>("trafficking", nameof(StatisticalCase.Trafficking), "trafficking")
    ];

    public static readonly IReadOnlyList<string> Names = [.. Categories.Select(dimension => dimension.Name), Year];

    public static CaseDimension Category(string name) => Categories.Single(dimension => dimension.Name == name);

    private static CaseDimension Of<TEnum>(string name, string member, string column, string? arrayColumn = null) where TEnum : struct, Enum =>
        new(name, member, column, Enum.GetValues<TEnum>().Select(value => new DimensionValue(value.ToString(), Json.NameOf(value))).ToList(),
            arrayColumn);
}
