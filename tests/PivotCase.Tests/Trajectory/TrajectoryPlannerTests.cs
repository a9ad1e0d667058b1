using System.Text;
using System.Text.Json;
using PivotCase.Api.Cases;
using PivotCase.Api.Compensation;
using PivotCase.Api.Directory;
using PivotCase.Api.Immigration;
using PivotCase.Api.Steps;
using PivotCase.Api.Trajectory;

namespace PivotCase.Tests.Trajectory;

/// <summary>The planner and the rules table on their own: no host, no database.</summary>
public sealed class TrajectoryPlannerTests
{
    private static readonly CaseProfile DomesticAdult =
        new(TraffickingScope.Domestic, AgeGroup.From25To34, "06", [ExploitationType.SexualExploitation]);

    private static readonly CaseProfile InternationalAdult = DomesticAdult with { Trafficking = TraffickingScope.International };

    private static readonly OrganizationProfile[] NoDirectory = [];

    private static OrganizationProfile Member(string code, string[] regions, params (ServiceDomain Domain, bool Available24h)[] services) =>
        new(code, code, OrganizationSector.Community, regions, ["fr"], new OrganizationContact("Desk", "514-555-0100", null),
            services.Select(service => new OrganizationService(service.Domain, "Service", service.Available24h)).ToList(),
            DateTimeOffset.UnixEpoch, "coordinator-1", Version: 1);

    private static IReadOnlyList<Suggestion> Suggest(
        CaseProfile profile, OpenNeed[]? needs = null, StepSummary[]? steps = null, OrganizationProfile[]? directory = null,
        RecordedFacts? facts = null) =>
        TrajectoryPlanner.Suggest(profile, needs ?? [], steps ?? [], facts ?? RecordedFacts.None, directory ?? NoDirectory);

    private static IEnumerable<string> Titles(IEnumerable<Suggestion> suggestions) => suggestions.Select(suggestion => suggestion.Title);

    private static string TitleOf(string ruleId) => TrajectoryRules.Coalition.Single(rule => rule.Id == ruleId).Title;

    [Fact]
    public void The_coalition_table_loads_with_french_titles_and_one_line_reasons()
    {
        var rules = TrajectoryRules.Coalition;

        rules.Count.ShouldBeGreaterThan(25);
        rules.Select(rule => rule.Id).ShouldBeUnique();
        rules.ShouldAllBe(rule => rule.TitleFr.Length > 0 && rule.Why.Length > 0 && !rule.Why.Contains('\n'));
        rules.Select(rule => rule.Timeframe).Distinct().Count().ShouldBe(3);
    }

    [Fact]
    public void The_table_holds_the_steps_of_the_coalition_brief()
    {
        var ids = TrajectoryRules.Coalition.Select(rule => rule.Id).ToList();

        new[]
        {
            "safety_plan", "emergency_shelter", "basic_needs", "emergency_fund", "medical_care", "crisis_intervention",
            "legal_information", "interpreter", "trp_application", "legal_aid_against_removal", "ifhp_coverage", "work_permit",
            "french_courses", "family_reunification", "youth_protection_referral", "transition_plan_before_18", "ivac_claim",
            "psychological_follow_up", "court_support", "affordable_housing", "return_to_school", "employment_support",
            "social_reintegration"
        }.Except(ids).ShouldBeEmpty();
        TrajectoryRules.Coalition.Single(rule => rule.Id == "trp_application").Why.ShouldContain("No fees, at least 12 months");
        TrajectoryRules.Coalition.Single(rule => rule.Id == "ivac_claim").Why.ShouldContain("No police complaint needed");
    }

    [Fact]
    public void A_table_with_an_unknown_field_a_missing_title_an_empty_settlement_or_a_repeated_id_is_refused()
    {
        const string unknownField =
            """[{"id":"x","domain":"housing","timeframe":"immediate","title":"T","titleFr":"T","why":"W","whenever":true}]""";
        const string missingTitle = """[{"id":"x","domain":"housing","timeframe":"immediate","titleFr":"T","why":"W"}]""";
        const string settledByNothing =
            """[{"id":"x","domain":"housing","timeframe":"immediate","title":"T","titleFr":"T","why":"W","settledBy":{}}]""";
        const string twice = """
            [{"id":"x","domain":"housing","timeframe":"immediate","title":"T","titleFr":"T","why":"W"},
             {"id":"x","domain":"legal","timeframe":"immediate","title":"T","titleFr":"T","why":"W"}]
            """;

        Should.Throw<JsonException>(() => TrajectoryRules.Load(new MemoryStream(Encoding.UTF8.GetBytes(unknownField))));
        Should.Throw<JsonException>(() => TrajectoryRules.Load(new MemoryStream(Encoding.UTF8.GetBytes(missingTitle))));
        Should.Throw<InvalidOperationException>(() => TrajectoryRules.Load(new MemoryStream(Encoding.UTF8.GetBytes(settledByNothing))));
        Should.Throw<InvalidOperationException>(() => TrajectoryRules.Load(new MemoryStream(Encoding.UTF8.GetBytes(twice))));
    }

