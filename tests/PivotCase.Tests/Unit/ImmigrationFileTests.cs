using PivotCase.Api.Immigration;

namespace PivotCase.Tests.Unit;

public sealed class ImmigrationFileTests
{
    private static readonly Guid CaseId = Guid.NewGuid();

    private static ImmigrationFile Recorded(params (ImmigrationEventKind Kind, string On, string? ValidUntil)[] events) =>
        events.Aggregate(ImmigrationFile.Empty, (file, recorded) => file.Record(new ImmigrationEventRecorded(CaseId, Guid.NewGuid(),
            recorded.Kind, DateOnly.Parse(recorded.On), recorded.ValidUntil is null ? null : DateOnly.Parse(recorded.ValidUntil),
            "worker-1", DateTimeOffset.UnixEpoch)));

    [Fact]
    public void A_permit_recorded_after_its_renewal_does_not_bring_back_its_old_expiry()
    {
        var file = Recorded(
            (ImmigrationEventKind.TrpRenewed, "2026-02-20", "2028-02-20"),
            (ImmigrationEventKind.TrpIssued, "2025-02-20", "2026-02-20"),
            (ImmigrationEventKind.WorkPermitIssued, "2026-03-01", "2027-03-01"),
            (ImmigrationEventKind.WorkPermitIssued, "2025-03-01", "2026-03-01"));

        file.TrpValidUntil.ShouldBe(new DateOnly(2028, 2, 20));
        file.WorkPermitValidUntil.ShouldBe(new DateOnly(2027, 3, 1));
        file.Status.ShouldBe(ImmigrationEventKind.WorkPermitIssued);
        file.Entries.Select(entry => entry.On).ShouldBe(file.Entries.Select(entry => entry.On).Order());
    }

    [Fact]
    public void The_latest_event_by_date_sets_the_status_and_the_later_recorded_wins_on_the_same_day()
    {
        var file = Recorded(
            (ImmigrationEventKind.TrpApplied, "2026-01-05", null),
            (ImmigrationEventKind.TrpIssued, "2026-02-01", "2027-02-01"),
            (ImmigrationEventKind.RemovalOrder, "2025-12-01", null),
            (ImmigrationEventKind.TrpRenewed, "2026-02-01", "2027-08-01"));

        file.Status.ShouldBe(ImmigrationEventKind.TrpRenewed);
        file.TrpValidUntil.ShouldBe(new DateOnly(2027, 8, 1));
        file.RemovalOrderOn.ShouldBe(new DateOnly(2025, 12, 1));
    }

    [Fact]
    public void Health_coverage_runs_since_its_earliest_start_whatever_the_order_of_recording()
    {
        var file = Recorded(
            (ImmigrationEventKind.HealthCoverageStarted, "2026-03-01", null),
            (ImmigrationEventKind.HealthCoverageStarted, "2026-01-15", null));

        file.HealthCoverageSince.ShouldBe(new DateOnly(2026, 1, 15));
    }

    [Fact]
    public void A_renewal_without_a_date_leaves_the_permit_without_a_known_expiry()
    {
        var file = Recorded(
            (ImmigrationEventKind.TrpIssued, "2026-01-10", "2027-01-10"),
            (ImmigrationEventKind.TrpRenewed, "2026-06-01", null));

        file.TrpValidUntil.ShouldBeNull();
        file.Status.ShouldBe(ImmigrationEventKind.TrpRenewed);
    }
}
