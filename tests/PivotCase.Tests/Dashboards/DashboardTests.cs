using System.Text.Json.Nodes;
using PivotCase.Tests.Support;
using PivotCase.Tests.Cases;

namespace PivotCase.Tests.Dashboards;

public sealed class DashboardTests(AppFixture app) : IntegrationTest(app)
{
    private static readonly TestUser SecondWorker = TestUser.Caseworker("cathii", "worker-2");
    private static readonly TestUser OtherSupervisor = TestUser.Supervisor("autre", "supervisor-9");

    private async Task<JsonNode> Dashboard(TestUser? user = null)
    {
        await ProjectionsCaughtUp();
        return (await Get("/api/dashboard", user ?? Supervisor, 200)).Json;
    }

    [Fact]
    public async Task Open_cases_are_counted_per_organisation_and_per_worker()
    {
        await OpenCase(Worker);
        await OpenCase(Worker);
        await OpenCase(SecondWorker);
        var closed = await OpenCase(SecondWorker);
        await Post($"/api/cases/{closed}/close", new { reason = "goals_met" }, SecondWorker, 200);
        await OpenCase(OtherOrgWorker);

        var dashboard = await Dashboard();

        dashboard["organization"]!.GetValue<string>().ShouldBe("cathii");
        dashboard["openCases"]!.GetValue<int>().ShouldBe(3);
        var byWorker = dashboard["casesByWorker"]!.AsArray()
            .ToDictionary(load => load!["worker"]!.GetValue<string>(), load => load!["open"]!.GetValue<int>());
        byWorker.ShouldBe(new Dictionary<string, int> { ["worker-1"] = 2, ["worker-2"] = 1 });

        (await Dashboard(OtherSupervisor))["openCases"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task A_transfer_to_a_colleague_moves_the_case_between_their_loads_and_worklists()
    {
        var caseId = await OpenCase(body: Bodies.NewCase(openedOn: "2026-02-27"));
        await PlanStep(caseId, new { domain = "legal", title = "Legal aid appointment", timeframe = "short_term", dueOn = "2026-03-01" });

        await Post($"/api/cases/{caseId}/transfer", new { toWorker = SecondWorker.Sub }, Worker, 200);

        var dashboard = await Dashboard();
        dashboard["casesByWorker"]!.AsArray().Select(load => (load!["worker"]!.GetValue<string>(), load["open"]!.GetValue<int>()))
            .ShouldBe([(SecondWorker.Sub, 1)]);
        var mine = (await Get("/api/worklist", Worker, 200)).Json;
        mine["openCases"]!.GetValue<int>().ShouldBe(0);
        mine["overdueSteps"]!.AsArray().ShouldBeEmpty();
        var theirs = (await Get("/api/worklist", SecondWorker, 200)).Json;
        theirs["openCases"]!.GetValue<int>().ShouldBe(1);
        theirs["overdueSteps"]!.AsArray().ShouldHaveSingleItem()!["caseId"]!.GetValue<Guid>().ShouldBe(caseId);
    }

    [Fact]
    public async Task A_step_logged_through_the_api_shows_on_the_dashboard()
    {
        var caseId = await OpenCase(body: Bodies.NewCase(openedOn: "2026-02-27"));
        (await Dashboard())["overdueSteps"]!.AsArray().ShouldBeEmpty();

        await PlanStep(caseId, new { domain = "legal", title = "Legal aid appointment", timeframe = "short_term", dueOn = "2026-03-01" });

        var overdue = (await Dashboard())["overdueSteps"]!.AsArray().ShouldHaveSingleItem()!;
        overdue["caseId"]!.GetValue<Guid>().ShouldBe(caseId);
        overdue["domain"]!.GetValue<string>().ShouldBe("legal");
        overdue["dueOn"]!.GetValue<string>().ShouldBe("2026-03-01");
        overdue["daysOverdue"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task Overdue_steps_are_judged_against_the_clock_at_read_time()
    {
        var caseId = await OpenCase();
        var stepId = await PlanStep(caseId, new { domain = "housing", title = "Visit apartment", timeframe = "short_term", dueOn = "2026-03-10" });
        (await Dashboard())["overdueSteps"]!.AsArray().ShouldBeEmpty();
        App.Clock.Advance(TimeSpan.FromDays(8));
        (await Dashboard())["overdueSteps"]!.AsArray().ShouldBeEmpty("a step due today is not overdue yet");
        App.Clock.Advance(TimeSpan.FromDays(1));
        (await Dashboard())["overdueSteps"]!.AsArray().ShouldHaveSingleItem()!["daysOverdue"]!.GetValue<int>().ShouldBe(1);

        App.Clock.Advance(TimeSpan.FromDays(1));

        var overdue = (await Dashboard())["overdueSteps"]!.AsArray().ShouldHaveSingleItem()!;
        overdue["stepId"]!.GetValue<Guid>().ShouldBe(stepId);
        overdue["daysOverdue"]!.GetValue<int>().ShouldBe(2);

        await Post($"/api/cases/{caseId}/steps/{stepId}/complete", new { }, Worker, 200);
        (await Dashboard())["overdueSteps"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Cases_in_their_crisis_window_show_hours_left_and_open_immediate_needs()
    {
        var caseId = await OpenCase();
        var safety = (await Post($"/api/cases/{caseId}/needs", new { domain = "safety", timeframe = "immediate" }, Worker, 201)).Json["needId"];
        await Post($"/api/cases/{caseId}/needs", new { domain = "education", timeframe = "long_term" }, Worker, 201);
        var housing = (await Post($"/api/cases/{caseId}/needs", new { domain = "housing", timeframe = "immediate" }, Worker, 201)).Json["needId"];
        var shelter = await PlanStep(caseId, new { domain = "housing", title = "Shelter bed", timeframe = "immediate", needId = housing });
        await Post($"/api/cases/{caseId}/steps/{shelter}/complete", new { }, Worker, 200);
        App.Clock.Advance(TimeSpan.FromHours(30));

        var crisis = (await Dashboard())["crisisWindow"]!.AsArray().ShouldHaveSingleItem()!;
        crisis["caseId"]!.GetValue<Guid>().ShouldBe(caseId);
        crisis["hoursLeft"]!.GetValue<double>().ShouldBe(42);
        crisis["openImmediateNeeds"]!.AsArray().Select(need => need!.GetValue<string>()).ShouldBe(["safety"]);

        // A step done before it was linked meets its need once linked.
        var safetyPlan = await PlanStep(caseId, new { domain = "safety", title = "Safety plan", timeframe = "immediate" });
        await Post($"/api/cases/{caseId}/steps/{safetyPlan}/complete", new { }, Worker, 200);
        (await Dashboard())["crisisWindow"]!.AsArray().ShouldHaveSingleItem()!["openImmediateNeeds"]!.AsArray().Count.ShouldBe(1);
        await Post($"/api/cases/{caseId}/steps/{safetyPlan}/need", new { needId = safety }, Worker, 200);
        (await Dashboard())["crisisWindow"]!.AsArray().ShouldHaveSingleItem()!["openImmediateNeeds"]!.AsArray().ShouldBeEmpty();

        App.Clock.Advance(TimeSpan.FromHours(43));
        (await Dashboard())["crisisWindow"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Deadlines_within_sixty_days_are_listed()
    {
        var caseId = await OpenCase();
        await Post($"/api/cases/{caseId}/immigration", new { kind = "trp_issued", on = "2026-03-01", validUntil = "2026-04-20" }, Worker, 201);
        await Post($"/api/cases/{caseId}/immigration", new { kind = "work_permit_issued", on = "2026-03-01", validUntil = "2026-12-01" }, Worker, 201);
        var sixtyDaysAhead = await OpenCase();
        await Post($"/api/cases/{sixtyDaysAhead}/immigration", new { kind = "trp_issued", on = "2026-03-01", validUntil = "2026-05-01" }, Worker, 201);
        var sixtyOneDaysAhead = await OpenCase();
        await Post($"/api/cases/{sixtyOneDaysAhead}/immigration", new { kind = "trp_issued", on = "2026-03-01", validUntil = "2026-05-02" }, Worker, 201);

        var deadlines = (await Dashboard())["deadlines"]!.AsArray();
        deadlines.Select(deadline => (deadline!["caseId"]!.GetValue<Guid>(), deadline["kind"]!.GetValue<string>(),
                deadline["on"]!.GetValue<string>(), deadline["daysLeft"]!.GetValue<int>()))
            .ShouldBe([(caseId, "trp_expiry", "2026-04-20", 49), (sixtyDaysAhead, "trp_expiry", "2026-05-01", 60)]);

        App.Clock.Advance(TimeSpan.FromDays(1));
        (await Dashboard())["deadlines"]!.AsArray().Select(deadline => deadline!["daysLeft"]!.GetValue<int>()).ShouldBe([48, 59, 60]);
    }

    [Fact]
    public async Task The_18th_birthday_is_listed_from_180_days_ahead_other_deadlines_from_60()
    {
        var minor = await OpenCase(body: new
        {
            accessPoint = "youth_protection", exploitationTypes = new[] { "sexual_exploitation" }, trafficking = "domestic",
            ageGroup = "14_17", gender = "woman", region = "06", personalDetails = new { dateOfBirth = "2008-08-15" }
        });
        var adult = await OpenCase();
        await Post($"/api/cases/{adult}/immigration", new { kind = "trp_issued", on = "2026-03-01", validUntil = "2026-08-01" }, Worker, 201);

        var inSeptember = await OpenCase(body: new
        {
            accessPoint = "youth_protection", exploitationTypes = new[] { "sexual_exploitation" }, trafficking = "domestic",
            ageGroup = "14_17", gender = "woman", region = "06", personalDetails = new { dateOfBirth = "2008-09-10" }
        });

        var deadline = (await Dashboard())["deadlines"]!.AsArray().ShouldHaveSingleItem()!;
        deadline["caseId"]!.GetValue<Guid>().ShouldBe(minor);
        deadline["kind"]!.GetValue<string>().ShouldBe("eighteenth_birthday");
        deadline["on"]!.GetValue<string>().ShouldBe("2026-08-01");
        deadline["daysLeft"]!.GetValue<int>().ShouldBe(152);

        // 2026-09-01 is 183 days ahead: not listed two days later, at 181; listed the day after, at 180.
        App.Clock.Advance(TimeSpan.FromDays(2));
        (await Dashboard())["deadlines"]!.AsArray().ShouldHaveSingleItem()!["caseId"]!.GetValue<Guid>().ShouldBe(minor);
        App.Clock.Advance(TimeSpan.FromDays(1));
        (await Dashboard())["deadlines"]!.AsArray()
            .Select(listed => (listed!["caseId"]!.GetValue<Guid>(), listed["on"]!.GetValue<string>(), listed["daysLeft"]!.GetValue<int>()))
            .ShouldBe([(minor, "2026-08-01", 149), (inSeptember, "2026-09-01", 180)]);
    }

    [Fact]
    public async Task The_day_a_partners_consent_runs_out_is_listed_until_a_consent_without_expiry_is_recorded()
    {
        var caseId = await OpenCase();
        await Post("/api/directory/organizations", PivotCase.Tests.Directory.Organizations.Body("maison"), TestUser.Coordinator(), 201);
        await Post($"/api/cases/{caseId}/consents",
            new { scope = "share_with_organization", organization = "maison", givenOn = "2026-03-02", expiresOn = "2026-03-20" }, Worker, 201);
        await Post($"/api/cases/{caseId}/consents",
            new { scope = "share_with_organization", organization = "maison", givenOn = "2026-03-02", expiresOn = "2026-04-01" }, Worker, 201);
        await Post($"/api/cases/{caseId}/consents",
            new { scope = "research_statistics", givenOn = "2026-03-02", expiresOn = "2026-03-15" }, Worker, 201);

        var deadline = (await Dashboard())["deadlines"]!.AsArray().ShouldHaveSingleItem()!;
        deadline["kind"]!.GetValue<string>().ShouldBe("share_consent_expiry");
        deadline["on"]!.GetValue<string>().ShouldBe("2026-04-01");
        deadline["daysLeft"]!.GetValue<int>().ShouldBe(30);
        (await Get("/api/worklist", Worker, 200)).Json["deadlines"]!.AsArray().ShouldHaveSingleItem()!["kind"]!
            .GetValue<string>().ShouldBe("share_consent_expiry");
        (await Get($"/api/cases/{caseId}", Worker, 200)).Json["deadlines"]!.AsArray()
            .Select(item => item!["kind"]!.GetValue<string>()).ShouldNotContain("share_consent_expiry");

        await Post($"/api/cases/{caseId}/consents",
            new { scope = "share_with_organization", organization = "maison", givenOn = "2026-03-02" }, Worker, 201);
        (await Dashboard())["deadlines"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_case_transferred_under_a_consent_does_not_warn_its_new_owner_that_the_consent_runs_out()
    {
        var caseId = await OpenCase();
        await Post("/api/directory/organizations", PivotCase.Tests.Directory.Organizations.Body("maison"), TestUser.Coordinator(), 201);
        await Post($"/api/cases/{caseId}/consents",
            new { scope = "share_with_organization", organization = "maison", givenOn = "2026-03-02", expiresOn = "2026-04-01" }, Worker, 201);
        var maisonWorker = TestUser.Caseworker("maison", "maison-worker-1");
        await Post($"/api/cases/{caseId}/transfer", new { toWorker = maisonWorker.Sub, toOrganization = "maison" }, Worker, 200);

        var maison = await Dashboard(TestUser.Supervisor("maison", "maison-supervisor-1"));
        maison["openCases"]!.GetValue<int>().ShouldBe(1);
        maison["deadlines"]!.AsArray().ShouldBeEmpty();
        (await Get("/api/worklist", maisonWorker, 200)).Json["deadlines"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task An_expired_permit_stays_listed_until_renewed_and_other_deadlines_for_thirty_days_after_they_pass()
    {
        var caseId = await OpenCase(body: new
        {
            accessPoint = "community", exploitationTypes = new[] { "forced_labour" }, trafficking = "international",
            ageGroup = "25_34", gender = "man", region = "06", openedOn = "2026-03-02"
        });
        await Post($"/api/cases/{caseId}/immigration", new { kind = "trp_issued", on = "2026-03-01", validUntil = "2026-04-20" }, Worker, 201);
        IEnumerable<(string, string, int)> Deadlines(JsonNode dashboard) => dashboard["deadlines"]!.AsArray().Select(deadline =>
            (deadline!["kind"]!.GetValue<string>(), deadline["on"]!.GetValue<string>(), deadline["daysLeft"]!.GetValue<int>()));

        App.Clock.AdjustTime(new DateTimeOffset(2026, 9, 1, 16, 0, 0, TimeSpan.Zero));
        Deadlines(await Dashboard()).ShouldBe([("trp_expiry", "2026-04-20", -134)]);

        await Post($"/api/cases/{caseId}/immigration", new { kind = "trp_renewed", on = "2026-09-01", validUntil = "2027-09-01" }, Worker, 201);
        Deadlines(await Dashboard()).ShouldBeEmpty();

        // IVAC: three years after the survivor was identified; a missed deadline is shown for thirty days. The renewed
        // permit, never renewed again, has long expired and is still listed.
        App.Clock.AdjustTime(new DateTimeOffset(2029, 3, 20, 16, 0, 0, TimeSpan.Zero));
        Deadlines(await Dashboard()).ShouldBe([("trp_expiry", "2027-09-01", -566), ("ivac_claim", "2029-03-02", -18)]);
        App.Clock.AdjustTime(new DateTimeOffset(2029, 4, 2, 16, 0, 0, TimeSpan.Zero));
        Deadlines(await Dashboard()).ShouldBe([("trp_expiry", "2027-09-01", -579)]);
    }

    [Fact]
    public async Task Cases_where_nothing_was_recorded_for_thirty_days_are_inactive()
    {
        var quiet = await OpenCase();
        var busy = await OpenCase();
        var assessed = await OpenCase();
        var referred = await OpenCase();
        var helped = await OpenCase();
        var needing = await OpenCase();
        var permitted = await OpenCase();
        await Post("/api/directory/organizations", PivotCase.Tests.Directory.Organizations.Body("maison"), TestUser.Coordinator(), 201);
        App.Clock.Advance(TimeSpan.FromDays(29));
        (await Dashboard())["inactiveCases"]!.AsArray().ShouldBeEmpty("29 days without a record is not yet inactive");
        await PlanStep(busy);
        await Post($"/api/cases/{assessed}/assessments", new { assessedOn = "2026-03-31", scores = new { safety = 3 } }, Worker, 201);
        await Post($"/api/cases/{referred}/consents",
            new { scope = "share_with_organization", organization = "maison", givenOn = "2026-03-31" }, Worker, 201);
        await Post($"/api/cases/{helped}/emergency-fund", new { amount = 20, category = "transport", on = "2026-03-31" }, Worker, 201);
        await Post($"/api/cases/{needing}/needs", new { domain = "housing", timeframe = "long_term" }, Worker, 201);
        await Post($"/api/cases/{permitted}/immigration", new { kind = "trp_applied", on = "2026-03-31" }, Worker, 201);
        App.Clock.Advance(TimeSpan.FromDays(1));

        var inactive = (await Dashboard())["inactiveCases"]!.AsArray().ShouldHaveSingleItem()!;
        inactive["caseId"]!.GetValue<Guid>().ShouldBe(quiet);
        inactive["daysInactive"]!.GetValue<int>().ShouldBe(30);
    }

    [Fact]
    public async Task A_case_recorded_weeks_after_the_survivor_was_identified_is_inactive_from_its_recording()
    {
        var caseId = await OpenCase(body: Bodies.NewCase(openedOn: "2026-01-16"));

        (await Dashboard())["inactiveCases"]!.AsArray().ShouldBeEmpty();

        App.Clock.Advance(TimeSpan.FromDays(30));
        var inactive = (await Dashboard())["inactiveCases"]!.AsArray().ShouldHaveSingleItem()!;
        inactive["caseId"]!.GetValue<Guid>().ShouldBe(caseId);
        inactive["lastActivityAt"]!.GetValue<DateTimeOffset>().ShouldBe(AppFixture.StartOfTime);
        inactive["daysInactive"]!.GetValue<int>().ShouldBe(30);
    }

    [Fact]
    public async Task A_reopened_case_is_inactive_from_its_reopening_not_from_its_last_step_before_closing()
    {
        var caseId = await OpenCase();
        await PlanStep(caseId);
        await Post($"/api/cases/{caseId}/close", new { reason = "lost_contact" }, Worker, 200);
        App.Clock.Advance(TimeSpan.FromDays(200));
        await Post($"/api/cases/{caseId}/reopen", new { }, Worker, 200);
        var reopenedAt = AppFixture.StartOfTime.AddDays(200);

        (await Dashboard())["inactiveCases"]!.AsArray().ShouldBeEmpty();

        App.Clock.Advance(TimeSpan.FromDays(30));
        var inactive = (await Dashboard())["inactiveCases"]!.AsArray().ShouldHaveSingleItem()!;
        inactive["caseId"]!.GetValue<Guid>().ShouldBe(caseId);
        inactive["lastActivityAt"]!.GetValue<DateTimeOffset>().ShouldBe(reopenedAt);
        inactive["daysInactive"]!.GetValue<int>().ShouldBe(30);
    }

    [Fact]
    public async Task Recovery_averages_the_change_of_cases_with_two_assessments()
    {
        var first = await OpenCase();
        var second = await OpenCase();
        var single = await OpenCase();
        await Post($"/api/cases/{first}/assessments", new { assessedOn = "2026-03-02", scores = new { safety = 1, housing = 2 } }, Worker, 201);
        await Post($"/api/cases/{single}/assessments", new { assessedOn = "2026-03-02", scores = new { safety = 1 } }, Worker, 201);
        App.Clock.Advance(TimeSpan.FromDays(180));
        await Post($"/api/cases/{first}/assessments", new { assessedOn = "2026-08-29", scores = new { safety = 4, housing = 3 } }, Worker, 201);
        // Recorded out of order: the baseline is the earliest assessment, not the first recorded.
        await Post($"/api/cases/{second}/assessments", new { assessedOn = "2026-08-29", scores = new { safety = 4 } }, Worker, 201);
        await Post($"/api/cases/{second}/assessments", new { assessedOn = "2026-03-02", scores = new { safety = 2 } }, Worker, 201);

        var recovery = (await Dashboard())["recovery"]!;

        recovery["casesAssessed"]!.GetValue<int>().ShouldBe(2);
        recovery["averageChange"]!["safety"]!.GetValue<double>().ShouldBe(2.5);
        recovery["averageChange"]!["housing"]!.GetValue<double>().ShouldBe(1);
    }

    [Fact]
    public async Task The_dashboard_never_carries_personal_details()
    {
        var caseId = await OpenCase(Worker, Bodies.NewCase(Bodies.CanaryDetails, openedOn: "2026-02-27"));
        await Post($"/api/cases/{caseId}/needs", new { domain = "safety", timeframe = "immediate" }, Worker, 201);
        await PlanStep(caseId, new { domain = "housing", title = "Shelter", timeframe = "immediate", dueOn = "2026-03-01" });

        await ProjectionsCaughtUp();
        var body = (await Get("/api/dashboard", Supervisor, 200)).Body;

        body.ShouldContain(caseId.ToString());
        body.ShouldNotContain(Bodies.Canary, Case.Insensitive);
        body.ShouldNotContain("514-555", Case.Insensitive);
        body.ShouldNotContain("2004-05-06");
    }

    [Fact]
    public async Task A_caseworkers_worklist_holds_only_the_cases_they_are_the_pivot_worker_of()
    {
        var colleague = TestUser.Caseworker("cathii", "worker-2");
        var mine = await OpenCase(body: Bodies.NewCase(openedOn: "2026-02-20"));
        var theirs = await OpenCase(colleague, Bodies.NewCase(openedOn: "2026-02-20"));
        var elsewhere = await OpenCase(OtherOrgWorker, Bodies.NewCase(openedOn: "2026-02-20"));
        foreach (var (caseId, user) in new[] { (mine, Worker), (theirs, colleague), (elsewhere, OtherOrgWorker) })
        {
            await PlanStep(caseId, new { domain = "legal", title = "Legal aid", timeframe = "short_term", dueOn = "2026-02-25" }, user);
            await Post($"/api/cases/{caseId}/immigration", new { kind = "trp_issued", on = "2026-02-20", validUntil = "2026-04-01" }, user, 201);
        }
        await ProjectionsCaughtUp();

        var worklist = (await Get("/api/worklist", Worker, 200)).Json;

        worklist["openCases"]!.GetValue<int>().ShouldBe(1);
        worklist["casesByWorker"]!.AsArray().ShouldHaveSingleItem()!["worker"]!.GetValue<string>().ShouldBe(Worker.Sub);
        worklist["overdueSteps"]!.AsArray().ShouldHaveSingleItem()!["caseId"]!.GetValue<Guid>().ShouldBe(mine);
        var deadline = worklist["deadlines"]!.AsArray().ShouldHaveSingleItem()!;
        deadline["caseId"]!.GetValue<Guid>().ShouldBe(mine);
        deadline["kind"]!.GetValue<string>().ShouldBe("trp_expiry");
        (await Get("/api/worklist", colleague, 200)).Json["overdueSteps"]!.AsArray().ShouldHaveSingleItem()!["caseId"]!
            .GetValue<Guid>().ShouldBe(theirs);
        (await Dashboard())["openCases"]!.GetValue<int>().ShouldBe(2);

        // A referral waiting on the organisation's answer reaches every caseworker's worklist; the referred case, in its
        // crisis window with an immediate need, does not.
        await Post("/api/directory/organizations", PivotCase.Tests.Directory.Organizations.Body("cathii"), TestUser.Coordinator(), 201);
        var referred = await OpenCase(OtherOrgWorker);
        await Post($"/api/cases/{referred}/needs", new { domain = "housing", timeframe = "immediate" }, OtherOrgWorker, 201);
        await Post($"/api/cases/{referred}/consents",
            new { scope = "share_with_organization", organization = "cathii", givenOn = "2026-03-02" }, OtherOrgWorker, 201);
        var referralId = (await Post($"/api/cases/{referred}/referrals", new { toOrganization = "cathii", domain = "housing", urgent = true },
            OtherOrgWorker, 201)).Json["referralId"]!.GetValue<Guid>();
        await ProjectionsCaughtUp();
        foreach (var user in new[] { Worker, colleague })
        {
            var list = (await Get("/api/worklist", user, 200)).Json;
            var incoming = list["pendingReferrals"]!.AsArray().ShouldHaveSingleItem()!;
            incoming["referralId"]!.GetValue<Guid>().ShouldBe(referralId);
            incoming["direction"]!.GetValue<string>().ShouldBe("incoming");
            incoming["urgent"]!.GetValue<bool>().ShouldBeTrue();
            list["openCases"]!.GetValue<int>().ShouldBe(1);
            list["deadlines"]!.AsArray().ShouldHaveSingleItem();
            list["overdueSteps"]!.AsArray().ShouldHaveSingleItem()!["caseId"]!.GetValue<Guid>()
                .ShouldBe(user == Worker ? mine : theirs);
            list["crisisWindow"]!.AsArray().ShouldBeEmpty();
        }
        (await Get("/api/dashboard", OtherSupervisor, 200)).Json["crisisWindow"]!.AsArray().ShouldHaveSingleItem()!["caseId"]!
            .GetValue<Guid>().ShouldBe(referred);

        await Get("/api/worklist", Supervisor, 403);
        await Get("/api/worklist", TestUser.Researcher(), 403);
        await Get("/api/worklist", TestUser.Coordinator(), 403);
        await Get("/api/worklist", null, 401);
    }

    /// <summary>
    /// The intake assessment is due 30 days after the survivor was identified, the next ones six months after the last;
    /// each is listed from 14 days ahead, for open cases only.
    /// </summary>
    [Fact]
    public async Task Recovery_assessments_are_listed_from_two_weeks_before_they_are_due()
    {
        var neverAssessed = await OpenCase(body: Bodies.NewCase(openedOn: "2026-01-20"));
        await OpenCase(); // its intake assessment is due on 2026-04-01, 30 days ahead: not listed yet
        var dueSoon = await OpenCase(SecondWorker, Bodies.NewCase(openedOn: "2025-09-01"));
        await Post($"/api/cases/{dueSoon}/assessments", new { assessedOn = "2025-09-10", scores = new { safety = 2 } }, SecondWorker, 201);
        var recentlyAssessed = await OpenCase(body: Bodies.NewCase(openedOn: "2025-09-01"));
        await Post($"/api/cases/{recentlyAssessed}/assessments", new { assessedOn = "2025-09-02", scores = new { safety = 2 } }, Worker, 201);
        await Post($"/api/cases/{recentlyAssessed}/assessments", new { assessedOn = "2026-02-01", scores = new { safety = 3 } }, Worker, 201);
        var closed = await OpenCase(body: Bodies.NewCase(openedOn: "2026-01-20"));
        await Post($"/api/cases/{closed}/close", new { reason = "moved" }, Worker, 200);
        var dueInFourteenDays = await OpenCase(body: Bodies.NewCase(openedOn: "2026-02-14"));
        await OpenCase(body: Bodies.NewCase(openedOn: "2026-02-15")); // due in 15 days: not listed yet

        var due = (await Dashboard())["assessmentsDue"]!.AsArray();

        due.Select(entry => (entry!["caseId"]!.GetValue<Guid>(), entry["worker"]!.GetValue<string>(), entry["lastAssessedOn"]?.GetValue<string>(),
                entry["dueOn"]!.GetValue<string>(), entry["daysLeft"]!.GetValue<int>()))
            .ShouldBe([(neverAssessed, Worker.Sub, null, "2026-02-19", -11), (dueSoon, SecondWorker.Sub, "2025-09-10", "2026-03-10", 8),
                (dueInFourteenDays, Worker.Sub, null, "2026-03-16", 14)]);
        (await Get("/api/worklist", SecondWorker, 200)).Json["assessmentsDue"]!.AsArray().ShouldHaveSingleItem()!["caseId"]!
            .GetValue<Guid>().ShouldBe(dueSoon);
    }

    /// <summary>The organisation's confidentiality incidents that still owe a notice, until every notice owed is recorded.</summary>
    [Fact]
    public async Task Incidents_of_the_register_that_owe_a_notice_are_listed_until_the_notices_are_recorded()
    {
        async Task<Guid> Serious(TestUser supervisor, string discoveredOn)
        {
            var id = (await Post("/api/privacy/incidents", new
            {
                kind = "loss", informationConcerned = "A caseload list", circumstances = "Left on a bus", occurredFrom = discoveredOn,
                discoveredOn, personsConcerned = 3
            }, supervisor, 201)).Json["id"]!.GetValue<Guid>();
            await Post($"/api/privacy/incidents/{id}/risk-assessment", new { seriousInjuryRisk = true, reasons = "Sensitive" }, supervisor, 200);
            return id;
        }
        var owing = await Serious(Supervisor, "2026-02-25");
        await Serious(OtherSupervisor, "2026-02-25");
        await Post("/api/privacy/incidents", new
        {
            kind = "loss", informationConcerned = "x", circumstances = "y", occurredFrom = "2026-03-01", discoveredOn = "2026-03-01", personsConcerned = 1
        }, Supervisor, 201);

        var listed = (await Dashboard())["incidentsAwaitingNotice"]!.AsArray().ShouldHaveSingleItem()!;
        listed["incidentId"]!.GetValue<Guid>().ShouldBe(owing);
        listed["daysSinceDiscovery"]!.GetValue<int>().ShouldBe(5);
        listed["noticesOutstanding"]!.AsArray().Select(node => node!.GetValue<string>()).ShouldBe(["commission", "persons_concerned"]);

        await Post($"/api/privacy/incidents/{owing}/notices", new { recipient = "commission", sentOn = "2026-03-02" }, Supervisor, 201);
        (await Dashboard())["incidentsAwaitingNotice"]!.AsArray().ShouldHaveSingleItem()!["noticesOutstanding"]!.AsArray()
            .Select(node => node!.GetValue<string>()).ShouldBe(["persons_concerned"]);
        await Post($"/api/privacy/incidents/{owing}/notices", new { recipient = "persons_concerned", sentOn = "2026-03-02" }, Supervisor, 201);
        (await Dashboard())["incidentsAwaitingNotice"]!.AsArray().ShouldBeEmpty();
        (await Get("/api/worklist", Worker, 200)).Json["incidentsAwaitingNotice"]!.AsArray().ShouldBeEmpty();
    }

    /// <summary>
    /// A referral still pending when the survivor's consent to share with its receiver runs out cannot be accepted: both
    /// sides see it flagged; the receiver sees it after the referrals it can still answer, the sender in its usual place.
    /// </summary>
    [Fact]
    public async Task A_pending_referral_whose_consent_ran_out_is_flagged_on_both_sides_and_listed_last_by_the_receiver()
    {
        await Post("/api/directory/organizations", PivotCase.Tests.Directory.Organizations.Body("autre"), TestUser.Coordinator(), 201);
        var expiring = await OpenCase();
        var lasting = await OpenCase();
        await Post($"/api/cases/{expiring}/consents",
            new { scope = "share_with_organization", organization = "autre", givenOn = "2026-03-02", expiresOn = "2026-03-05" }, Worker, 201);
        await Post($"/api/cases/{lasting}/consents",
            new { scope = "share_with_organization", organization = "autre", givenOn = "2026-03-02" }, Worker, 201);
        var lapsed = (await Post($"/api/cases/{expiring}/referrals", new { toOrganization = "autre", domain = "housing", urgent = true },
            Worker, 201)).Json["referralId"]!.GetValue<Guid>();
        var answerable = (await Post($"/api/cases/{lasting}/referrals", new { toOrganization = "autre", domain = "housing" },
            Worker, 201)).Json["referralId"]!.GetValue<Guid>();

        (await Dashboard())["pendingReferrals"]!.AsArray().Select(ConsentOf).ShouldBe([(lapsed, true), (answerable, true)]);

        using (App.ClockAt(AppFixture.StartOfTime.AddDays(4)))
        {
            (await Dashboard())["pendingReferrals"]!.AsArray().Select(ConsentOf).ShouldBe([(lapsed, false), (answerable, true)]);
            (await Get("/api/worklist", OtherOrgWorker, 200)).Json["pendingReferrals"]!.AsArray()
                .Select(referral => (ConsentOf(referral), referral!["direction"]!.GetValue<string>()))
                .ShouldBe([((answerable, true), "incoming"), ((lapsed, false), "incoming")]);
            await Post($"/api/cases/{expiring}/referrals/{lapsed}/accept", new { }, OtherOrgWorker, 409);
        }
    }

    private static (Guid, bool) ConsentOf(JsonNode? referral) =>
        (referral!["referralId"]!.GetValue<Guid>(), referral["consentInForce"]!.GetValue<bool>());

    [Fact]
    public async Task Only_supervisors_read_the_dashboard()
    {
        await Get("/api/dashboard", Worker, 403);
        await Get("/api/dashboard", TestUser.Researcher(), 403);
        await Get("/api/dashboard", TestUser.Coordinator(), 403);
        await Get("/api/dashboard", null, 401);
    }
}
