using System.Text.Json.Nodes;
using PivotCase.Api.Statistics;
using PivotCase.Tests.Support;
using PivotCase.Tests.Unit;

namespace PivotCase.Tests.Statistics;

public sealed class CaseStatisticsTests(AppFixture app) : StatisticsTest(app)
{
    private static readonly Profile Montreal = new("06", "international", "woman", "18_24", ["sexual_exploitation"]);
    private static readonly Profile MontrealDomestic = new("06", "domestic", "woman", "25_34", ["sexual_exploitation", "forced_labour"]);
    private static readonly Profile CapitaleNationale = new("03", "domestic", "man", "25_34", ["forced_labour"]);
    private static readonly Profile CapitaleNationaleInternational = new("03", "international", "man", "18_24", ["forced_labour"]);
    private static readonly Profile CoteNord = new("09", "domestic", "woman", "14_17", ["forced_marriage"]);

    /// <summary>The cases that count today (research consent in force), by profile.</summary>
    private static readonly (Profile Profile, int Cases)[] Counted2026 =
        [(Montreal, 13), (MontrealDomestic, 11), (CapitaleNationale, 10), (CapitaleNationaleInternational, 2), (CoteNord, 3)];

    private static readonly (Profile Profile, int Cases)[] Counted2025 =
        [(CapitaleNationale with { OpenedOn = "2025-06-15" }, 10), (Montreal with { OpenedOn = "2025-11-20" }, 1)];

    /// <summary>
    /// 2026: 39 cases counted (24 in Montréal, 12 in Capitale-Nationale, 3 on the Côte-Nord), one of them under a consent
    /// that expires on 10 March; 4 more without consent and one whose consent was withdrawn. 2025: 11 cases counted.
    /// </summary>
    private async Task SeedCoalition()
    {
        await OpenCases(12, Montreal);
        await OpenCase(Montreal, consentExpiresOn: "2026-03-10");
        await OpenCases(11, MontrealDomestic);
        await OpenCases(10, CapitaleNationale);
        await OpenCases(2, CapitaleNationaleInternational);
        await OpenCases(3, CoteNord);
        await OpenCases(4, Montreal, consent: false);
        var withdrawn = await OpenCase(Montreal, consent: false);
        var consentId = await GiveResearchConsent(withdrawn);
        await Post($"/api/cases/{withdrawn}/consents/{consentId}/withdraw", new { }, Worker, 200);
        foreach (var (profile, cases) in Counted2025) await OpenCases(cases, profile);
    }

    [Fact]
    public async Task Incidence_by_region_counts_the_consenting_cases_and_withholds_small_counts()
    {
        await SeedCoalition();

        var answer = await Statistics("/api/statistics/cases?groupBy=region");

        var byRegion = CountsBy(answer, "region");
        byRegion.Keys.ShouldBe(Enumerable.Range(1, 17).Select(code => code.ToString("00")));
        byRegion["06"].ShouldBe(24);
        byRegion["03"].ShouldBe(12);
        byRegion.Where(pair => pair.Key is not ("06" or "03")).ShouldAllBe(pair => pair.Value == null);
        Cells(answer).Where(cell => cell["count"] == null).ShouldAllBe(cell => cell["suppressed"]!.GetValue<bool>());
        Cells(answer).Where(cell => cell["count"] != null).ShouldAllBe(cell => !cell["suppressed"]!.GetValue<bool>());
        Total(answer).ShouldBe(39);
        answer["totalSuppressed"]!.GetValue<bool>().ShouldBeFalse();

        answer["threshold"]!.GetValue<int>().ShouldBe(10);
        answer["countsDistinctCases"]!.GetValue<bool>().ShouldBeTrue();
        answer["consentRequired"]!.GetValue<bool>().ShouldBeTrue();
        answer["multiValuedDimensions"]!.AsArray().Select(name => name!.GetValue<string>()).ShouldBe(["exploitationType"]);
        answer["period"]!.ToJsonString().ShouldBe("""{"from":"2026-01-01","to":"2026-12-31"}""");
    }

    [Fact]
    public async Task A_lone_small_count_is_hidden_with_a_complementary_one()
    {
        await SeedCoalition();

        var byGender = CountsBy(await Statistics("/api/statistics/cases?groupBy=gender"), "gender");

        // 27 women, 12 men and three empty categories: published alone, the 12 would tell that the others are all zero.
        byGender.ShouldBe(new Dictionary<string, int?>
        {
            ["woman"] = 27, ["man"] = null, ["non_binary"] = null, ["other"] = null, ["undisclosed"] = null
        });
    }

