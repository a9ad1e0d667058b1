using Npgsql;
using PivotCase.Api.Platform;

namespace PivotCase.Tests.Unit;

public sealed class ConnectionPoolDefaultsTests
{
    private const string Given = "Host=127.0.0.1;Port=5432;Database=pivotcase;Username=pivotcase;Password=pivotcase";

    [Fact]
    public void A_connection_string_without_pool_settings_gets_the_small_pool_and_prepared_statements()
    {
        var applied = new NpgsqlConnectionStringBuilder(Storage.WithPoolDefaults(Given));

        applied.MaxPoolSize.ShouldBe(Storage.MaxPoolSize);
        applied.MaxAutoPrepare.ShouldBe(Storage.MaxAutoPrepare);
        applied.Host.ShouldBe("127.0.0.1");
        applied.Database.ShouldBe("pivotcase");
        applied.Password.ShouldBe("pivotcase");
    }

    [Theory]
    [InlineData("Maximum Pool Size=40", 40)]
    [InlineData("MaxPoolSize=20", 20)]
    [InlineData("maximum pool size=100", 100)]
    public void A_pool_size_set_by_the_operator_is_kept(string setting, int expected)
    {
        var applied = new NpgsqlConnectionStringBuilder(Storage.WithPoolDefaults($"{Given};{setting}"));

        applied.MaxPoolSize.ShouldBe(expected);
        applied.MaxAutoPrepare.ShouldBe(Storage.MaxAutoPrepare);
    }

    [Fact]
    public void Prepared_statements_set_by_the_operator_are_kept()
    {
        var applied = new NpgsqlConnectionStringBuilder(Storage.WithPoolDefaults($"{Given};Max Auto Prepare=0"));

        applied.MaxAutoPrepare.ShouldBe(0);
        applied.MaxPoolSize.ShouldBe(Storage.MaxPoolSize);
    }
}
