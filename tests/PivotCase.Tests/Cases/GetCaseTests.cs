using System.Text.Json.Nodes;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Cases;

public sealed class GetCaseTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task The_caseworker_reads_the_whole_case_with_personal_details_and_an_ETag()
    {
        var id = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));

        var response = await Get($"/api/cases/{id}", Worker, 200);

        var json = response.Json;
        json["id"]!.GetValue<Guid>().ShouldBe(id);
        json["version"]!.GetValue<long>().ShouldBe(1);
        json["status"]!.GetValue<string>().ShouldBe("open");
        json["organization"]!.GetValue<string>().ShouldBe("cathii");
        json["pivotWorker"]!.GetValue<string>().ShouldBe(Worker.Sub);
        DateTimeOffset.Parse(json["openedAt"]!.GetValue<string>()).ShouldBe(AppFixture.StartOfTime);
        json["accessPoint"]!.GetValue<string>().ShouldBe("police");
        Strings(json["exploitationTypes"]).ShouldBe(["sexual_exploitation", "forced_labour"]);
        json["trafficking"]!.GetValue<string>().ShouldBe("international");
        json["ageGroup"]!.GetValue<string>().ShouldBe("18_24");
        json["gender"]!.GetValue<string>().ShouldBe("woman");
        json["region"]!.GetValue<string>().ShouldBe("06");
        json["steps"]!.AsArray().ShouldBeEmpty();
        json["needs"]!.AsArray().ShouldBeEmpty();
        json["referrals"]!.AsArray().ShouldBeEmpty();
        json["consents"]!.AsArray().ShouldBeEmpty();
        json["deadlines"]!.AsArray().ShouldBeEmpty();
        json["immigration"].ShouldBeOfType<JsonObject>();
        var crisis = json["crisis"].ShouldNotBeNull();
        DateTimeOffset.Parse(crisis["windowEndsAt"]!.GetValue<string>()).ShouldBe(AppFixture.StartOfTime.AddHours(72));
        crisis["inWindow"]!.GetValue<bool>().ShouldBeTrue();
        crisis["openImmediateNeeds"]!.AsArray().ShouldBeEmpty();

        var details = json["personalDetails"].ShouldNotBeNull();
        details["fullName"]!.GetValue<string>().ShouldBe($"{Bodies.Canary} Marie-Ange");
        details["alias"]!.GetValue<string>().ShouldBe($"{Bodies.Canary}-alias");
        details["dateOfBirth"]!.GetValue<string>().ShouldBe("2004-05-06");
        details["phone"]!.GetValue<string>().ShouldBe("514-555-0199");
        details["email"]!.GetValue<string>().ShouldBe("zzcanary@example.org");
        Strings(details["languages"]).ShouldBe(["fr", "tir"]);
        details["notes"]!.GetValue<string>().ShouldBe($"{Bodies.Canary} notes");

        response.Headers["ETag"].ShouldBe("\"1\"");
        response.Headers["Cache-Control"].ShouldBe("no-store"); // personal details in clear: no cache may keep them
        response.ContentType.ShouldNotBeNull().ShouldStartWith("application/json");
    }

    [Fact]
    public async Task The_case_shows_its_steps_and_the_ETag_follows_the_version()
    {
        using var clock = App.ClockAt(AppFixture.StartOfTime);
        var id = await OpenCase();
        App.Clock.Advance(TimeSpan.FromMinutes(5));
        var plannedAt = App.Clock.GetUtcNow();
        var stepId = await PlanStep(id, new
        {
            domain = "housing", title = "Emergency shelter placement", timeframe = "immediate",
            dueOn = "2026-03-04", provider = "maison-secours"
        });
        App.Clock.Advance(TimeSpan.FromMinutes(5));
        await Post($"/api/cases/{id}/steps/{stepId}/complete", new { outcome = "Placed", completedOn = "2026-03-02" }, Worker, 200);

        (await Stream(id)).Count.ShouldBe(3);

        var response = await Get($"/api/cases/{id}", Worker, 200);

        response.Json["version"]!.GetValue<long>().ShouldBe(3);
        response.Headers["ETag"].ShouldBe("\"3\"");
        var step = response.Json["steps"]!.AsArray().ShouldHaveSingleItem()!;
        step["stepId"]!.GetValue<Guid>().ShouldBe(stepId);
        step["domain"]!.GetValue<string>().ShouldBe("housing");
        step["title"]!.GetValue<string>().ShouldBe("Emergency shelter placement");
        step["timeframe"]!.GetValue<string>().ShouldBe("immediate");
        step["status"]!.GetValue<string>().ShouldBe("done");
        step["dueOn"]!.GetValue<string>().ShouldBe("2026-03-04");
        step["provider"]!.GetValue<string>().ShouldBe("maison-secours");
        DateTimeOffset.Parse(step["plannedAt"]!.GetValue<string>()).ShouldBe(plannedAt);
        step["plannedBy"]!.GetValue<string>().ShouldBe(Worker.Sub);
        step["completedOn"]!.GetValue<string>().ShouldBe("2026-03-02");
        step["outcome"]!.GetValue<string>().ShouldBe("Placed");
    }

    [Fact]
    public async Task A_case_without_personal_details_answers_null_personal_details()
    {
        var id = await OpenCase();

        var response = await Get($"/api/cases/{id}", Worker, 200);

        response.Json["personalDetails"].ShouldBeNull();
        response.Json["id"]!.GetValue<Guid>().ShouldBe(id);
    }

    [Fact]
    public async Task A_supervisor_of_the_owning_organisation_reads_the_case_with_personal_details()
    {
        var id = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));

        var response = await Get($"/api/cases/{id}", Supervisor, 200);

        response.Json["id"]!.GetValue<Guid>().ShouldBe(id);
        response.Json["organization"]!.GetValue<string>().ShouldBe("cathii");
        response.Json["personalDetails"]!["fullName"]!.GetValue<string>().ShouldBe($"{Bodies.Canary} Marie-Ange");
        response.Headers["ETag"].ShouldBe("\"1\"");
        response.Headers["Cache-Control"].ShouldBe("no-store"); // personal details in clear: no cache may keep them
    }

    [Fact]
    public async Task Another_caseworker_of_the_owning_organisation_reads_the_case_with_personal_details()
    {
        var id = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));

        var response = await Get($"/api/cases/{id}", TestUser.Caseworker("cathii", "worker-2"), 200);

        response.Json["pivotWorker"]!.GetValue<string>().ShouldBe(Worker.Sub);
        response.Json["personalDetails"]!["fullName"]!.GetValue<string>().ShouldBe($"{Bodies.Canary} Marie-Ange");
    }

    [Fact]
    public async Task Another_organisations_case_is_answered_exactly_like_an_unknown_one()
    {
        var id = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));

        var hidden = await Get($"/api/cases/{id}", OtherOrgWorker);
        var unknown = await Get($"/api/cases/{Guid.NewGuid()}", OtherOrgWorker);

        hidden.ShouldBeCleanProblem(404);
        unknown.ShouldBeCleanProblem(404);
        CaseTestKit.ProblemShape(hidden).ShouldBe(CaseTestKit.ProblemShape(unknown),
            $"hidden: {hidden.Body}\nunknown: {unknown.Body}");
        hidden.Body.ShouldNotContain(id.ToString());
        hidden.Body.ShouldNotContain(Bodies.Canary, Shouldly.Case.Insensitive);
        hidden.Headers.ShouldNotContainKey("ETag");
    }

    [Fact]
    public async Task A_supervisor_of_another_organisation_gets_404()
    {
        var id = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));

        var response = await Get($"/api/cases/{id}", CaseTestKit.OtherOrgSupervisor);

        response.ShouldBeCleanProblem(404);
        response.Body.ShouldNotContain(Bodies.Canary, Shouldly.Case.Insensitive);
    }

    [Fact]
    public async Task An_unknown_id_is_404_problem()
    {
        var response = await Get($"/api/cases/{Guid.NewGuid()}", Worker);

        response.ShouldBeCleanProblem(404);
    }

    [Fact]
    public async Task Researchers_and_coordinators_are_forbidden()
    {
        var id = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));

        var researcher = await Get($"/api/cases/{id}", CaseTestKit.Researcher);
        var coordinator = await Get($"/api/cases/{id}", CaseTestKit.Coordinator);

        researcher.ShouldBeCleanProblem(403);
        coordinator.ShouldBeCleanProblem(403);
        researcher.Body.ShouldNotContain(Bodies.Canary, Shouldly.Case.Insensitive);
        coordinator.Body.ShouldNotContain(Bodies.Canary, Shouldly.Case.Insensitive);
    }

    [Fact]
    public async Task Researchers_are_forbidden_even_in_the_owning_organisation()
    {
        var id = await OpenCase();

        (await Get($"/api/cases/{id}", new TestUser("researcher-2", "cathii", "researcher"))).ShouldBeCleanProblem(403);
    }

    [Fact]
    public async Task Without_a_token_the_answer_is_401()
    {
        var id = await OpenCase();

        var response = await Get($"/api/cases/{id}", null);

        response.Status.ShouldBe(401);
        response.Body.ShouldNotContain("organization");
    }

    [Fact]
    public async Task A_malformed_token_is_401()
    {
        var id = await OpenCase();

        var response = await Send(HttpMethod.Get, $"/api/cases/{id}", null, "Bearer not-a-jwt");

        response.Status.ShouldBe(401);
    }

    private static string[] Strings(JsonNode? array) =>
        array.ShouldNotBeNull().AsArray().Select(node => node!.GetValue<string>()).ToArray();
}
