using PivotCase.Api.Cases;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Cases;

public sealed class OpenCaseTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task Opening_a_case_starts_its_stream_with_the_caller_as_pivot_worker()
    {
        var response = await Post("/api/cases", Bodies.NewCase(Bodies.CanaryDetails), Worker, 201);

        var id = response.Json["id"]!.GetValue<Guid>();
        response.Json["version"]!.GetValue<long>().ShouldBe(1);
        response.Headers["Location"].ShouldBe($"/api/cases/{id}");

        var events = await Stream(id);
        var opened = events.ShouldHaveSingleItem().Data.ShouldBeOfType<CaseOpened>();
        opened.Organization.ShouldBe("cathii");
        opened.PivotWorker.ShouldBe(Worker.Sub);
        opened.AccessPoint.ShouldBe(AccessPoint.Police);
        opened.ExploitationTypes.ShouldBe([ExploitationType.SexualExploitation, ExploitationType.ForcedLabour]);
        opened.AgeGroup.ShouldBe(AgeGroup.From18To24);
        opened.Region.ShouldBe("06");
        opened.OpenedOn.ShouldBe(new DateOnly(2026, 3, 2));
        opened.OpenedAt.ShouldBe(AppFixture.StartOfTime);
        opened.PersonalDetails.ShouldNotBeNull().Ciphertext.ShouldNotContain(Bodies.Canary);
    }
}
