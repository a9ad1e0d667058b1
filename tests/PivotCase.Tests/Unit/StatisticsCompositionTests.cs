using PivotCase.Api.Cases;
using PivotCase.Api.Recovery;
using PivotCase.Api.Referrals;
using PivotCase.Api.Statistics;
using PivotCase.Api.Steps;
using PivotCase.Api.Platform.Http;

namespace PivotCase.Tests.Unit;

/// <summary>The statistics' pure parts: the de-identified row, who is counted, and how yearly tables add up.</summary>
public sealed class StatisticsCompositionTests
{
    private static readonly DateOnly Today = new(2026, 3, 2);
    private static readonly DateTimeOffset OpenedAt = new(2026, 3, 2, 14, 0, 0, TimeSpan.Zero);

    private static StatisticalCase Row() => StatisticalCaseProjection.Create(new CaseOpened(Guid.NewGuid(), "cathii", "worker-1",
        AccessPoint.Police, [ExploitationType.ForcedLabour, ExploitationType.SexualExploitation], TraffickingScope.International,
        AgeGroup.From18To24, Gender.Woman, "06", Today, OpenedAt, null, "worker-1", OpenedAt));

    private static ConsentGiven Consent(Guid caseId, ConsentScope scope = ConsentScope.ResearchStatistics, DateOnly? expiresOn = null) =>
        new(caseId, Guid.NewGuid(), scope, scope == ConsentScope.ShareWithOrganization ? "autre" : null, false, Today, expiresOn,
            "worker-1", OpenedAt);

    [Fact]
    public void A_case_counts_while_a_research_consent_is_neither_withdrawn_nor_expired()
    {
        var row = Row();
        new StatisticalPopulation(RequireResearchConsent: true, Today).Counts(row).ShouldBeFalse();

        var sharing = StatisticalCaseProjection.Apply(Consent(row.Id, ConsentScope.ShareWithOrganization), row);
        new StatisticalPopulation(true, Today).Counts(sharing).ShouldBeFalse();

        var expiring = Consent(row.Id, expiresOn: new DateOnly(2026, 3, 10));
        var consented = StatisticalCaseProjection.Apply(expiring, sharing);
        consented.ResearchConsentUntil.ShouldBe(new DateOnly(2026, 3, 10));
        new StatisticalPopulation(true, new DateOnly(2026, 3, 10)).Counts(consented).ShouldBeTrue();
        new StatisticalPopulation(true, new DateOnly(2026, 3, 11)).Counts(consented).ShouldBeFalse();

        var lasting = Consent(row.Id);
        var both = StatisticalCaseProjection.Apply(lasting, consented);
        both.ResearchConsentUntil.ShouldBe(DateOnly.MaxValue);
        var withdrawn = StatisticalCaseProjection.Apply(new ConsentWithdrawn(row.Id, lasting.ConsentId, "worker-1", OpenedAt), both);
        withdrawn.ResearchConsentUntil.ShouldBe(new DateOnly(2026, 3, 10));
    }

    [Fact]
    public void Without_the_consent_requirement_every_case_counts()
    {
        var population = new StatisticalPopulation(RequireResearchConsent: false, Today);

        population.Counts(Row()).ShouldBeTrue();
        population.Condition.Sql.ShouldBe("true");
        population.Condition.Parameters.ShouldBeEmpty();
        new StatisticalPopulation(true, Today).Condition.Parameters.ShouldBe([Today]);
    }

