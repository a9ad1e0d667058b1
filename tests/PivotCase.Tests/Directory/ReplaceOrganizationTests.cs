using JasperFx;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using System.Text.Json.Nodes;
using PivotCase.Api.Directory;
using PivotCase.Api.Steps;
using PivotCase.Tests.Cases;
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
        stored.Version.ShouldBe(2);
        response.Json["version"]!.GetValue<long>().ShouldBe(2);

        var read = await Get("/api/directory/organizations/cathii", Supervisor, 200);
        read.Json["services"]!.AsArray().ShouldHaveSingleItem()!["domain"]!.GetValue<string>().ShouldBe("compensation");
    }

    private static JsonObject Expecting(long version, string name, string code = "cathii")
    {
        var body = JsonSerializer.SerializeToNode(Organizations.Body(code))!.AsObject();
        body["name"] = name;
        body["expectedVersion"] = version;
        return body;
    }

    [Fact]
    public async Task A_replacement_may_require_the_version_it_read_and_a_stale_one_changes_nothing()
    {
        await Register(Organizations.Body("cathii"));
        (await Get("/api/directory/organizations/cathii", Supervisor, 200)).Json["version"]!.GetValue<long>().ShouldBe(1);

        (await Put("/api/directory/organizations/cathii", Expecting(1, "First edit"), Coordinator, 200)).Json["version"]!
            .GetValue<long>().ShouldBe(2);
        var stale = await Put("/api/directory/organizations/cathii", Expecting(1, "Second edit, from the old version"), Coordinator, 409);

        stale.ShouldBeCleanProblem(409);
        stale.Json["detail"]!.GetValue<string>().ShouldBe(
            "The member is at version 2, not 1: someone changed it since you read it. Read it again and apply your change to it.");
        var stored = (await LoadOrganization("cathii")).ShouldNotBeNull();
        (stored.Name, stored.Version).ShouldBe(("First edit", 2));

        // Without expectedVersion a replacement is unconditional, as before.
        await Put("/api/directory/organizations/cathii", Organizations.Body("cathii"), Coordinator, 200);
        (await LoadOrganization("cathii")).ShouldNotBeNull().Version.ShouldBe(3);

        // A member expected not to exist yet is created at version 1; one expected at a version it never had is not.
        (await Put("/api/directory/organizations/refuge", Expecting(0, "Refuge", "refuge"), Coordinator, 201)).Json["version"]!
            .GetValue<long>().ShouldBe(1);
        (await Put("/api/directory/organizations/maison", Expecting(2, "Maison", "maison"), Coordinator, 409)).ShouldBeCleanProblem(409);
        (await LoadOrganization("maison")).ShouldBeNull();
    }

    [Fact]
    public async Task Concurrent_replacements_of_the_same_version_are_applied_once()
    {
        await Register(Organizations.Body("cathii"));

        var answers = await Task.WhenAll(Enumerable.Range(1, 6)
            .Select(edit => Put("/api/directory/organizations/cathii", Expecting(1, $"Edit {edit}"), Coordinator)));

        var applied = answers.Where(answer => answer.Status == 200).ShouldHaveSingleItem();
        answers.Where(answer => answer.Status != 200).ShouldAllBe(answer => answer.Status == 409 && answer.IsProblem);
        var stored = (await LoadOrganization("cathii")).ShouldNotBeNull();
        (stored.Name, stored.Version).ShouldBe((applied.Json["name"]!.GetValue<string>(), 2));
    }

    /// <summary>What makes two replacements of one version exclusive: a member is stored only as it was loaded.</summary>
    [Fact]
    public async Task A_member_changed_after_a_request_loaded_it_is_not_overwritten_by_that_request()
    {
        await Register(Organizations.Body("cathii"));
        await using var late = App.Host.Services.GetRequiredService<IDocumentStore>().LightweightSession();
        var loaded = (await late.LoadAsync<OrganizationProfile>("cathii")).ShouldNotBeNull();

        await Put("/api/directory/organizations/cathii", Expecting(1, "Meanwhile"), Coordinator, 200);
        late.Store(loaded with { Name = "Late", Version = 2 });

        await Should.ThrowAsync<ConcurrencyException>(() => late.SaveChangesAsync());
        (await LoadOrganization("cathii")).ShouldNotBeNull().Name.ShouldBe("Meanwhile");
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
