using PivotCase.Tests.Cases;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Privacy;

/// <summary>GET /api/cases/{id}/export: the owning organisation's copy of the whole record, personal details in clear.</summary>
public sealed class ExportTests(AppFixture app) : PrivacyTest(app)
{
    [Fact]
    public async Task The_owning_organisation_exports_the_whole_record_as_a_json_attachment()
    {
        var id = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));
        await Post($"/api/cases/{id}/needs", new { domain = "housing", timeframe = "immediate" }, Worker, 201);
        await PlanStep(id);
        await Post($"/api/cases/{id}/assessments", new { assessedOn = "2026-03-02", scores = new { safety = 2 } }, Worker, 201);
        await Post($"/api/cases/{id}/consents", new { scope = "research_statistics", givenOn = "2026-03-02" }, Worker, 201);

        var export = await Get($"/api/cases/{id}/export", Worker, 200);

        export.ContentType.ShouldStartWith("application/json");
        export.Headers["Content-Disposition"].ShouldBe($"attachment; filename=case-{id}.json");
        export.Headers["Cache-Control"].ShouldBe("no-store");
        var json = export.Json;
        json["format"]!.GetValue<string>().ShouldBe("pivotcase-export/1");
        json["exportedAt"]!.GetValue<DateTimeOffset>().ShouldBe(AppFixture.StartOfTime);
        json["case"]!["id"]!.GetValue<Guid>().ShouldBe(id);
        json["case"]!["version"]!.GetValue<long>().ShouldBe(5);
        json["case"]!["personalDetails"]!["fullName"]!.GetValue<string>().ShouldBe($"{Bodies.Canary} Marie-Ange");
        json["case"]!["personalDetails"]!["dateOfBirth"]!.GetValue<string>().ShouldBe("2004-05-06");
        json["case"]!["steps"]!.AsArray().Count.ShouldBe(1);
        json["case"]!["needs"]!.AsArray().Count.ShouldBe(1);
        json["case"]!["consents"]!.AsArray().Count.ShouldBe(1);
        json["history"]!.AsArray().Select(entry => entry!["version"]!.GetValue<long>()).ShouldBe([1L, 2, 3, 4, 5]);
        json["recovery"]!["trajectory"]!.AsArray().Count.ShouldBe(1);

        (await Get($"/api/cases/{id}/export", Supervisor, 200)).Json["case"]!["personalDetails"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Only_the_owning_organisation_exports()
    {
        var id = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));
        await ShareWithPartner(id, includesPersonalDetails: true);
        (await Get($"/api/cases/{id}", PartnerWorker, 200)).Json["personalDetails"].ShouldNotBeNull();

        foreach (var (user, status) in new[] { (PartnerWorker, 404), (PartnerSupervisor, 404), (OtherOrgWorker, 404), (Coordinator, 403), (Researcher, 403) })
        {
            var refused = await Get($"/api/cases/{id}/export", user);
            refused.ShouldBeCleanProblem(status);
            refused.Body.ShouldNotContain(Bodies.Canary, Shouldly.Case.Insensitive);
        }

        var unknown = await Get($"/api/cases/{Guid.NewGuid()}/export", OtherOrgWorker);
        unknown.ShouldBeCleanProblem(404);
        CaseTestKit.ProblemShape(await Get($"/api/cases/{id}/export", OtherOrgWorker)).ShouldBe(CaseTestKit.ProblemShape(unknown));
    }

    [Fact]
    public async Task After_erasure_the_export_has_no_personal_details()
    {
        var id = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));
        await Erase(id);

        var export = await Get($"/api/cases/{id}/export", Worker, 200);

        export.Json["case"]!["personalDetails"].ShouldBeNull();
        export.Json["case"]!["personalDetailsErasedAt"].ShouldNotBeNull();
        export.Json["history"]!.AsArray().Count.ShouldBe(2);
        export.Body.ShouldNotContain(Bodies.Canary, Shouldly.Case.Insensitive);
    }
}
