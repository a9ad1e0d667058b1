using System.Text.Json.Nodes;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Statistics;

public sealed class ServiceAndRecoveryStatisticsTests(AppFixture app) : StatisticsTest(app)
{
    private static readonly Profile Survivor = new("06", "international", "woman", "18_24", ["sexual_exploitation"], "2026-01-05");

    /// <summary>
    /// Twelve consenting cases opened on 2 March, each with an immediate housing need and steps in every timeframe of
    /// housing and legal aid (two short-term legal steps each) and a cancelled safety step. The housing step meeting
    /// the need is done at once in four cases, two days later in six, never in two. Two more cases, without consent,
    /// have the same steps.
    /// </summary>
    private async Task SeedServices()
    {
        var doneLater = new List<(Guid CaseId, Guid StepId)>();
        for (var index = 0; index < 14; index++)
        {
            var caseId = await OpenCase(Survivor with { OpenedOn = null }, consent: index < 12);
            var needId = (await Post($"/api/cases/{caseId}/needs", new { domain = "housing", timeframe = "immediate" }, Worker, 201))
                .Json["needId"]!.GetValue<Guid>();
            var housing = await PlanStep(caseId, new
            {
                domain = "housing", title = "Emergency shelter", timeframe = "immediate", needId, status = index < 4 ? "done" : "planned"
            });
            if (index is >= 4 and < 10) doneLater.Add((caseId, housing));
            await PlanStep(caseId, new { domain = "housing", title = "Transitional housing", timeframe = "short_term" });
            await PlanStep(caseId, new { domain = "housing", title = "Social housing application", timeframe = "long_term" });
            await PlanStep(caseId, new { domain = "legal", title = "Legal aid intake", timeframe = "immediate" });
            await PlanStep(caseId, new { domain = "legal", title = "Meet a lawyer", timeframe = "short_term" });
            await PlanStep(caseId, new { domain = "legal", title = "Prepare testimony", timeframe = "short_term" });
            await PlanStep(caseId, new { domain = "legal", title = "Civil claim", timeframe = "long_term" });
            var safety = await PlanStep(caseId, new { domain = "safety", title = "Safety plan", timeframe = "immediate" });
            await Post($"/api/cases/{caseId}/steps/{safety}/cancel", new { reason = "Planned twice" }, Worker, 200);
        }

        App.Clock.Advance(TimeSpan.FromDays(2));
        foreach (var (caseId, stepId) in doneLater) await Post($"/api/cases/{caseId}/steps/{stepId}/complete", new { }, Worker, 200);
    }

    [Fact]
    public async Task Steps_are_counted_in_cases_by_domain_and_timeframe_under_disclosure_control()
    {
        await SeedServices();

        var steps = (await Statistics("/api/statistics/services"))["stepsByDomainAndTimeframe"]!;

        var cells = steps["cells"]!.AsArray().Select(cell => cell!).ToList();
        cells.Count.ShouldBe(17 * 3);
        cells.Where(cell => cell["count"] != null)
            .Select(cell => (cell["domain"]!.GetValue<string>(), cell["timeframe"]!.GetValue<string>(), cell["count"]!.GetValue<int>(),
                cell["steps"]!.GetValue<int>()))
            .ShouldBe([("legal", "immediate", 12, 12), ("legal", "short_term", 12, 24), ("legal", "long_term", 12, 12)]);
        cells.Where(cell => cell["count"] == null).ShouldAllBe(cell => cell["steps"] == null && cell["suppressed"]!.GetValue<bool>());
        // Housing has as many cases as legal aid, but published beside the total it would show every other domain empty.
        cells.Where(cell => cell["domain"]!.GetValue<string>() == "housing").ShouldAllBe(cell => cell["count"] == null);
        steps["total"]!.GetValue<int>().ShouldBe(12);

        (await StatisticsBody("/api/statistics/services")).ShouldBe(await StatisticsBody("/api/statistics/services"));
    }

