using PivotCase.Api.Compensation;

namespace PivotCase.Tests.Unit;

public sealed class CompensationClaimTests
{
    private static readonly Guid CaseId = Guid.NewGuid();

    private static CompensationClaim Recorded(params (CompensationEventKind Kind, string On)[] events) =>
        events.Aggregate(CompensationClaim.Empty, (claim, recorded) => claim.Record(new CompensationEventRecorded(CaseId,
            Guid.NewGuid(), recorded.Kind, DateOnly.Parse(recorded.On), "worker-1", DateTimeOffset.UnixEpoch)));

    [Fact]
    public void A_filing_recorded_late_changes_neither_the_state_nor_the_order_of_the_same_days_events()
    {
        var claim = Recorded(
            (CompensationEventKind.ClaimAccepted, "2026-06-10"),
            (CompensationEventKind.PaymentReceived, "2026-06-10"),
            (CompensationEventKind.ClaimFiled, "2026-04-01"));

        claim.Status.ShouldBe(CompensationEventKind.PaymentReceived);
        claim.FiledOn.ShouldBe(new DateOnly(2026, 4, 1));
        claim.Entries.Select(entry => entry.Kind)
            .ShouldBe([CompensationEventKind.ClaimFiled, CompensationEventKind.ClaimAccepted, CompensationEventKind.PaymentReceived]);
    }

    [Fact]
    public void The_claim_was_filed_on_its_earliest_filing_day_whatever_the_order_they_were_recorded_in()
    {
        var claim = Recorded(
            (CompensationEventKind.ClaimFiled, "2026-05-01"),
            (CompensationEventKind.ClaimRefused, "2026-05-20"),
            (CompensationEventKind.ClaimFiled, "2026-03-15"));

        claim.FiledOn.ShouldBe(new DateOnly(2026, 3, 15));
        claim.Status.ShouldBe(CompensationEventKind.ClaimRefused);
    }

    [Fact]
    public void Many_events_of_one_day_keep_the_order_they_were_recorded_in()
    {
        var kinds = Enumerable.Range(0, 40)
            .Select(index => index % 2 == 0 ? CompensationEventKind.ClaimAccepted : CompensationEventKind.PaymentReceived)
            .ToArray();
        var claim = Recorded([(CompensationEventKind.ClaimFiled, "2026-07-01"), .. kinds.Select(kind => (kind, "2026-08-01"))]);

        claim.Entries.Skip(1).Select(entry => entry.Kind).ShouldBe(kinds);
        claim.Status.ShouldBe(kinds[^1]);
    }
}