    [Fact]
    public void The_row_keeps_service_facts_and_never_an_organisation_a_worker_or_free_text()
    {
        var row = Row();
        var needId = Guid.NewGuid();
        var (housing, laterHousing, legal, safety) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        row = StatisticalCaseProjection.Apply(new NeedRecorded(row.Id, needId, ServiceDomain.Housing, Timeframe.Immediate, "secret", "worker-1", OpenedAt), row);
        row = StatisticalCaseProjection.Apply(new NeedRecorded(row.Id, Guid.NewGuid(), ServiceDomain.Health, Timeframe.Immediate, null, "worker-1", OpenedAt), row);
        row = StatisticalCaseProjection.Apply(new NeedRecorded(row.Id, Guid.NewGuid(), ServiceDomain.Education, Timeframe.LongTerm, null, "worker-1", OpenedAt), row);
        foreach (var (stepId, domain, timeframe, need) in new[]
                 {
                     (housing, ServiceDomain.Housing, Timeframe.Immediate, (Guid?)needId), (laterHousing, ServiceDomain.Housing, Timeframe.ShortTerm, null),
                     (legal, ServiceDomain.Legal, Timeframe.ShortTerm, null), (safety, ServiceDomain.Safety, Timeframe.Immediate, null)
                 })
            row = StatisticalCaseProjection.Apply(
                new StepPlanned(row.Id, stepId, domain, "title", timeframe, null, "provider", need, "worker-1", OpenedAt), row);
        row = StatisticalCaseProjection.Apply(new StepCompleted(row.Id, laterHousing, "outcome", Today.AddDays(1), "worker-1", OpenedAt.AddDays(1)), row);
        row = StatisticalCaseProjection.Apply(new StepCompleted(row.Id, housing, null, Today.AddDays(3), "worker-1", OpenedAt.AddHours(71)), row);
        row = StatisticalCaseProjection.Apply(new StepCancelled(row.Id, safety, "reason", "worker-1", OpenedAt), row);

        var keys = row.ServiceKeys.Zip(row.ServiceKeySteps).ToDictionary(pair => pair.First, pair => (int)pair.Second);
        keys.ShouldBe(new Dictionary<short, int>
        {
            [ServiceKey.Of(ServiceDomain.Housing, Timeframe.Immediate)] = 1, [ServiceKey.Of(ServiceDomain.Housing, Timeframe.ShortTerm)] = 1,
            [ServiceKey.Of(ServiceDomain.Legal, Timeframe.ShortTerm)] = 1, [ServiceKey.Of(ServiceDomain.Housing, null)] = 2,
            [ServiceKey.Of(ServiceDomain.Legal, null)] = 1, [ServiceKey.Of(null, Timeframe.Immediate)] = 1,
            [ServiceKey.Of(null, Timeframe.ShortTerm)] = 2, [ServiceKey.Of(null, null)] = 3
        }, ignoreOrder: true);
        row.DaysToFirstHousing.ShouldBe(1);
        row.ImmediateNeedCount.ShouldBe(2);
        row.ImmediateNeedsMetInCrisisWindow.ShouldBe(1);
        row.ExploitationTypeNames.ShouldBe(["ForcedLabour", "SexualExploitation"]);
        var json = System.Text.Json.JsonSerializer.Serialize(row);
        json.ShouldNotContain("cathii");
        json.ShouldNotContain("worker-1");
        json.ShouldNotContain("secret");
        json.ShouldNotContain("outcome");
        json.ShouldNotContain("provider");
    }

    [Fact]
    public void A_need_met_after_its_case_first_72_hours_is_not_met_in_the_crisis_window()
    {
        var row = Row();
        var (needId, stepId) = (Guid.NewGuid(), Guid.NewGuid());
        row = StatisticalCaseProjection.Apply(new NeedRecorded(row.Id, needId, ServiceDomain.Safety, Timeframe.Immediate, null, "w", OpenedAt), row);
        row = StatisticalCaseProjection.Apply(new StepPlanned(row.Id, stepId, ServiceDomain.Safety, "t", Timeframe.Immediate, null, null, needId, "w", OpenedAt), row);
        row = StatisticalCaseProjection.Apply(new StepCompleted(row.Id, stepId, null, Today.AddDays(3), "w", OpenedAt.AddHours(72)), row);

        row.ImmediateNeedsMetInCrisisWindow.ShouldBe(0);
    }