    [Fact]
    public void An_international_case_with_an_immediate_housing_need_gets_shelter_and_the_immigration_steps_immediate_first()
    {
        var suggestions = Suggest(InternationalAdult, [new OpenNeed(ServiceDomain.Housing, Timeframe.Immediate)]);

        Titles(suggestions.Where(suggestion => suggestion.Timeframe == Timeframe.Immediate)).ShouldBe([
            TitleOf("emergency_shelter"), TitleOf("legal_aid_against_removal"), TitleOf("trp_application"), TitleOf("interpreter")
        ]);
        Titles(suggestions).ShouldContain(TitleOf("ifhp_coverage"));
        Titles(suggestions).ShouldContain(TitleOf("work_permit"));
        Titles(suggestions).ShouldContain(TitleOf("french_courses"));
        Titles(suggestions).ShouldContain(TitleOf("family_reunification"));
        suggestions.Select(suggestion => suggestion.Timeframe).ShouldBeInOrder();
        foreach (var timeframe in Enum.GetValues<Timeframe>())
            suggestions.Where(suggestion => suggestion.Timeframe == timeframe).Select(suggestion => suggestion.Domain).ShouldBeInOrder();
    }

    [Fact]
    public void A_domestic_adult_without_needs_gets_only_the_steps_every_case_needs()
    {
        var suggestions = Suggest(DomesticAdult);

        Titles(suggestions).ShouldBe([TitleOf("ivac_claim"), TitleOf("social_reintegration")]);
    }

    [Theory]
    [InlineData(AgeGroup.Under14)]
    [InlineData(AgeGroup.From14To17)]
    public void A_minor_gets_a_youth_protection_referral_and_a_transition_plan(AgeGroup ageGroup)
    {
        var suggestions = Suggest(DomesticAdult with { AgeGroup = ageGroup });

        suggestions.First().ShouldSatisfyAllConditions(
            first => first.Domain.ShouldBe(ServiceDomain.YouthProtection),
            first => first.Timeframe.ShouldBe(Timeframe.Immediate),
            first => first.TitleFr.ShouldContain("DPJ"));
        Titles(suggestions).ShouldContain(TitleOf("transition_plan_before_18"));
    }

    [Fact]
    public void A_minor_referred_by_youth_protection_is_not_told_to_refer_to_it_and_keeps_the_transition_plan()
    {
        var fromDpj = Titles(Suggest(DomesticAdult with { AgeGroup = AgeGroup.From14To17, AccessPoint = AccessPoint.YouthProtection }));
        var fromPolice = Titles(Suggest(DomesticAdult with { AgeGroup = AgeGroup.From14To17, AccessPoint = AccessPoint.Police }));

        fromDpj.ShouldNotContain(TitleOf("youth_protection_referral"));
        fromDpj.ShouldContain(TitleOf("transition_plan_before_18"));
        fromPolice.ShouldContain(TitleOf("youth_protection_referral"));
    }

    [Fact]
    public void Exploitation_types_bring_their_own_legal_steps()
    {
        var forcedLabour = Suggest(DomesticAdult with { ExploitationTypes = [ExploitationType.ForcedLabour] });
        var forcedCriminality = Suggest(DomesticAdult with { ExploitationTypes = [ExploitationType.ForcedCriminality] });

        Titles(forcedLabour).ShouldContain(TitleOf("labour_rights"));
        Titles(forcedLabour).ShouldNotContain(TitleOf("coerced_offences_and_debts"));
        Titles(forcedCriminality).ShouldContain(TitleOf("coerced_offences_and_debts"));
        Titles(Suggest(DomesticAdult)).ShouldNotContain(TitleOf("labour_rights"));
    }

    [Fact]
    public void A_need_drives_the_rule_of_its_own_timeframe_only()
    {
        var longTerm = Suggest(DomesticAdult, [new OpenNeed(ServiceDomain.Housing, Timeframe.LongTerm)]);

        Titles(longTerm).ShouldContain(TitleOf("affordable_housing"));
        Titles(longTerm).ShouldNotContain(TitleOf("emergency_shelter"));
        Titles(longTerm).ShouldNotContain(TitleOf("transitional_housing"));
    }

    [Fact]
    public void A_need_that_is_no_longer_open_drives_nothing()
    {
        var open = Suggest(DomesticAdult, [new OpenNeed(ServiceDomain.Housing, Timeframe.Immediate)]);
        var met = Suggest(DomesticAdult);

        Titles(open).ShouldContain(TitleOf("emergency_shelter"));
        Titles(met).ShouldNotContain(TitleOf("emergency_shelter"));
    }

