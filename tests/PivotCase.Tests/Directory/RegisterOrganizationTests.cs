using System.Text.Json.Nodes;
using PivotCase.Api.Directory;
using PivotCase.Api.Steps;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Directory;

public sealed class RegisterOrganizationTests(AppFixture app) : DirectoryTest(app)
{
    private const string Url = "/api/directory/organizations";

    [Fact]
    public async Task A_coordinator_registers_a_member_that_reads_back_through_the_api_and_the_store()
    {
        var response = await Post(Url, Organizations.Body("maison-marie", "shelter", ["06", "13"], ["fr", "en", "es"],
            ("housing", true), ("basic_needs", false)), Coordinator, 201);

        response.Json["code"]!.GetValue<string>().ShouldBe("maison-marie");
        response.Headers["Location"].ShouldBe("/api/directory/organizations/maison-marie");

        var stored = (await LoadOrganization("maison-marie")).ShouldNotBeNull();
        stored.Name.ShouldBe("Organisation maison-marie");
        stored.Sector.ShouldBe(OrganizationSector.Shelter);
        stored.Regions.ShouldBe(["06", "13"]);
        stored.Languages.ShouldBe(["fr", "en", "es"]);
        stored.Contact.ShouldBe(new OrganizationContact("Intake desk", "514-555-0100", "intake@maison-marie.example.org"));
        stored.Services.ShouldBe([
            new OrganizationService(ServiceDomain.Housing, "housing for survivors", true),
            new OrganizationService(ServiceDomain.BasicNeeds, "basic_needs for survivors", false)
        ]);
        stored.UpdatedAt.ShouldBe(AppFixture.StartOfTime);
        stored.UpdatedBy.ShouldBe(Coordinator.Sub);
        stored.Version.ShouldBe(1);

        var read = await Get(response.Headers["Location"], Worker, 200);
        read.Json["code"]!.GetValue<string>().ShouldBe("maison-marie");
        read.Json["version"]!.GetValue<long>().ShouldBe(1);
        read.Json["sector"]!.GetValue<string>().ShouldBe("shelter");
        read.Json["contact"]!["email"]!.GetValue<string>().ShouldBe("intake@maison-marie.example.org");
        read.Json["services"]![1]!["domain"]!.GetValue<string>().ShouldBe("basic_needs");
        read.Json["services"]![0]!["available24h"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task A_code_already_in_the_directory_is_a_conflict_and_the_first_member_stays()
    {
        await Register(Organizations.Body("cathii", "community"));

        var response = await Post(Url, Organizations.Body("cathii", "police"), Coordinator, 409);

        response.IsProblem.ShouldBeTrue();
        (await LoadOrganization("cathii")).ShouldNotBeNull().Sector.ShouldBe(OrganizationSector.Community);
    }

    [Fact]
    public async Task Services_are_optional_and_a_missing_available24h_means_office_hours()
    {
        await Post(Url, new
        {
            code = "spvm",
            name = "Police",
            sector = "police",
            regions = new[] { "06" },
            languages = new[] { "fr" },
            contact = new { name = "Desk", email = "desk@spvm.example.org" },
            services = new[] { new { domain = "safety", description = "Protection" } }
        }, Coordinator, 201);

        (await LoadOrganization("spvm")).ShouldNotBeNull().Services.ShouldHaveSingleItem().Available24h.ShouldBeFalse();
    }

    public static TheoryData<string, string> InvalidFields => new()
    {
        { """{"code":"Cathii"}""", "code" },
        { """{"code":"c"}""", "code" },
        { """{"code":"9lives"}""", "code" },
        { """{"code":"a-code-that-is-far-too-long-to-be-one"}""", "code" },
        { """{"code":"cathii\n"}""", "code" },
        { """{"code":null}""", "code" },
        { """{"name":" "}""", "name" },
        { """{"sector":null}""", "sector" },
        { """{"sector":"church"}""", "sector" },
        { """{"regions":[]}""", "regions" },
        { """{"regions":["18"]}""", "regions" },
        { """{"regions":["06","06"]}""", "regions" },
        { """{"languages":[]}""", "languages" },
        { """{"languages":["FR"]}""", "languages" },
        { """{"languages":["french"]}""", "languages" },
        { $$"""{"languages":[{{string.Join(",", Enumerable.Range(0, OrganizationRules.MaxLanguages + 1).Select(index => $"\"a{(char)('a' + index / 26)}{(char)('a' + index % 26)}\""))}}]}""", "languages" },
        { """{"contact":null}""", "contact" },
        { """{"contact":{"name":"Desk","phone":null,"email":null}}""", "contact" },
        { """{"contact":{"name":"Desk","email":"not-an-address"}}""", "contact.email" },
        { """{"contact":{"phone":"514-555-0100"}}""", "contact.name" },
        { """{"services":[{"description":"Shelter","available24h":true}]}""", "services[0].domain" },
        { """{"services":[{"domain":"housing","description":"Shelter"},{"domain":"legal"}]}""", "services[1].description" },
        { $$"""{"services":[{"domain":"housing","description":"{{new string('x', 501)}}"}]}""", "services[0].description" }
    };

    [Fact]
    public async Task Too_many_services_is_one_error_not_one_per_service()
    {
        var body = JsonNode.Parse(Json(Organizations.Body("cathii")))!.AsObject();
        body["services"] = new JsonArray(Enumerable.Range(0, OrganizationRules.MaxServices + 1).Select(_ => (JsonNode?)new JsonObject()).ToArray());

        var response = await Post(Url, body.ToJsonString(), Coordinator, 400);

        response.Errors.ShouldNotBeNull().Select(error => error.Key).ShouldBe(["services"]);
        (await LoadOrganization("cathii")).ShouldBeNull();
    }

    [Theory, MemberData(nameof(InvalidFields))]
    public async Task Each_invalid_field_is_a_400_naming_it_and_nothing_is_stored(string change, string field)
    {
        var body = JsonNode.Parse(Json(Organizations.Body("cathii")))!.AsObject();
        foreach (var (name, value) in JsonNode.Parse(change)!.AsObject().ToList()) body[name] = value?.DeepClone();

        var response = await Post(Url, body.ToJsonString(), Coordinator, 400);

        response.IsProblem.ShouldBeTrue();
        response.Errors.ShouldNotBeNull().ContainsKey(field).ShouldBeTrue(response.Body);
        (await LoadOrganization("cathii")).ShouldBeNull();
    }

    [Fact]
    public async Task An_empty_body_names_every_required_field()
    {
        var response = await Post(Url, "{}", Coordinator, 400);

        response.Errors.ShouldNotBeNull().Select(error => error.Key)
            .ShouldBe(["code", "name", "sector", "regions", "languages", "contact"], ignoreOrder: true);
    }

    [Fact]
    public async Task Only_coordinators_register_members()
    {
        await Post(Url, Organizations.Body(), Worker, 403);
        await Post(Url, Organizations.Body(), Supervisor, 403);
        await Post(Url, Organizations.Body(), Researcher, 403);
        await Post(Url, Organizations.Body(), null, 401);

        (await LoadOrganization("cathii")).ShouldBeNull();
    }
}
