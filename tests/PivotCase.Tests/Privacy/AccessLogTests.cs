using PivotCase.Api.Cases;
using PivotCase.Api.Privacy;
using PivotCase.Tests.Cases;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Privacy;

/// <summary>Every read of a case's details is recorded (who, organisation, when, route) apart from the case's events.</summary>
public sealed class AccessLogTests(AppFixture app) : PrivacyTest(app)
{
    [Fact]
    public async Task Every_read_of_a_case_is_logged_with_who_when_and_which_route_without_changing_the_case()
    {
        var id = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));
        var reads = new (TestUser User, string Route)[]
        {
            (Worker, "/api/cases/{id}"), (Supervisor, "/api/cases/{id}/history"), (Worker, "/api/cases/{id}/recovery"),
            (Worker, "/api/cases/{id}/suggestions"), (Supervisor, "/api/cases/{id}/export")
        };
        foreach (var (user, route) in reads)
        {
            App.Clock.Advance(TimeSpan.FromMinutes(1));
            await Get(route.Replace("{id}", id.ToString()), user, 200);
        }

        (await AccessRecords(id, reads.Length)).Count.ShouldBe(reads.Length);
        var log = (await Get($"/api/cases/{id}/access-log", Coordinator, 200)).Json.AsArray();

        log.Select(entry => (entry!["by"]!.GetValue<string>(), entry["route"]!.GetValue<string>()))
            .ShouldBe(reads.Reverse().Select(read => (read.User.Sub, read.Route)));
        log.Select(entry => entry!["at"]!.GetValue<DateTimeOffset>())
            .ShouldBe(Enumerable.Range(1, reads.Length).Reverse().Select(minutes => AppFixture.StartOfTime.AddMinutes(minutes)));
        log.ShouldAllBe(entry => entry!["organization"]!.GetValue<string>() == "cathii");
        log.ShouldAllBe(entry => entry!["outcome"]!.GetValue<string>() == "read" && entry["status"]!.GetValue<int>() == 200);
        log[0]!["roles"]!.AsArray().Select(role => role!.GetValue<string>()).ShouldBe(["supervisor"]);
        log.ToJsonString().ShouldNotContain(Bodies.Canary, Shouldly.Case.Insensitive);

        (await Stream(id)).Count.ShouldBe(1);
        (await Get($"/api/cases/{id}", Worker, 200)).Json["version"]!.GetValue<long>().ShouldBe(1);
    }

    [Fact]
    public async Task Refused_reads_are_logged_as_denied_and_never_as_reads()
    {
        var id = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));

        await Get($"/api/cases/{id}", OtherOrgWorker, 404);
        await Get($"/api/cases/{id}/history", Researcher, 403);
        await Get($"/api/cases/{id}", null, 401);

        (await AccessRecords(id, 2)).Count.ShouldBe(2);
        var log = (await Get($"/api/cases/{id}/access-log", Supervisor, 200)).Json.AsArray();
        log.ShouldAllBe(entry => entry!["outcome"]!.GetValue<string>() == "denied");
        log.Select(entry => (entry!["by"]!.GetValue<string>(), entry["organization"]!.GetValue<string>(), entry["status"]!.GetValue<int>()))
            .OrderBy(entry => entry.Item1)
            .ShouldBe([(Researcher.Sub, "univ", 403), (OtherOrgWorker.Sub, "autre", 404)]);

        // The owner looks for the reads among the attempts: by outcome, by organisation.
        await Get($"/api/cases/{id}", Worker, 200);
        await AccessRecords(id, 4);
        (await Get($"/api/cases/{id}/access-log?outcome=read", Supervisor, 200)).Json.AsArray()
            .Select(entry => entry!["by"]!.GetValue<string>()).ShouldBe([Supervisor.Sub, Worker.Sub], ignoreOrder: true);
        (await Get($"/api/cases/{id}/access-log?outcome=denied&organization=autre", Supervisor, 200)).Json.AsArray()
            .ShouldHaveSingleItem()!["by"]!.GetValue<string>().ShouldBe(OtherOrgWorker.Sub);
        (await Get($"/api/cases/{id}/access-log?outcome=refused", Supervisor)).ShouldBeCleanProblem(400);
    }

    [Fact]
    public async Task Coordinators_read_any_cases_log_and_supervisors_only_their_organisations()
    {
        var id = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));
        await ShareWithPartner(id);
        await Get($"/api/cases/{id}", PartnerWorker, 200);

        await Get($"/api/cases/{id}/access-log", Coordinator, 200);
        await Get($"/api/cases/{id}/access-log", Supervisor, 200);
        (await Get($"/api/cases/{id}/access-log", Worker)).ShouldBeCleanProblem(403);
        (await Get($"/api/cases/{id}/access-log", Researcher)).ShouldBeCleanProblem(403);
        (await Get($"/api/cases/{id}/access-log", PartnerSupervisor)).ShouldBeCleanProblem(404);
        (await Get($"/api/cases/{id}/access-log", OtherOrgSupervisor)).ShouldBeCleanProblem(404);
        (await Get($"/api/cases/{Guid.NewGuid()}/access-log", Coordinator)).ShouldBeCleanProblem(404);
        CaseTestKit.ProblemShape(await Get($"/api/cases/{id}/access-log", OtherOrgSupervisor))
            .ShouldBe(CaseTestKit.ProblemShape(await Get($"/api/cases/{Guid.NewGuid()}/access-log", OtherOrgSupervisor)));
        (await Get($"/api/cases/{id}/access-log", null)).Status.ShouldBe(401);
    }

    /// <summary>
    /// Another organisation sees a case's profile in its own lists too (a partner's case list, a receiver's referrals still
    /// to be answered): each such answer is a read of the case. The owner's own list is not, an answered referral listed
    /// again is not (the case's own routes log its reads), and a list that no longer shows the profile once the consent is
    /// withdrawn records nothing.
    /// </summary>
    [Fact]
    public async Task A_partners_lists_that_show_the_case_are_logged_as_reads_of_it()
    {
        var id = await OpenCase();
        await ShareWithPartner(id);
        await Get("/api/referrals/incoming", PartnerWorker, 200);
        await Post($"/api/cases/{id}/referrals", new { toOrganization = "maison", domain = "health" }, Worker, 201);
        await Get("/api/cases", Worker, 200);

        (await Get("/api/cases", PartnerWorker, 200)).Json["items"]!.AsArray().ShouldContain(item => item!["id"]!.GetValue<Guid>() == id);
        (await Get("/api/referrals/incoming", PartnerWorker, 200)).Json.AsArray().Count.ShouldBe(2);

        var records = await AccessRecords(id, 2);
        records.Select(record => record.Route).Order().ShouldBe(["/api/cases", "/api/referrals/incoming"]);
        records.ShouldAllBe(record => record.By == PartnerWorker.Sub && record.Organization == "maison"
                                      && record.Outcome == AccessOutcome.Read && record.Status == 200);

        var consentId = (await Load<CaseDetails>(id)).ShouldNotBeNull().Consents.ShouldHaveSingleItem().ConsentId;
        await Post($"/api/cases/{id}/consents/{consentId}/withdraw", new { }, Worker, 200);
        var afterWithdrawal = (await Get("/api/referrals/incoming", PartnerWorker, 200)).Json.AsArray();
        afterWithdrawal.Count.ShouldBe(2);
        afterWithdrawal.ShouldAllBe(referral => referral!["case"] == null);
        (await Get("/api/cases", PartnerWorker, 200)).Json["items"]!.AsArray().ShouldBeEmpty();
        await Get($"/api/cases/{id}", PartnerWorker, 404);

        var after = await AccessRecords(id, 3);
        after.Count.ShouldBe(3);
        after.ShouldContain(record => record.Route == "/api/cases/{id}" && record.Outcome == AccessOutcome.Denied);
    }

    [Fact]
    public async Task The_log_is_paged_newest_first()
    {
        var id = await OpenCase();
        for (var read = 0; read < 3; read++)
        {
            App.Clock.Advance(TimeSpan.FromMinutes(1));
            await Get($"/api/cases/{id}", Worker, 200);
        }

        await AccessRecords(id, 3);
        var first = (await Get($"/api/cases/{id}/access-log?pageSize=2", Supervisor, 200)).Json.AsArray();
        // Reading the log is itself a read of the case, logged at +3 minutes about 250 ms later: wait for it, so that
        // the second page does not depend on whether that entry has been written yet.
        (await AccessRecords(id, 4)).Count.ShouldBe(4);
        var second = (await Get($"/api/cases/{id}/access-log?pageSize=2&page=2", Supervisor, 200)).Json.AsArray();

        first.Select(entry => entry!["at"]!.GetValue<DateTimeOffset>())
            .ShouldBe([AppFixture.StartOfTime.AddMinutes(3), AppFixture.StartOfTime.AddMinutes(2)]);
        second.Select(entry => entry!["at"]!.GetValue<DateTimeOffset>())
            .ShouldBe([AppFixture.StartOfTime.AddMinutes(2), AppFixture.StartOfTime.AddMinutes(1)]);
        (await Get($"/api/cases/{id}/access-log?pageSize=0", Supervisor)).ShouldBeCleanProblem(400);
        (await Get($"/api/cases/{id}/access-log?page=2147483647", Supervisor)).ShouldBeCleanProblem(400);
        (await Get($"/api/cases/{id}/access-log?page=4294967&pageSize=500", Supervisor, 200)).Json.AsArray().ShouldBeEmpty();
    }
}