    [Theory]
    [InlineData(StepStatus.Planned, false)]
    [InlineData(StepStatus.InProgress, false)]
    [InlineData(StepStatus.Done, false)]
    [InlineData(StepStatus.Cancelled, true)]
    public void A_step_in_the_same_domain_and_timeframe_takes_the_suggestion_off_unless_cancelled(StepStatus status, bool suggested)
    {
        var suggestions = Suggest(InternationalAdult, [new OpenNeed(ServiceDomain.Housing, Timeframe.Immediate)],
            [new StepSummary(ServiceDomain.Housing, Timeframe.Immediate, status), new StepSummary(ServiceDomain.Immigration, Timeframe.ShortTerm, status)]);

        Titles(suggestions).Contains(TitleOf("emergency_shelter")).ShouldBe(suggested);
        Titles(suggestions).Contains(TitleOf("work_permit")).ShouldBe(suggested);
        Titles(suggestions).ShouldContain(TitleOf("trp_application"));
    }

    [Fact]
    public void Where_suggestions_share_a_domain_and_timeframe_a_step_takes_off_only_the_one_it_is_titled_after()
    {
        // With an open legal need, "information on rights" (the need's) and "legal aid against removal" (international
        // cases') are both legal and immediate.
        OpenNeed[] legalNeed = [new(ServiceDomain.Legal, Timeframe.Immediate)];
        StepSummary Legal(string title) => new(ServiceDomain.Legal, Timeframe.Immediate, StepStatus.Planned, title);
        IEnumerable<string> With(string title) => Titles(Suggest(InternationalAdult, legalNeed, [Legal(title)]));
        var information = TitleOf("legal_information");
        var removal = TitleOf("legal_aid_against_removal");
        Titles(Suggest(InternationalAdult, legalNeed)).ShouldContain(information);

        With(information).ShouldBe(Titles(Suggest(InternationalAdult, legalNeed)).Where(title => title != information));
        With(" " + removal.ToUpperInvariant()).ShouldNotContain(removal);
        With(removal).ShouldContain(information);
        With("Meeting with a lawyer").ShouldContain(removal);
        With("Meeting with a lawyer").ShouldContain(information);

        // A pair with a single suggestion is taken off by any step in it, whatever its title, except one titled after
        // another rule of the pair: once the legal need is met, the step for information on rights still does not
        // stand for legal aid against removal.
        Titles(Suggest(InternationalAdult, steps: [Legal("Meeting with a lawyer")])).ShouldNotContain(removal);
        Titles(Suggest(InternationalAdult, steps: [Legal(information) with { Status = StepStatus.Done }])).ShouldContain(removal);
        Titles(Suggest(InternationalAdult, steps: [Legal(information.ToUpperInvariant())])).ShouldContain(removal);
    }

    [Fact]
    public void Recorded_immigration_and_ivac_facts_settle_their_suggestions()
    {
        var facts = new RecordedFacts([ImmigrationEventKind.TrpIssued, ImmigrationEventKind.HealthCoverageStarted],
            [CompensationEventKind.ClaimFiled]);

        var before = Titles(Suggest(InternationalAdult)).ToList();
        var after = Titles(Suggest(InternationalAdult, facts: facts)).ToList();

        before.ShouldContain(TitleOf("trp_application"));
        before.ShouldContain(TitleOf("ifhp_coverage"));
        before.ShouldContain(TitleOf("ivac_claim"));
        after.ShouldNotContain(TitleOf("trp_application"));
        after.ShouldNotContain(TitleOf("ifhp_coverage"));
        after.ShouldNotContain(TitleOf("ivac_claim"));
        after.ShouldContain(TitleOf("work_permit"));
        after.ShouldContain(TitleOf("legal_aid_against_removal"));
    }

    [Fact]
    public void A_refused_trp_does_not_settle_the_application()
    {
        var refused = Suggest(InternationalAdult, facts: new RecordedFacts([ImmigrationEventKind.TrpRefused]));

        Titles(refused).ShouldContain(TitleOf("trp_application"));
    }

