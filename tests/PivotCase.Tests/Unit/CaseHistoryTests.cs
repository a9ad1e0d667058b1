using JasperFx.Events;
using PivotCase.Api.Cases;
using PivotCase.Api.Privacy;
using PivotCase.Api.Steps;

namespace PivotCase.Tests.Unit;

/// <summary>
/// The audit trail: one entry per event, told from enumerations and ids only. Free text (titles, outcomes,
/// reasons, providers) and protected details never reach a summary.
/// </summary>
public sealed class CaseHistoryTests
{
    private static readonly Guid CaseId = Guid.Parse("0195a7c0-0000-7000-8000-0000000000c1");
    private static readonly Guid StepId = Guid.Parse("0195a7c0-0000-7000-8000-0000000000d7");
    private static readonly DateTimeOffset DecidedAt = new(2026, 3, 2, 15, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset StoredAt = new(2026, 3, 2, 15, 0, 2, TimeSpan.Zero);

    private const string FreeText = "ZZFREETEXT";

    private static Event<T> EventOf<T>(T data, long version, string typeName) where T : notnull => new(data)
    {
        Version = version,
        EventTypeName = typeName,
        StreamId = CaseId,
        Timestamp = StoredAt,
        UserName = "relayed-user"
    };

    [Fact]
    public void CaseOpened_names_the_access_point_types_and_region_and_only_notes_that_details_exist()
    {
        var opened = CaseAggregateTests.Opened(CaseId) with
        {
            AccessPoint = AccessPoint.YouthProtection,
            ExploitationTypes = [ExploitationType.SexualExploitation, ExploitationType.DomesticServitude],
            Region = "13",
            PersonalDetails = new EncryptedPersonalDetails($"ciphertext-{FreeText}"),
            OpenedBy = "worker-7",
            RecordedAt = DecidedAt
        };

        var entry = CaseHistory.Describe(EventOf(opened, 1, "case_opened"));

        entry.Version.ShouldBe(1);
        entry.Type.ShouldBe("case_opened");
        entry.By.ShouldBe("worker-7");
        entry.At.ShouldBe(DecidedAt);
        entry.Summary.ShouldContain("youth_protection");
        entry.Summary.ShouldContain("sexual_exploitation");
        entry.Summary.ShouldContain("domestic_servitude");
        entry.Summary.ShouldContain("13");
        entry.Summary.ShouldContain("protected");
        entry.Summary.ShouldNotContain(FreeText);
        entry.Summary.ShouldNotContain("ciphertext");
    }

    [Fact]
    public void CaseOpened_without_personal_details_does_not_mention_them()
    {
        var entry = CaseHistory.Describe(EventOf(CaseAggregateTests.Opened(CaseId), 1, "case_opened"));

        entry.Summary.ShouldNotContain("personal details");
    }

    [Fact]
    public void CaseClosed_names_the_reason_code()
    {
        var entry = CaseHistory.Describe(EventOf(new CaseClosed(CaseId, ClosureReason.DeclinedServices, "worker-2", DecidedAt), 5,
            "case_closed"));

        entry.Version.ShouldBe(5);
        entry.Type.ShouldBe("case_closed");
        entry.By.ShouldBe("worker-2");
        entry.At.ShouldBe(DecidedAt);
        entry.Summary.ShouldContain("declined_services");
    }

    [Fact]
    public void CaseTransferred_names_both_sides_for_the_owner_and_neither_for_a_partner()
    {
        var transferred = EventOf(new CaseTransferred(CaseId, "worker-1", "worker-9", "cathii", "refuge", "worker-1", DecidedAt), 7,
            "case_transferred");

        CaseHistory.Describe(transferred).Summary.ShouldBe("Case transferred from worker-1 (cathii) to worker-9 (refuge)");
        var partners = CaseHistory.DescribeForPartner(transferred);
        partners.Summary.ShouldBe("Case transferred to another pivot worker");
        (partners with { Summary = "" }).ShouldBe(CaseHistory.Describe(transferred) with { Summary = "" });
        var step = EventOf(new StepStarted(CaseId, StepId, "worker-5", DecidedAt), 8, "step_started");
        CaseHistory.DescribeForPartner(step).ShouldBe(CaseHistory.Describe(step));
    }

    [Fact]
    public void CaseReopened_leaves_out_the_free_text_reason()
    {
        var entry = CaseHistory.Describe(EventOf(new CaseReopened(CaseId, $"{FreeText} came back", "worker-3", DecidedAt), 6,
            "case_reopened"));

        entry.By.ShouldBe("worker-3");
        entry.At.ShouldBe(DecidedAt);
        entry.Summary.ShouldNotContain(FreeText);
        entry.Summary.ShouldNotContain("came back");
    }

    [Fact]
    public void StepPlanned_names_the_step_domain_timeframe_and_due_day_but_not_its_title_or_provider()
    {
        var planned = new StepPlanned(CaseId, StepId, ServiceDomain.MentalHealth, $"{FreeText} counselling for Marie",
            Timeframe.ShortTerm, new DateOnly(2026, 3, 16), $"{FreeText}-clinic", Guid.NewGuid(), "worker-4", DecidedAt);

        var entry = CaseHistory.Describe(EventOf(planned, 2, "step_planned"));

        entry.Version.ShouldBe(2);
        entry.Type.ShouldBe("step_planned");
        entry.By.ShouldBe("worker-4");
        entry.At.ShouldBe(DecidedAt);
        entry.Summary.ShouldContain(StepId.ToString());
        entry.Summary.ShouldContain("mental_health");
        entry.Summary.ShouldContain("short_term");
        entry.Summary.ShouldContain("2026-03-16");
        entry.Summary.ShouldNotContain(FreeText);
        entry.Summary.ShouldNotContain("counselling");
        entry.Summary.ShouldNotContain("Marie");
    }

    [Fact]
    public void StepPlanned_without_a_due_day_says_nothing_about_one()
    {
        var planned = new StepPlanned(CaseId, StepId, ServiceDomain.Housing, "Shelter", Timeframe.Immediate, null, null, null,
            "worker-4", DecidedAt);

        CaseHistory.Describe(EventOf(planned, 2, "step_planned")).Summary.ShouldNotContain("due");
    }

    [Fact]
    public void StepStarted_names_the_step()
    {
        var entry = CaseHistory.Describe(EventOf(new StepStarted(CaseId, StepId, "worker-5", DecidedAt), 3, "step_started"));

        entry.Version.ShouldBe(3);
        entry.Type.ShouldBe("step_started");
        entry.By.ShouldBe("worker-5");
        entry.At.ShouldBe(DecidedAt);
        entry.Summary.ShouldContain(StepId.ToString());
        entry.Summary.ShouldContain("started");
    }

    [Fact]
    public void StepCompleted_names_the_step_and_day_but_not_the_outcome()
    {
        var completed = new StepCompleted(CaseId, StepId, $"{FreeText}: placed with her sister in Laval",
            new DateOnly(2026, 2, 27), "worker-6", DecidedAt);

        var entry = CaseHistory.Describe(EventOf(completed, 4, "step_completed"));

        entry.Version.ShouldBe(4);
        entry.Type.ShouldBe("step_completed");
        entry.By.ShouldBe("worker-6");
        entry.At.ShouldBe(DecidedAt);
        entry.Summary.ShouldContain(StepId.ToString());
        entry.Summary.ShouldContain("2026-02-27");
        entry.Summary.ShouldNotContain(FreeText);
        entry.Summary.ShouldNotContain("sister");
        entry.Summary.ShouldNotContain("Laval");
    }

    [Fact]
    public void StepCancelled_names_the_step_but_not_the_reason()
    {
        var cancelled = new StepCancelled(CaseId, StepId, $"{FreeText}: trafficker found the shelter", "worker-8", DecidedAt);

        var entry = CaseHistory.Describe(EventOf(cancelled, 4, "step_cancelled"));

        entry.Version.ShouldBe(4);
        entry.Type.ShouldBe("step_cancelled");
        entry.By.ShouldBe("worker-8");
        entry.At.ShouldBe(DecidedAt);
        entry.Summary.ShouldContain(StepId.ToString());
        entry.Summary.ShouldContain("cancelled");
        entry.Summary.ShouldNotContain(FreeText);
        entry.Summary.ShouldNotContain("trafficker");
    }

    [Fact]
    public void An_event_it_does_not_know_is_told_by_its_type_name_with_the_stored_user_and_time()
    {
        var entry = CaseHistory.Describe(EventOf(new SomethingElse(FreeText), 9, "something_else_happened"));

        entry.Version.ShouldBe(9);
        entry.Type.ShouldBe("something_else_happened");
        entry.By.ShouldBe("relayed-user");
        entry.At.ShouldBe(StoredAt);
        entry.Summary.ShouldBe("something else happened");
    }

    [Fact]
    public void An_unknown_event_without_a_user_is_by_system()
    {
        var @event = EventOf(new SomethingElse("x"), 9, "something_else");
        @event.UserName = null;

        CaseHistory.Describe(@event).By.ShouldBe("system");
    }

    private sealed record SomethingElse(string Text);
}
