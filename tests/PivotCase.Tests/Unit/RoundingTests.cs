using PivotCase.Api.Platform;

namespace PivotCase.Tests.Unit;

public sealed class RoundingTests
{
    [Theory]
    [InlineData(0.125, 2, 0.13)]
    [InlineData(-0.125, 2, -0.13)]
    [InlineData(57.0 / 200, 2, 0.29)]
    [InlineData(2.5, 0, 3.0)]
    [InlineData(12.25, 1, 12.3)]
    [InlineData(1.0 / 3, 2, 0.33)]
    public void Published_figures_round_half_away_from_zero_on_their_decimal_value(double value, int digits, double published) =>
        Rounding.Publish(value, digits).ShouldBe(published);
}