    [Fact]
    public async Task Time_to_housing_and_needs_met_within_72_hours_are_given_for_groups_of_ten_or_more()
    {
        await SeedServices();

        var early = await Statistics("/api/statistics/services");
        early["daysToFirstHousingStepDone"]!["cases"]!.GetValue<int>().ShouldBe(10);
        early["daysToFirstHousingStepDone"]!["median"]!.GetValue<double>().ShouldBe(2);
        // Two days in, no case's 72 hours are over yet.
        early["immediateNeedsMetWithin72Hours"]!["cases"].ShouldBeNull();
        early["immediateNeedsMetWithin72Hours"]!["share"].ShouldBeNull();
        early["immediateNeedsMetWithin72Hours"]!["suppressed"]!.GetValue<bool>().ShouldBeTrue();

        App.Clock.Advance(TimeSpan.FromDays(2));
        var needs = (await Statistics("/api/statistics/services"))["immediateNeedsMetWithin72Hours"]!;

        needs["cases"]!.GetValue<int>().ShouldBe(12);
        needs["share"]!.GetValue<double>().ShouldBe(0.83);
        needs["suppressed"]!.GetValue<bool>().ShouldBeFalse();

        // A new crisis months later is an immediate need of its own, but not one the first 72 hours could have met.
        App.Clock.Advance(TimeSpan.FromDays(60));
        var cases = (await Get("/api/cases?pageSize=20", Worker, 200)).Json["items"]!.AsArray()
            .Select(item => item!["id"]!.GetValue<Guid>()).ToList();
        cases.Count.ShouldBe(14);
        foreach (var caseId in cases)
            await Post($"/api/cases/{caseId}/needs", new { domain = "safety", timeframe = "immediate" }, Worker, 201);
        var later = (await Statistics("/api/statistics/services"))["immediateNeedsMetWithin72Hours"]!;
        later["cases"]!.GetValue<int>().ShouldBe(12);
        later["share"]!.GetValue<double>().ShouldBe(0.83);
    }