    [Fact]
    public void Only_immediate_needs_recorded_within_72_hours_of_the_cases_recording_count_for_the_crisis_window()
    {
        var today = Row();
        NeedRecorded Need(StatisticalCase row, DateTimeOffset at) => new(row.Id, Guid.NewGuid(), ServiceDomain.Safety, Timeframe.Immediate, null, "w", at);

        var later = StatisticalCaseProjection.Apply(Need(today, OpenedAt.AddHours(71)), StatisticalCaseProjection.Apply(Need(today, OpenedAt), today));
        StatisticalCaseProjection.Apply(Need(later, OpenedAt.AddDays(60)), later).ImmediateNeedCount.ShouldBe(2);

        // Opened five days ago and recorded now: the needs typed in with it count, a crisis two months on does not.
        var recordedLate = StatisticalCaseProjection.Create(new CaseOpened(Guid.NewGuid(), "cathii", "worker-1", AccessPoint.Police,
            [ExploitationType.ForcedLabour], TraffickingScope.Domestic, AgeGroup.From18To24, Gender.Woman, "06", Today.AddDays(-5),
            OpenedAt.AddDays(-5), null, "worker-1", OpenedAt));
        var typedIn = StatisticalCaseProjection.Apply(Need(recordedLate, OpenedAt.AddMinutes(10)), recordedLate);
        StatisticalCaseProjection.Apply(Need(typedIn, OpenedAt.AddDays(60)), typedIn).ImmediateNeedCount.ShouldBe(1);
    }

    [Theory]
    [InlineData(2, 100, 1)] // done on the third day, recorded four days late: met
    [InlineData(3, 100, 0)] // done on the fourth day, whose last hours are past the window: not met
    [InlineData(3, 71, 1)]  // recorded done within the 72 hours: met, whatever day is given
    public void A_need_is_met_in_the_crisis_window_by_the_day_its_step_was_done_not_the_day_that_was_recorded(
        int doneOnDay, int recordedAfterHours, int met)
    {
        var row = Row();
        var (needId, stepId) = (Guid.NewGuid(), Guid.NewGuid());
        row = StatisticalCaseProjection.Apply(new NeedRecorded(row.Id, needId, ServiceDomain.Safety, Timeframe.Immediate, null, "w", OpenedAt), row);
        row = StatisticalCaseProjection.Apply(new StepPlanned(row.Id, stepId, ServiceDomain.Safety, "t", Timeframe.Immediate, null, null, needId, "w", OpenedAt), row);
        row = StatisticalCaseProjection.Apply(
            new StepCompleted(row.Id, stepId, null, Today.AddDays(doneOnDay), "w", OpenedAt.AddHours(recordedAfterHours)), row);

        row.ImmediateNeedsMetInCrisisWindow.ShouldBe(met);
    }

    [Fact]
    public void Recovery_change_runs_from_the_earliest_to_the_latest_assessment_by_day()
    {
        var row = Row();
        AssessmentRecorded Assessment(int month, int safety) => new(row.Id, Guid.NewGuid(), new DateOnly(2026, month, 1),
            new Dictionary<RecoveryDomain, int> { [RecoveryDomain.Safety] = safety }, RecoveryInstrument.CurrentVersion, "w", OpenedAt);

        row = StatisticalCaseProjection.Apply(Assessment(6, 4), row);
        row.RecoveryChange.ShouldBeEmpty();
        row.RecoveryChanges.ShouldBeNull();
        row = StatisticalCaseProjection.Apply(Assessment(3, 1), row);
        row = StatisticalCaseProjection.Apply(Assessment(4, 5), row);

        row.RecoveryChange.ShouldBe(new Dictionary<RecoveryDomain, int> { [RecoveryDomain.Safety] = 3 });
        row.RecoveryChanges.ShouldBe([(short?)3, null, null, null, null, null, null, null, null, null]);
    }