    [Fact]
    public async Task A_case_with_several_exploitation_types_counts_once_per_type()
    {
        await SeedCoalition();

        var answer = await Statistics("/api/statistics/cases?groupBy=exploitationType,year");

        var published = Cells(answer).Where(cell => cell["count"] != null).ToList();
        published.Select(cell => (cell["exploitationType"]!.GetValue<string>(), cell["year"]!.GetValue<int>(), cell["count"]!.GetValue<int>()))
            .ShouldBe([("sexual_exploitation", 2026, 24), ("forced_labour", 2026, 23)]);
        Cells(answer).Count().ShouldBe(6);
        Total(answer).ShouldBe(39);
        published.Sum(cell => cell["count"]!.GetValue<int>()).ShouldBeGreaterThan(39);
        answer["notes"]!.AsArray().ShouldContain(note => note!.GetValue<string>().Contains("counts once per type"));
    }

    [Fact]
    public async Task The_same_query_gives_the_same_answer_and_csv_gives_the_same_table()
    {
        await SeedCoalition();
        const string url = "/api/statistics/cases?groupBy=region,gender";

        var first = await StatisticsBody(url);
        var second = await StatisticsBody(url);
        second.ShouldBe(first);

        var response = await Send(HttpMethod.Get, url, null, Bearer(Researcher), 200, new Dictionary<string, string> { ["Accept"] = "text/csv" });
        response.ContentType.ShouldStartWith("text/csv");
        var lines = response.Body.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("region,gender,count,suppressed");
        var json = JsonNode.Parse(first)!;
        lines.Skip(1).ShouldBe([
            .. Cells(json).Select(cell =>
                $"{cell["region"]},{cell["gender"]},{cell["count"]?.GetValue<int>().ToString() ?? ""},{(cell["suppressed"]!.GetValue<bool>() ? "true" : "false")}"),
            $",,{Total(json)},false"
        ]);
        lines.ShouldContain("09,woman,,true");
        (await StatisticsBody(url, accept: "text/csv")).ShouldBe(response.Body);
    }

    [Fact]
    public async Task Cases_without_a_research_consent_in_force_are_not_counted()
    {
        await SeedCoalition();
        CountsBy(await Statistics("/api/statistics/cases?groupBy=region"), "region")["06"].ShouldBe(24);

        App.Clock.Advance(TimeSpan.FromDays(14));

        var answer = await Statistics("/api/statistics/cases?groupBy=region");
        CountsBy(answer, "region")["06"].ShouldBe(23);
        Total(answer).ShouldBe(38);
    }

    [Fact]
    public async Task A_two_way_table_publishes_true_counts_and_nothing_from_which_a_withheld_one_follows()
    {
        await SeedCoalition();

        var attack = await AttackWith("region", "trafficking");

        attack.Published.Select(cell => (cell["region"]!.GetValue<string>(), cell["trafficking"]!.GetValue<string>(), cell["count"]!.GetValue<int>()))
            .ShouldBe([("06", "domestic", 11), ("06", "international", 13)]);
        foreach (var variable in attack.Attacker.Withheld())
            attack.Attacker.HasRange(variable).ShouldBeTrue($"entry {variable} of region × trafficking");
    }

    [Fact]
    public async Task A_differencing_attack_between_overlapping_groupings_cannot_recover_a_withheld_count()
    {
        await SeedCoalition();

        // Côte-Nord's 3 cases are withheld by region; by region and gender, every published number adds to what the
        // attacker knows, and still no withheld count, Côte-Nord's included, has a single possible value.
        var byRegion = CountsBy(await Statistics("/api/statistics/cases?groupBy=region"), "region");
        byRegion["09"].ShouldBeNull();
        var attack = await AttackWith("region", "gender");

        foreach (var variable in attack.Attacker.Withheld())
            attack.Attacker.HasRange(variable).ShouldBeTrue($"entry {variable} of region × gender");
    }

    [Fact]
    public async Task A_differencing_attack_between_overlapping_periods_only_finds_published_numbers()
    {
        await SeedCoalition();

        var both = await Statistics("/api/statistics/cases?groupBy=region&from=2025-01-01");
        var thisYear = await Statistics("/api/statistics/cases?groupBy=region");
        var lastYear = await Statistics("/api/statistics/cases?groupBy=region&from=2025-01-01&to=2025-12-31");

        // One Montréal case of 2025: 25 over both years against 24 this year would have given it away.
        CountsBy(both, "region")["06"].ShouldBeNull();
        CountsBy(both, "region")["03"].ShouldBe(22);
        CountsBy(lastYear, "region")["03"].ShouldBe(10);
        Total(both).ShouldBe(50);
        foreach (var (region, count) in CountsBy(both, "region"))
            if (count is not null && CountsBy(thisYear, "region")[region] is { } current)
                CountsBy(lastYear, "region")[region].ShouldBe(count - current);
        Total(lastYear).ShouldBe(Total(both) - Total(thisYear));

        // Periods are whole years: moving from by a day cannot isolate the cases of that day.
        (await StatisticsBody("/api/statistics/cases?groupBy=region&from=2026-03-02")).ShouldBe(
            await StatisticsBody("/api/statistics/cases?groupBy=region"));
    }