    [Fact]
    public async Task A_median_of_fewer_than_ten_cases_is_withheld()
    {
        for (var index = 0; index < 9; index++)
        {
            var caseId = await OpenCase(Survivor with { OpenedOn = null });
            await PlanStep(caseId, new { domain = "housing", title = "Shelter", timeframe = "immediate", status = "done" });
        }

        var housing = (await Statistics("/api/statistics/services"))["daysToFirstHousingStepDone"]!;

        housing["cases"].ShouldBeNull();
        housing["median"].ShouldBeNull();
        housing["suppressed"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task Services_as_csv_give_the_same_figures()
    {
        await SeedServices();
        App.Clock.Advance(TimeSpan.FromDays(2));

        var json = await Statistics("/api/statistics/services");
        var lines = (await StatisticsBody("/api/statistics/services", accept: "text/csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        lines[0].ShouldBe("measure,domain,timeframe,cases,value,suppressed");
        lines.ShouldContain("steps,legal,short_term,12,24,false");
        lines.ShouldContain("steps,housing,immediate,,,true");
        lines.ShouldContain("steps,,,12,,false");
        lines.ShouldContain("days_to_first_housing_step_done,housing,,10,2,false");
        lines.ShouldContain("immediate_needs_met_within_72_hours,,immediate,12,0.83,false");
        lines.Length.ShouldBe(1 + json["stepsByDomainAndTimeframe"]!["cells"]!.AsArray().Count + 3);
    }

    /// <summary>
    /// Eleven consenting cases assessed twice: safety from 1 to 3 in six, from 2 to 3 in five; housing scored twice in
    /// four of them only. One more consenting case assessed once, one without consent assessed twice.
    /// </summary>
    private async Task SeedRecovery()
    {
        async Task Assess(Guid caseId, string on, object scores) =>
            await Post($"/api/cases/{caseId}/assessments", new { assessedOn = on, scores }, Worker, 201);

        for (var index = 0; index < 11; index++)
        {
            var caseId = await OpenCase(Survivor);
            var safety = index < 6 ? 1 : 2;
            if (index < 4)
            {
                await Assess(caseId, "2026-01-10", new { safety, housing = 2 });
                await Assess(caseId, "2026-03-01", new { safety = 3, housing = 4 });
            }
            else
            {
                await Assess(caseId, "2026-03-01", new { safety = 3 });
                await Assess(caseId, "2026-01-10", new { safety });
            }
        }

        await Assess(await OpenCase(Survivor), "2026-01-10", new { safety = 1 });
        var unconsented = await OpenCase(Survivor, consent: false);
        await Assess(unconsented, "2026-01-10", new { safety = 5 });
        await Assess(unconsented, "2026-03-01", new { safety = 1 });
    }

    [Fact]
    public async Task Recovery_gives_mean_and_median_change_per_domain_for_groups_of_ten_or_more()
    {
        await SeedRecovery();

        var answer = await Statistics("/api/statistics/recovery");

        answer["casesWithTwoOrMoreAssessments"]!.GetValue<int>().ShouldBe(11);
        var domains = answer["domains"]!.AsArray().ToDictionary(domain => domain!["domain"]!.GetValue<string>(), domain => domain!);
        domains.Count.ShouldBe(10);
        domains["safety"]["cases"]!.GetValue<int>().ShouldBe(11);
        domains["safety"]["averageChange"]!.GetValue<double>().ShouldBe(1.55);
        domains["safety"]["medianChange"]!.GetValue<double>().ShouldBe(2);
        domains["safety"]["suppressed"]!.GetValue<bool>().ShouldBeFalse();
        domains.Where(pair => pair.Key != "safety").ShouldAllBe(pair =>
            pair.Value["cases"] == null && pair.Value["averageChange"] == null && pair.Value["medianChange"] == null
            && pair.Value["suppressed"]!.GetValue<bool>());

        var lines = (await StatisticsBody("/api/statistics/recovery", accept: "text/csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("domain,cases,averageChange,medianChange,suppressed");
        lines.ShouldContain("safety,11,1.55,2,false");
        lines.ShouldContain("housing,,,,true");
        lines[^1].ShouldBe(",11,,,false");

        (await StatisticsBody("/api/statistics/recovery")).ShouldBe(await StatisticsBody("/api/statistics/recovery"));
    }

    [Fact]
    public async Task Statistics_never_carry_personal_details_nor_case_ids()
    {
        var caseIds = new List<Guid>();
        for (var index = 0; index < 12; index++)
        {
            var caseId = await OpenCase(Survivor, personalDetails: Bodies.CanaryDetails);
            caseIds.Add(caseId);
            await PlanStep(caseId, new { domain = "housing", title = $"{Bodies.Canary} shelter", timeframe = "immediate", status = "done" });
            await Post($"/api/cases/{caseId}/assessments", new { assessedOn = "2026-01-10", scores = new { safety = 1 } }, Worker, 201);
            await Post($"/api/cases/{caseId}/assessments", new { assessedOn = "2026-03-01", scores = new { safety = 2 } }, Worker, 201);
        }

        var bodies = new List<string>();
        foreach (var url in new[] { "/api/statistics/cases?groupBy=region,ageGroup", "/api/statistics/services", "/api/statistics/recovery" })
        {
            bodies.Add(await StatisticsBody(url));
            bodies.Add(await StatisticsBody(url, accept: "text/csv"));
        }

        JsonNode.Parse(bodies[0])!["total"]!.GetValue<int>().ShouldBe(12);
        foreach (var body in bodies)
        {
            body.ShouldNotContain(Bodies.Canary, Case.Insensitive);
            body.ShouldNotContain("514-555");
            body.ShouldNotContain("2004-05-06");
            foreach (var caseId in caseIds) body.ShouldNotContain(caseId.ToString(), Case.Insensitive);
        }
    }
}