    [Fact]
    public void Without_a_period_the_query_covers_the_configured_first_year_to_the_current_year()
    {
        CaseQuery.Parse(null, null, null, Today, 2026).Period.ShouldBe(StatisticsPeriod.OfYears(2026, 2026));
        CaseQuery.Parse("region", "2024-05-17", null, Today, 2026).Period.ShouldBe(new StatisticsPeriod(new(2024, 1, 1), new(2026, 12, 31)));
        CaseQuery.Parse("region", null, "2024-05-17", Today, 2026).Period.ShouldBe(StatisticsPeriod.OfYears(2024, 2024));
        CaseQuery.Parse(" gender , year ", null, null, Today, 2026).GroupBy.ShouldBe(["gender", "year"]);
        CaseQuery.Check("gender,year", "2025-02-01", "2025-03-01", Today, 2026).IsEmpty.ShouldBeTrue();
        CaseQuery.Check("gender,year", null, null, Today, 2026).IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void A_figure_over_several_years_is_published_only_when_every_year_publishes_it()
    {
        var query = CaseQuery.Parse("ageGroup", "2025-01-01", null, Today, 2026);
        List<GroupCount> counts =
        [
            new(2025, null, null, 40), new(2025, "From18To24", null, 30), new(2025, "From25To34", null, 6), new(2025, "Under14", null, 4),
            new(2026, null, null, 45), new(2026, "From18To24", null, 20), new(2026, "From25To34", null, 15), new(2026, "From35To49", null, 10)
        ];

        var (cells, total, totalSuppressed) = CaseTable.Compose(query, counts);

        cells.Select(cell => cell.Dimensions["ageGroup"]).ShouldBe(["under_14", "14_17", "18_24", "25_34", "35_49", "50_plus"]);
        var byAge = cells.ToDictionary(cell => (string)cell.Dimensions["ageGroup"], cell => cell.Count);
        byAge["18_24"].ShouldBe(50);
        // 25–34 is 21 over both years, but 6 in 2025: next to 2026's published 15, 21 would give it away.
        byAge["25_34"].ShouldBeNull();
        total.ShouldBe(85);
        totalSuppressed.ShouldBeFalse();
    }

    [Fact]
    public void A_grouping_by_year_lists_the_years_in_the_order_of_the_query()
    {
        List<GroupCount> counts =
        [
            new(2025, null, null, 12), new(2025, "Domestic", null, 12),
            new(2026, null, null, 30), new(2026, "Domestic", null, 14), new(2026, "International", null, 16)
        ];

        var (byYearFirst, _, _) = CaseTable.Compose(CaseQuery.Parse("year,trafficking", "2025-01-01", null, Today, 2026), counts);
        var (byYearLast, total, totalSuppressed) = CaseTable.Compose(CaseQuery.Parse("trafficking,year", "2025-01-01", null, Today, 2026), counts);

        byYearFirst.Select(cell => (cell.Dimensions["year"], cell.Dimensions["trafficking"], cell.Count)).ShouldBe(
            [(2025, "domestic", null), (2025, "international", null), (2026, "domestic", 14), (2026, "international", 16)]);
        byYearLast.Select(cell => (cell.Dimensions["trafficking"], cell.Dimensions["year"])).ShouldBe(
            [("domestic", 2025), ("domestic", 2026), ("international", 2025), ("international", 2026)]);
        byYearLast.Select(cell => cell.Dimensions.Keys.ToList()).ShouldAllBe(keys => keys.SequenceEqual(new[] { "trafficking", "year" }));
        (total, totalSuppressed).ShouldBe((42, false));
    }

    [Fact]
    public void A_dense_two_way_table_of_one_year_is_published()
    {
        var query = CaseQuery.Parse("trafficking,gender", null, null, Today, 2026);
        var counts = TwoWayCounts(query, 2026, (_, _) => 30);

        var (cells, total, _) = CaseTable.Compose(query, counts);

        cells.Count.ShouldBe(10);
        cells.ShouldAllBe(cell => cell.Count == 30 && !cell.Suppressed);
        total.ShouldBe(300);
    }

    [Fact]
    public void A_two_way_table_withholds_the_same_cells_whichever_dimension_is_named_first()
    {
        // A table where protecting rows-by-age and rows-by-scope chose different companions for the one small count
        // (14-17 international, 4): together the two answers and the published margins gave it away.
        int[][] byAgeAndScope = [[19, 12], [12, 4], [78, 27], [15, 63], [51, 79], [18, 27]];
        int Count(string age, string scope) =>
            byAgeAndScope[AgeGroupsInOrder.IndexOf(age)][scope == "domestic" ? 0 : 1];

        var ageFirst = CaseQuery.Parse("ageGroup,trafficking", null, null, Today, 2026);
        var scopeFirst = CaseQuery.Parse("trafficking,ageGroup", null, null, Today, 2026);
        var (ageCells, _, _) = CaseTable.Compose(ageFirst, TwoWayCounts(ageFirst, 2026, (first, second) =>
            ageFirst.Categories[0].Name == "ageGroup" ? Count(first, second) : Count(second, first)));
        var (scopeCells, _, _) = CaseTable.Compose(scopeFirst, TwoWayCounts(scopeFirst, 2026, (first, second) =>
            scopeFirst.Categories[0].Name == "ageGroup" ? Count(first, second) : Count(second, first)));

        static HashSet<(object, object)> Withheld(IEnumerable<StatisticsCell> cells) =>
            cells.Where(cell => cell.Suppressed).Select(cell => (cell.Dimensions["ageGroup"], cell.Dimensions["trafficking"])).ToHashSet();
        Withheld(ageCells).ShouldContain(("14_17", (object)"international"));
        Withheld(scopeCells).ShouldBe(Withheld(ageCells), ignoreOrder: true);
        scopeCells.Select(cell => cell.Dimensions.Keys.ToList()).ShouldAllBe(keys => keys.SequenceEqual(new[] { "trafficking", "ageGroup" }));
        scopeCells.Take(6).ShouldAllBe(cell => (string)cell.Dimensions["trafficking"] == "domestic");
        ageCells.Take(2).ShouldAllBe(cell => (string)cell.Dimensions["ageGroup"] == "under_14");
    }

    private static readonly List<string> AgeGroupsInOrder = ["under_14", "14_17", "18_24", "25_34", "35_49", "50_plus"];

    /// <summary>
    /// The database's counts for a two-way query, as <see cref="StatisticsSql.CaseCounts"/> returns them: by the query's
    /// categories in their own order, with both margins and the total.
    /// </summary>
    private static List<GroupCount> TwoWayCounts(CaseQuery query, int year, Func<string, string, int> count)
    {
        var (first, second) = (query.Categories[0], query.Categories[1]);
        var counts = new List<GroupCount>();
        foreach (var row in first.Values)
        foreach (var column in second.Values)
            counts.Add(new GroupCount(year, row.Stored, column.Stored, count((string)row.Published, (string)column.Published)));
        counts.AddRange(first.Values.Select(row => new GroupCount(year, row.Stored, null,
            counts.Where(cell => cell.First == row.Stored && cell.Second is not null).Sum(cell => cell.Count))));
        counts.AddRange(second.Values.Select(column => new GroupCount(year, null, column.Stored,
            counts.Where(cell => cell.Second == column.Stored && cell.First is not null).Sum(cell => cell.Count))));
        counts.Add(new GroupCount(year, null, null, counts.Where(cell => cell.First is not null && cell.Second is not null).Sum(cell => cell.Count)));
        return counts;
    }

    [Fact]
    public void Csv_quotes_only_what_needs_quoting()
    {
        Csv.Write([["a", "b,c", "say \"hi\""], ["", "1", "true"]]).ShouldBe("a,\"b,c\",\"say \"\"hi\"\"\"\r\n,1,true\r\n");
        Csv.Value(0.83).ShouldBe("0.83");
        Csv.Value(null).ShouldBe("");
        Csv.Value(false).ShouldBe("false");
        Csv.Text("=1+1").ShouldBe("'=1+1");
        Csv.Text("-3 persons").ShouldBe("'-3 persons");
        Csv.Text("Lost list").ShouldBe("Lost list");
        Csv.Text(null).ShouldBe("");
    }
}
