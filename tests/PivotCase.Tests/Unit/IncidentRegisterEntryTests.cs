using PivotCase.Api.Incidents;

namespace PivotCase.Tests.Unit;

public sealed class IncidentRegisterEntryTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 15, 0, 0, TimeSpan.Zero);

    private static IncidentRegisterEntry DiscoveredOn(DateOnly day) =>
        new(Guid.NewGuid(), 1, "cathii", IncidentKind.Loss, "x", "y", day, null, false, day, 1, false, [], "supervisor-1", At);

    [Theory]
    [InlineData("2028-02-29", "2033-03-01")]
    [InlineData("2028-02-28", "2033-02-28")]
    [InlineData("2026-03-01", "2031-03-01")]
    public void An_entry_is_kept_five_full_years_after_its_discovery(string discovered, string keptUntil) =>
        DiscoveredOn(DateOnly.Parse(discovered)).KeepUntil.ShouldBe(DateOnly.Parse(keptUntil));

    [Fact]
    public void No_notice_is_owed_until_a_serious_risk_is_found_and_then_until_each_is_sent()
    {
        var entry = DiscoveredOn(new DateOnly(2026, 3, 1));
        entry.NoticesOutstanding.ShouldBeEmpty();

        var serious = entry with { RiskAssessments = [new RiskAssessment(true, "Sensitive", "supervisor-1", At)] };
        serious.NoticesOutstanding.ShouldBe([NoticeRecipient.Commission, NoticeRecipient.PersonsConcerned]);

        IncidentNotice Notice(NoticeRecipient recipient, PublicNoticeGround? ground = null) =>
            new(Guid.NewGuid(), recipient, new DateOnly(2026, 3, 2), ground, "supervisor-1", At);
        (serious with { Notices = [Notice(NoticeRecipient.PersonsConcerned)] }).NoticesOutstanding.ShouldBe([NoticeRecipient.Commission]);
        (serious with { Notices = [Notice(NoticeRecipient.Public, PublicNoticeGround.Urgency)] }).NoticesOutstanding
            .ShouldBe([NoticeRecipient.Commission, NoticeRecipient.PersonsConcerned]);
        (serious with { Notices = [Notice(NoticeRecipient.Commission), Notice(NoticeRecipient.Public, PublicNoticeGround.UndueHardship)] })
            .NoticesOutstanding.ShouldBeEmpty();

        var reassessed = serious with { RiskAssessments = serious.RiskAssessments.Add(new RiskAssessment(false, "Recovered", "supervisor-1", At)) };
        reassessed.NoticesOutstanding.ShouldBeEmpty();
        reassessed.SeriousInjuryRisk.ShouldBe(false);
    }
}
