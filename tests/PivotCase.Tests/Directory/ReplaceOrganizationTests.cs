using PivotCase.Api.Directory;
using PivotCase.Api.Steps;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Directory;

public sealed class ReplaceOrganizationTests(AppFixture app) : DirectoryTest(app)
{
    [Fact]
    public async Task Put_replaces_the_whole_profile_and_answers_it()
    {
        await Register(Organizations.Body("cathii", "community", ["06"], ["fr"], ("housing", false), ("legal", false)));
        App.Clock.Advance(TimeSpan.FromDays(3));

        var response = await Put("/api/directory/organizations/cathii",
            Organizations.Body("cathii", "victim_assistance", ["03", "06"], ["fr", "en"], ("compensation", true)), Coordinator, 200);

        response.Json["code"]!.GetValue<string>().ShouldBe("cathii");
        response.Headers.ShouldNotContainKey("Location");
        response.Json["sector"]!.GetValue<string>().ShouldBe("victim_assistance");
        var stored = (await LoadOrganization("cathii")).ShouldNotBeNull();
        stored.Sector.ShouldBe(OrganizationSector.VictimAssistance);
        stored.Regions.ShouldBe(["03", "06"]);
        stored.Services.ShouldBe([new OrganizationService(ServiceDomain.Compensation, "compensation for survivors", true)]);
        stored.UpdatedAt.ShouldBe(AppFixture.StartOfTime.AddDays(3));

        var read = await Get("/api/directory/organizations/cathii", Supervisor, 200);
        read.Json["services"]!.AsArray().ShouldHaveSingleItem()!["domain"]!.GetValue<string>().ShouldBe("compensation");
    }

    [Fact]
    public async Task Put_creates_a_member_under_the_code_in_the_url_whatever_the_body_says()
    {
        var response = await Put("/api/directory/organizations/cavac-mtl", Organizations.Body("somebody-else"), Coordinator, 201);

        response.Json["code"]!.GetValue<string>().ShouldBe("cavac-mtl");
        response.Headers["Location"].ShouldBe("/api/directory/organizations/cavac-mtl");
        (await LoadOrganization("cavac-mtl")).ShouldNotBeNull().Name.ShouldBe("Organisation somebody-else");
        (await LoadOrganization("somebody-else")).ShouldBeNull();
    }

    [Fact]
    public async Task An_invalid_code_in_the_url_or_an_invalid_field_is_a_400()
    {
        var badCode = await Put("/api/directory/organizations/Not_Lower", Organizations.Body(), Coordinator, 400);
        badCode.Errors.ShouldNotBeNull().ContainsKey("code").ShouldBeTrue();

        var badRegion = await Put("/api/directory/organizations/cathii", Organizations.Body(regions: ["00"]), Coordinator, 400);
        badRegion.Errors.ShouldNotBeNull().ContainsKey("regions").ShouldBeTrue();

        (await LoadOrganization("cathii")).ShouldBeNull();
    }

    [Fact]
    public async Task Only_coordinators_replace_members()
    {
        await Register(Organizations.Body("cathii", "community"));

        await Put("/api/directory/organizations/cathii", Organizations.Body("cathii", "police"), Worker, 403);
        await Put("/api/directory/organizations/cathii", Organizations.Body("cathii", "police"), Researcher, 403);
        await Put("/api/directory/organizations/cathii", Organizations.Body("cathii", "police"), null, 401);

        (await LoadOrganization("cathii")).ShouldNotBeNull().Sector.ShouldBe(OrganizationSector.Community);
    }
}