    [Fact]
    public async Task Every_figure_over_several_years_is_the_sum_of_figures_published_for_each_year()
    {
        await SeedCoalition();

        var byYear = await Statistics("/api/statistics/cases?groupBy=year,region&from=2025-01-01");

        Cells(byYear).Count().ShouldBe(34);
        Cells(byYear).First()["year"]!.GetValue<int>().ShouldBe(2025);
        var montreal = Cells(byYear).Where(cell => cell["region"]!.GetValue<string>() == "06")
            .ToDictionary(cell => cell["year"]!.GetValue<int>(), cell => cell["count"]?.GetValue<int>());
        montreal.ShouldBe(new Dictionary<int, int?> { [2025] = null, [2026] = 24 });
        Total(byYear).ShouldBe(50);
        CountsBy(await Statistics("/api/statistics/cases?groupBy=year&from=2025-01-01"), "year")
            .ShouldBe(new Dictionary<string, int?> { ["2025"] = 11, ["2026"] = 39 });
    }

    [Theory]
    [InlineData("region", "gender")]
    [InlineData("ageGroup", "trafficking")]
    [InlineData("exploitationType", "accessPoint")]
    public async Task Naming_the_two_dimensions_in_the_other_order_publishes_the_same_cells(string one, string other)
    {
        await SeedCoalition();

        var forward = await Statistics($"/api/statistics/cases?groupBy={one},{other}");
        var backward = await Statistics($"/api/statistics/cases?groupBy={other},{one}");

        static List<string> Published(JsonNode answer, string one, string other) => Cells(answer)
            .Select(cell => $"{cell[one]}|{cell[other]}|{cell["count"]?.ToString() ?? "withheld"}").Order(StringComparer.Ordinal).ToList();
        Published(backward, one, other).ShouldBe(Published(forward, one, other));
        Total(backward).ShouldBe(Total(forward));
        Cells(backward).First()[other]!.ToString().ShouldBe(Cells(backward).Skip(1).First()[other]!.ToString());
    }

    private sealed record Attack(Attacker Attacker, IReadOnlyList<JsonNode> Published);

    /// <summary>
    /// What an attacker holding the two-way answer and both one-way answers knows, against the truth of the seeded
    /// cases (2026).
    /// </summary>
    private async Task<Attack> AttackWith(string rowDimension, string columnDimension)
    {
        var table = await Statistics($"/api/statistics/cases?groupBy={rowDimension},{columnDimension}");
        var rows = await Statistics($"/api/statistics/cases?groupBy={rowDimension}");
        var columns = await Statistics($"/api/statistics/cases?groupBy={columnDimension}");
        var rowValues = Cells(rows).Select(cell => cell[rowDimension]!.ToString()).ToList();
        var columnValues = Cells(columns).Select(cell => cell[columnDimension]!.ToString()).ToList();

        int Truth(string? row, string? column) => Counted2026
            .Where(pair => (row is null || pair.Profile.ValueOf(rowDimension) == row) && (column is null || pair.Profile.ValueOf(columnDimension) == column))
            .Sum(pair => pair.Cases);

        var cells = Cells(table).ToList();
        bool Withheld(JsonNode cell) => cell["suppressed"]!.GetValue<bool>();
        foreach (var cell in cells.Where(cell => !Withheld(cell)))
            cell["count"]!.GetValue<int>().ShouldBe(Truth(cell[rowDimension]!.ToString(), cell[columnDimension]!.ToString()));

        var truth = rowValues.Select(row => columnValues.Select(column => Truth(row, column)).ToArray()).ToArray();
        var pattern = new TwoWayPattern(
            rowValues.Select((row, index) => (IReadOnlyList<bool>)cells.Skip(index * columnValues.Count).Take(columnValues.Count).Select(Withheld).ToList()).ToList(),
            Cells(rows).Select(Withheld).ToList(), Cells(columns).Select(Withheld).ToList(), rows["totalSuppressed"]!.GetValue<bool>());
        var attacker = Attacker.OfTwoWay(truth, rowValues.Select(row => Truth(row, null)).ToArray(),
            columnValues.Select(column => Truth(null, column)).ToArray(), Truth(null, null), pattern);
        return new Attack(attacker, cells.Where(cell => !Withheld(cell)).ToList());
    }
}