    [Fact]
    public void An_application_refused_since_is_suggested_again_until_a_new_one_is_recorded()
    {
        static RecordedFacts Facts(params (ImmigrationEventKind Kind, string On)[] events) => RecordedFacts.Of(
            events.Aggregate(ImmigrationFile.Empty, (file, recorded) => file.Record(new ImmigrationEventRecorded(Guid.Empty,
                Guid.NewGuid(), recorded.Kind, DateOnly.Parse(recorded.On), null, "worker-1", DateTimeOffset.UnixEpoch))),
            CompensationClaim.Empty);

        var appliedThenRefused = Facts((ImmigrationEventKind.TrpApplied, "2026-01-05"), (ImmigrationEventKind.TrpRefused, "2026-02-10"));
        var appliedAgain = Facts((ImmigrationEventKind.TrpApplied, "2026-01-05"), (ImmigrationEventKind.TrpRefused, "2026-02-10"),
            (ImmigrationEventKind.TrpApplied, "2026-02-20"));
        var refusalRecordedLateButOlder = Facts((ImmigrationEventKind.TrpApplied, "2026-02-20"), (ImmigrationEventKind.TrpRefused, "2026-02-10"));

        Titles(Suggest(InternationalAdult, facts: appliedThenRefused)).ShouldContain(TitleOf("trp_application"));
        Titles(Suggest(InternationalAdult, facts: appliedAgain)).ShouldNotContain(TitleOf("trp_application"));
        Titles(Suggest(InternationalAdult, facts: refusalRecordedLateButOlder)).ShouldNotContain(TitleOf("trp_application"));
    }

    [Fact]
    public void Providers_serve_the_case_region_first_then_answer_around_the_clock_then_by_code()
    {
        OrganizationProfile[] directory =
        [
            Member("b-local-day", ["06"], (ServiceDomain.Housing, false)),
            Member("a-far-24h", ["03"], (ServiceDomain.Housing, true)),
            Member("c-local-24h", ["06", "13"], (ServiceDomain.Housing, true)),
            Member("a-local-day", ["06"], (ServiceDomain.Housing, false), (ServiceDomain.Legal, true)),
            Member("z-no-housing", ["06"], (ServiceDomain.Legal, true))
        ];

        TrajectoryPlanner.Providers(ServiceDomain.Housing, Timeframe.Immediate, "06", [], directory)
            .ShouldBe(["c-local-24h", "a-local-day", "b-local-day", "a-far-24h"]);
        TrajectoryPlanner.Providers(ServiceDomain.Housing, Timeframe.ShortTerm, "06", [], directory)
            .ShouldBe(["a-local-day", "b-local-day", "c-local-24h", "a-far-24h"]);
        TrajectoryPlanner.Providers(ServiceDomain.Housing, Timeframe.Immediate, "03", [], directory)
            .ShouldBe(["a-far-24h", "c-local-24h", "a-local-day", "b-local-day"]);
    }

    [Fact]
    public void Among_providers_alike_those_working_in_one_of_the_survivors_languages_come_first()
    {
        OrganizationProfile[] directory =
        [
            Member("a-local-fr", ["06"], (ServiceDomain.Housing, false)),
            Member("b-local-tir", ["06"], (ServiceDomain.Housing, false)) with { Languages = ["fr", "tir"] },
            Member("c-far-tir", ["03"], (ServiceDomain.Housing, false)) with { Languages = ["tir"] },
            Member("d-local-24h-fr", ["06"], (ServiceDomain.Housing, true))
        ];

        TrajectoryPlanner.Providers(ServiceDomain.Housing, Timeframe.ShortTerm, "06", ["tir", "ar"], directory)
            .ShouldBe(["b-local-tir", "a-local-fr", "d-local-24h-fr", "c-far-tir"]);
        TrajectoryPlanner.Providers(ServiceDomain.Housing, Timeframe.Immediate, "06", ["tir"], directory)
            .ShouldBe(["d-local-24h-fr", "b-local-tir", "a-local-fr", "c-far-tir"]);
        TrajectoryPlanner.Providers(ServiceDomain.Housing, Timeframe.ShortTerm, "06", [], directory)
            .ShouldBe(["a-local-fr", "b-local-tir", "d-local-24h-fr", "c-far-tir"]);
    }

    [Fact]
    public void Around_the_clock_counts_only_for_the_service_in_the_domain()
    {
        OrganizationProfile[] directory =
        [
            Member("a-day-housing-24h-legal", ["06"], (ServiceDomain.Housing, false), (ServiceDomain.Legal, true)),
            Member("b-24h-housing", ["06"], (ServiceDomain.Housing, true))
        ];

        TrajectoryPlanner.Providers(ServiceDomain.Housing, Timeframe.Immediate, "06", [], directory)
            .ShouldBe(["b-24h-housing", "a-day-housing-24h-legal"]);
    }

    [Fact]
    public void At_most_five_providers_are_named()
    {
        var directory = Enumerable.Range(1, 8).Select(number => Member($"shelter-{number}", ["06"], (ServiceDomain.Housing, false))).ToArray();

        var suggestion = Suggest(DomesticAdult, [new OpenNeed(ServiceDomain.Housing, Timeframe.Immediate)], directory: directory)
            .Single(suggestion => suggestion.Title == TitleOf("emergency_shelter"));

        suggestion.Providers.ShouldBe(["shelter-1", "shelter-2", "shelter-3", "shelter-4", "shelter-5"]);
    }
}
