using PivotCase.Api.Recovery;

namespace PivotCase.Tests.Unit;

public sealed class RecoveryMathsTests
{
    private static readonly DateOnly OpenedOn = new(2026, 1, 10);

    [Fact]
    public void Without_assessments_there_is_no_baseline_latest_or_change()
    {
        var progress = RecoveryMaths.Progress([], OpenedOn, OpenedOn);

        progress.Baseline.ShouldBeNull();
        progress.Latest.ShouldBeNull();
        progress.Change.ShouldBeEmpty();
        progress.Trajectory.ShouldBeEmpty();
    }

    [Fact]
    public void A_single_assessment_is_baseline_and_latest_with_zero_change_for_its_domains()
    {
        var only = Assessment(2026, 2, 1, (RecoveryDomain.Safety, 2), (RecoveryDomain.Housing, 5));

        var progress = RecoveryMaths.Progress([only], OpenedOn, new DateOnly(2026, 2, 1));

        progress.Baseline.ShouldBe(only);
        progress.Latest.ShouldBe(only);
        progress.Change.ShouldBe(Scores((RecoveryDomain.Safety, 0), (RecoveryDomain.Housing, 0)), ignoreOrder: true);
    }

    [Fact]
    public void Change_covers_only_the_domains_scored_in_both_baseline_and_latest()
    {
        var baseline = Assessment(2026, 1, 15, (RecoveryDomain.Safety, 1), (RecoveryDomain.Housing, 2), (RecoveryDomain.Income, 3));
        var latest = Assessment(2026, 7, 15, (RecoveryDomain.Safety, 4), (RecoveryDomain.Housing, 1), (RecoveryDomain.MentalHealth, 3));

        var progress = RecoveryMaths.Progress([baseline, latest], OpenedOn, new DateOnly(2026, 7, 15));

        progress.Change.ShouldBe(Scores((RecoveryDomain.Safety, 3), (RecoveryDomain.Housing, -1)), ignoreOrder: true);
    }

    [Fact]
    public void Assessments_recorded_out_of_order_are_read_by_their_day()
    {
        var march = Assessment(2026, 3, 1, (RecoveryDomain.Safety, 3));
        var january = Assessment(2026, 1, 20, (RecoveryDomain.Safety, 1));
        var june = Assessment(2026, 6, 1, (RecoveryDomain.Safety, 5));

        var progress = RecoveryMaths.Progress([march, june, january], OpenedOn, new DateOnly(2026, 6, 1));

        progress.Baseline.ShouldBe(january);
        progress.Latest.ShouldBe(june);
        progress.Trajectory.ShouldBe([january, march, june]);
        progress.Change.ShouldBe(Scores((RecoveryDomain.Safety, 4)));
    }

    [Theory]
    [InlineData("2026-03-02", "2026-03-02", 0)]
    [InlineData("2026-03-02", "2026-04-01", 0)]
    [InlineData("2026-03-02", "2026-04-02", 1)]
    [InlineData("2026-03-02", "2028-03-02", 24)]
    [InlineData("2026-01-31", "2026-02-27", 0)]
    [InlineData("2026-01-31", "2026-02-28", 1)]
    [InlineData("2026-01-31", "2026-03-30", 1)]
    [InlineData("2024-02-29", "2025-02-28", 12)]
    [InlineData("2026-03-02", "2026-01-10", 0)]
    public void Months_between_count_whole_calendar_months(string from, string to, int months) =>
        RecoveryMaths.MonthsBetween(DateOnly.Parse(from), DateOnly.Parse(to)).ShouldBe(months);

    [Fact]
    public void Months_in_care_run_from_the_opening_day_to_today() =>
        RecoveryMaths.Progress([], OpenedOn, new DateOnly(2027, 1, 9)).MonthsInCare.ShouldBe(11);

    private static RecoveryAssessment Assessment(int year, int month, int day, params (RecoveryDomain Domain, int Score)[] scores) =>
        new(Guid.CreateVersion7(), new DateOnly(year, month, day), Scores(scores), RecoveryInstrument.CurrentVersion);

    private static Dictionary<RecoveryDomain, int> Scores(params (RecoveryDomain Domain, int Score)[] scores) =>
        scores.ToDictionary(score => score.Domain, score => score.Score);
}
