using System.Text.Json.Nodes;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using PivotCase.Api.Dashboards;
using PivotCase.Api.Incidents;
using PivotCase.Api.Statistics;
using PivotCase.Tests.Cases;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Incidents;

/// <summary>
/// The confidentiality incident register of Law 25: each organisation's supervisors keep theirs, coordinators see every
/// member's, and every entry holds what the regulation lists, each part with who entered it and when.
/// </summary>
public sealed class IncidentRegisterTests(AppFixture app) : IntegrationTest(app)
{
    private static readonly TestUser Coordinator = TestUser.Coordinator();
    private static readonly TestUser OtherOrgSupervisor = TestUser.Supervisor("autre", "supervisor-9");

    private static object Incident(IEnumerable<Guid>? cases = null, int persons = 1) => new
    {
        kind = "unauthorized_communication",
        informationConcerned = "A referral's reason and the case's region",
        circumstances = "A referral was sent to the wrong member organisation",
        occurredFrom = "2026-02-27",
        discoveredOn = "2026-03-01",
        personsConcerned = persons,
        cases = cases?.ToArray()
    };

    private async Task<Guid> Record(object? body = null, TestUser? user = null) =>
        (await Post("/api/privacy/incidents", body ?? Incident(), user ?? Supervisor, 201)).Json["id"]!.GetValue<Guid>();

    private async Task<int> IncidentEventCount()
    {
        await using var session = App.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.Events.QueryRawEventDataOnly<IncidentRecorded>().CountAsync()
               + await session.Events.QueryRawEventDataOnly<IncidentRevised>().CountAsync()
               + await session.Events.QueryRawEventDataOnly<IncidentRiskAssessed>().CountAsync()
               + await session.Events.QueryRawEventDataOnly<IncidentNoticeSent>().CountAsync()
               + await session.Events.QueryRawEventDataOnly<IncidentMeasureTaken>().CountAsync();
    }

    [Fact]
    public async Task A_supervisor_enters_an_incident_in_their_organisations_register_and_reads_it_back()
    {
        var caseId = await OpenCase();

        var created = await Post("/api/privacy/incidents", new
        {
            kind = "unauthorized_communication",
            informationConcerned = "  A referral's reason and the case's region ",
            circumstances = "A referral was sent to the wrong member organisation",
            occurredFrom = "2026-02-27",
            occurredTo = "2026-02-28",
            occurrenceApproximate = true,
            discoveredOn = "2026-03-01",
            personsConcerned = 3,
            personsConcernedApproximate = true,
            cases = new[] { caseId },
            recordedBy = "someone-else",
            version = 7
        }, Supervisor, 201);

        var id = created.Json["id"]!.GetValue<Guid>();
        created.Json["version"]!.GetValue<long>().ShouldBe(1);
        created.Headers["Location"].ShouldBe($"/api/privacy/incidents/{id}");

        var recorded = (await Stream(id)).ShouldHaveSingleItem().Data.ShouldBeOfType<IncidentRecorded>();
        recorded.ShouldBe(new IncidentRecorded(id, "cathii", IncidentKind.UnauthorizedCommunication,
            "A referral's reason and the case's region", "A referral was sent to the wrong member organisation",
            new DateOnly(2026, 2, 27), new DateOnly(2026, 2, 28), true, new DateOnly(2026, 3, 1), 3, true, recorded.Cases,
            Supervisor.Sub, AppFixture.StartOfTime));
        recorded.Cases.ShouldBe([caseId]);

        var entry = await Get($"/api/privacy/incidents/{id}", Supervisor, 200);
        entry.Headers["ETag"].ShouldBe("\"1\"");
        var json = entry.Json;
        json["organization"]!.GetValue<string>().ShouldBe("cathii");
        json["kind"]!.GetValue<string>().ShouldBe("unauthorized_communication");
        json["occurredTo"]!.GetValue<string>().ShouldBe("2026-02-28");
        json["discoveredOn"]!.GetValue<string>().ShouldBe("2026-03-01");
        json["keepUntil"]!.GetValue<string>().ShouldBe("2031-03-01");
        json["personsConcerned"]!.GetValue<int>().ShouldBe(3);
        json["recordedBy"]!.GetValue<string>().ShouldBe(Supervisor.Sub);
        json["seriousInjuryRisk"].ShouldBeNull();
        json["noticesOutstanding"]!.AsArray().ShouldBeEmpty();
        json["cases"]!.AsArray().Select(node => node!.GetValue<Guid>()).ShouldBe([caseId]);
    }

    [Fact]
    public async Task A_serious_risk_lists_the_notices_owed_until_they_are_recorded_and_every_part_keeps_who_and_when()
    {
        var id = await Record();
        var at = $"/api/privacy/incidents/{id}";

        App.Clock.Advance(TimeSpan.FromHours(1));
        (await Post($"{at}/risk-assessment", new { seriousInjuryRisk = false, reasons = "Only the region was disclosed" }, Supervisor, 200))
            .Json["version"]!.GetValue<long>().ShouldBe(2);
        App.Clock.Advance(TimeSpan.FromHours(1));
        await Post($"{at}/risk-assessment", new { seriousInjuryRisk = true, reasons = "The reason named the exploitation", expectedVersion = 2 },
            Coordinator, 200);
        var owed = (await Get(at, Supervisor, 200)).Json;
        owed["seriousInjuryRisk"]!.GetValue<bool>().ShouldBeTrue();
        owed["riskAssessments"]!.AsArray().Select(node => node!["assessedBy"]!.GetValue<string>()).ShouldBe([Supervisor.Sub, Coordinator.Sub]);
        Outstanding(owed).ShouldBe(["commission", "persons_concerned"]);

        var notice = await Post($"{at}/notices", new { recipient = "commission", sentOn = "2026-03-02" }, Supervisor, 201);
        notice.Json["version"]!.GetValue<long>().ShouldBe(4);
        Outstanding((await Get(at, Supervisor, 200)).Json).ShouldBe(["persons_concerned"]);

        (await Post($"{at}/notices", new { recipient = "public", sentOn = "2026-03-02" }, Supervisor, 400)).ErrorFields().ShouldBe(["ground"]);
        (await Post($"{at}/notices", new { recipient = "commission", sentOn = "2026-03-02", ground = "urgency" }, Supervisor, 400))
            .ErrorFields().ShouldBe(["ground"]);
        await Post($"{at}/notices", new { recipient = "public", sentOn = "2026-03-02", ground = "urgency" }, Supervisor, 201);
        Outstanding((await Get(at, Supervisor, 200)).Json).ShouldBe(["persons_concerned"]);
        await Post($"{at}/notices", new { recipient = "public", sentOn = "2026-03-02", ground = "no_contact_information" }, Supervisor, 201);
        var measure = await Post($"{at}/measures", new { description = "Referral recalled; directory entry checked", takenOn = "2026-03-01" },
            Supervisor, 201);

        var entry = (await Get(at, Coordinator, 200)).Json;
        Outstanding(entry).ShouldBeEmpty();
        entry["version"]!.GetValue<long>().ShouldBe(7);
        entry["notices"]!.AsArray().Select(node => (node!["recipient"]!.GetValue<string>(), node["ground"]?.GetValue<string>()))
            .ShouldBe([("commission", null), ("public", "urgency"), ("public", "no_contact_information")]);
        entry["notices"]![0]!["noticeId"]!.GetValue<Guid>().ShouldBe(notice.Json["noticeId"]!.GetValue<Guid>());
        entry["measures"]!.AsArray().ShouldHaveSingleItem()!["measureId"]!.GetValue<Guid>()
            .ShouldBe(measure.Json["measureId"]!.GetValue<Guid>());

        var events = await Stream(id);
        events.Select(e => e.Data.GetType()).ShouldBe([typeof(IncidentRecorded), typeof(IncidentRiskAssessed), typeof(IncidentRiskAssessed),
            typeof(IncidentNoticeSent), typeof(IncidentNoticeSent), typeof(IncidentNoticeSent), typeof(IncidentMeasureTaken)]);
        events[2].Data.ShouldBe(new IncidentRiskAssessed(id, true, "The reason named the exploitation", Coordinator.Sub,
            AppFixture.StartOfTime.AddHours(2)));
        events[4].Data.ShouldBeOfType<IncidentNoticeSent>().Ground.ShouldBe(PublicNoticeGround.Urgency);
        events[6].Data.ShouldBeOfType<IncidentMeasureTaken>().TakenOn.ShouldBe(new DateOnly(2026, 3, 1));
    }

    private static string[] Outstanding(JsonNode entry) =>
        entry["noticesOutstanding"]!.AsArray().Select(node => node!.GetValue<string>()).ToArray();

    [Fact]
    public async Task A_stale_version_is_refused_with_409_and_appends_nothing()
    {
        var id = await Record();
        await Post($"/api/privacy/incidents/{id}/measures", new { description = "Access revoked", takenOn = "2026-03-02" }, Supervisor, 201);

        (await Post($"/api/privacy/incidents/{id}/risk-assessment", new { seriousInjuryRisk = true, reasons = "Sensitive", expectedVersion = 1 },
            Supervisor, 409)).ShouldBeCleanProblem(409);

        (await Stream(id)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Another_organisations_entry_is_404_for_reads_and_writes_and_nothing_is_appended()
    {
        var id = await Record();
        var before = await IncidentEventCount();

        (await Get($"/api/privacy/incidents/{id}", OtherOrgSupervisor, 404)).ShouldBeCleanProblem(404);
        (await Get($"/api/privacy/incidents/{Guid.NewGuid()}", Supervisor, 404)).ShouldBeCleanProblem(404);
        await Post($"/api/privacy/incidents/{id}/risk-assessment", new { seriousInjuryRisk = true, reasons = "x" }, OtherOrgSupervisor, 404);
        await Post($"/api/privacy/incidents/{id}/notices", new { recipient = "commission", sentOn = "2026-03-02" }, OtherOrgSupervisor, 404);
        await Post($"/api/privacy/incidents/{id}/measures", new { description = "x", takenOn = "2026-03-02" }, OtherOrgSupervisor, 404);

        (await IncidentEventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task Caseworkers_and_researchers_may_not_use_the_register()
    {
        var id = await Record();

        foreach (var user in new[] { Worker, TestUser.Researcher() })
        {
            (await Post("/api/privacy/incidents", Incident(), user, 403)).ShouldBeCleanProblem(403);
            await Get("/api/privacy/incidents", user, 403);
            await Get($"/api/privacy/incidents/{id}", user, 403);
            await Post($"/api/privacy/incidents/{id}/measures", new { description = "x", takenOn = "2026-03-02" }, user, 403);
            await Post($"/api/privacy/incidents/{id}/notices", new { recipient = "commission", sentOn = "2026-03-02" }, user, 403);
            await Post($"/api/privacy/incidents/{id}/risk-assessment", new { seriousInjuryRisk = true, reasons = "x" }, user, 403);
            await Post($"/api/privacy/incidents/{id}/revisions", Incident(), user, 403);
        }

        await Get("/api/privacy/incidents", null, 401);
        (await Stream(id)).Count.ShouldBe(1);
        (await IncidentEventCount()).ShouldBe(1, "a refused entry starts no stream of its own");
    }

    [Fact]
    public async Task A_supervisor_lists_their_own_register_and_a_coordinator_every_members_newest_discovery_first()
    {
        var older = await Record(new
        {
            kind = "loss", informationConcerned = "A printed caseload list", circumstances = "Left on a bus",
            occurredFrom = "2026-01-10", discoveredOn = "2026-01-12", personsConcerned = 12, personsConcernedApproximate = true
        });
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var newer = await Record();
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var elsewhere = await Record(user: OtherOrgSupervisor);

        var own = (await Get("/api/privacy/incidents", Supervisor, 200)).Json;
        Ids(own).ShouldBe([newer, older]);
        own["totalCount"]!.GetValue<long>().ShouldBe(2);

        Ids((await Get("/api/privacy/incidents", Coordinator, 200)).Json).ShouldBe([elsewhere, newer, older]);
        Ids((await Get("/api/privacy/incidents?organization=autre", Coordinator, 200)).Json).ShouldBe([elsewhere]);
        Ids((await Get("/api/privacy/incidents?from=2026-02-01&to=2026-03-02", Supervisor, 200)).Json).ShouldBe([newer]);
        (await Get("/api/privacy/incidents?organization=autre", Supervisor, 403)).ShouldBeCleanProblem(403);
        Ids((await Get("/api/privacy/incidents?organization=cathii", Supervisor, 200)).Json).ShouldBe([newer, older]);

        var pastTheEnd = (await Get("/api/privacy/incidents?page=3&pageSize=1", Supervisor, 200)).Json;
        Ids(pastTheEnd).ShouldBeEmpty();
        pastTheEnd["totalCount"]!.GetValue<long>().ShouldBe(2);
        (await Get("/api/privacy/incidents?from=2026-03-02&to=2026-03-01", Supervisor, 400)).ErrorFields().ShouldBe(["to"]);
        (await Get("/api/privacy/incidents?organization=Not%20a%20code", Coordinator, 400)).ErrorFields().ShouldBe(["organization"]);
    }

    private static Guid[] Ids(JsonNode page) => page["items"]!.AsArray().Select(node => node!["id"]!.GetValue<Guid>()).ToArray();

    [Fact]
    public async Task Bad_entries_are_refused_with_each_field_named_and_append_nothing()
    {
        var missing = await Post("/api/privacy/incidents", new { }, Supervisor, 400);
        missing.ErrorFields().ShouldBe(["kind", "informationConcerned", "circumstances", "occurredFrom", "discoveredOn", "personsConcerned"],
            ignoreOrder: true);

        var wrongDays = await Post("/api/privacy/incidents", new
        {
            kind = "loss", informationConcerned = "x", circumstances = "y", occurredFrom = "2026-03-03", occurredTo = "2026-03-01",
            discoveredOn = "2026-03-02", personsConcerned = 0
        }, Supervisor, 400);
        wrongDays.ErrorFields().ShouldBe(["occurredFrom", "occurredTo", "discoveredOn", "personsConcerned"], ignoreOrder: true);

        (await Post("/api/privacy/incidents", new
        {
            kind = "loss", informationConcerned = new string('x', IncidentRules.MaxDescriptionLength + 1), circumstances = "y",
            occurredFrom = "1999-12-31", discoveredOn = "2026-03-03", personsConcerned = 1
        }, Supervisor, 400)).ErrorFields().ShouldBe(["informationConcerned", "occurredFrom", "discoveredOn"], ignoreOrder: true);
        (await Post("/api/privacy/incidents", new { kind = "theft" }, Supervisor, 400)).ShouldBeCleanProblem(400);
        (await Post("/api/privacy/incidents", new
        {
            kind = "loss", informationConcerned = "x", circumstances = "y", occurredFrom = "2026-03-01", occurredTo = "2026-03-03",
            discoveredOn = "2026-03-02", personsConcerned = IncidentRules.MaxPersonsConcerned + 1,
            cases = Enumerable.Range(0, IncidentRules.MaxCases + 1).Select(_ => Guid.NewGuid())
        }, Supervisor, 400)).ErrorFields().ShouldBe(["occurredTo", "personsConcerned", "cases"], ignoreOrder: true);

        var id = await Record();
        (await Post($"/api/privacy/incidents/{id}/notices", new { recipient = "commission", sentOn = "2026-02-28" }, Supervisor, 400))
            .ErrorFields().ShouldBe(["sentOn"]);
        (await Post($"/api/privacy/incidents/{id}/measures", new { description = " ", takenOn = "2026-03-03" }, Supervisor, 400))
            .ErrorFields().ShouldBe(["description", "takenOn"], ignoreOrder: true);
        (await Post($"/api/privacy/incidents/{id}/risk-assessment", new { reasons = "x" }, Supervisor, 400))
            .ErrorFields().ShouldBe(["seriousInjuryRisk"]);

        (await IncidentEventCount()).ShouldBe(1);
    }

    [Fact]
    public async Task Only_cases_of_the_callers_organisation_can_be_named_and_the_answer_does_not_tell_unknown_from_hidden()
    {
        var own = await OpenCase();
        var others = await OpenCase(OtherOrgWorker);

        var hidden = await Post("/api/privacy/incidents", Incident([own, others], persons: 2), Supervisor, 400);
        var unknown = await Post("/api/privacy/incidents", Incident([own, Guid.NewGuid()], persons: 2), Supervisor, 400);
        hidden.Body.ShouldBe(unknown.Body);
        hidden.ErrorFields().ShouldBe(["cases"]);

        (await Post("/api/privacy/incidents", Incident([own, own], persons: 2), Supervisor, 400)).ErrorFields().ShouldBe(["cases"]);
        (await Post("/api/privacy/incidents", Incident([own], persons: 0), Supervisor, 400)).ErrorFields().ShouldBe(["personsConcerned"]);
        (await IncidentEventCount()).ShouldBe(0);

        (await Post("/api/privacy/incidents", Incident([own, others], persons: 2), Coordinator, 400)).Body.ShouldBe(hidden.Body);
        (await IncidentEventCount()).ShouldBe(0);
    }

    /// <summary>
    /// A copy of the register as CSV: every entry (never a page of them), one row each, where no text can run as a
    /// spreadsheet formula.
    /// </summary>
    [Fact]
    public async Task The_register_comes_as_csv_one_row_per_entry_with_texts_that_cannot_run_as_formulas()
    {
        var caseId = await OpenCase();
        var id = await Record(new
        {
            kind = "loss", informationConcerned = "=HYPERLINK(\"http://example.org\")", circumstances = "Left on a bus, found, \"returned\"",
            occurredFrom = "2026-02-27", discoveredOn = "2026-03-01", personsConcerned = 3, personsConcernedApproximate = true, cases = new[] { caseId }
        });
        await Post($"/api/privacy/incidents/{id}/risk-assessment", new { seriousInjuryRisk = true, reasons = "Sensitive" }, Supervisor, 200);
        await Post($"/api/privacy/incidents/{id}/notices", new { recipient = "public", sentOn = "2026-03-02", ground = "urgency" }, Supervisor, 201);

        var csv = await Send(HttpMethod.Get, "/api/privacy/incidents", null, Bearer(Supervisor), 200,
            new Dictionary<string, string> { ["Accept"] = "text/csv" });

        csv.ContentType.ShouldNotBeNull().ShouldStartWith("text/csv");
        csv.Headers["Vary"].ShouldBe("Accept");
        var lines = csv.Body.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(2);
        await Record();
        var whole = await Send(HttpMethod.Get, "/api/privacy/incidents?pageSize=1", null, Bearer(Supervisor), 200,
            new Dictionary<string, string> { ["Accept"] = "text/csv" });
        whole.Body.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(3);

        var raw = await App.Host.Scenario(scenario =>
        {
            scenario.Get.Url("/api/privacy/incidents");
            scenario.WithRequestHeader("Authorization", Bearer(Supervisor));
            scenario.WithRequestHeader("Accept", "text/csv");
        });
        using var body = new MemoryStream();
        await raw.Context.Response.Body.CopyToAsync(body);
        var bytes = body.ToArray();
        bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF }, "a byte-order mark, so that a spreadsheet reads the accents as UTF-8");
        lines[0].ShouldStartWith("id,organization,kind,information_concerned,circumstances,");
        lines[1].ShouldStartWith($"{id},cathii,loss,\"'=HYPERLINK(\"\"http://example.org\"\")\",\"Left on a bus, found, \"\"returned\"\"\",2026-02-27,,false,2026-03-01,3,true,1,true,Sensitive,public (urgency) 2026-03-02,commission; persons_concerned,,2031-03-01,supervisor-1,");
        lines[1].ShouldNotContain(caseId.ToString());
    }

    /// <summary>
    /// Each member keeps its own register: a coordinator enters an incident in the register of the member whose cases it
    /// touched; a supervisor cannot choose another organisation's register.
    /// </summary>
    [Fact]
    public async Task A_coordinator_enters_an_incident_in_a_members_register()
    {
        var theirs = await OpenCase(OtherOrgWorker);
        var body = new
        {
            kind = "unauthorized_access", informationConcerned = "Case profiles", circumstances = "A shared account", occurredFrom = "2026-03-01",
            discoveredOn = "2026-03-02", personsConcerned = 1, cases = new[] { theirs }, organization = "autre"
        };

        (await Post("/api/privacy/incidents", body, Supervisor, 403)).ShouldBeCleanProblem(403);
        (await IncidentEventCount()).ShouldBe(0);
        var id = await Record(body, Coordinator);

        var entry = (await Load<IncidentRegisterEntry>(id)).ShouldNotBeNull();
        entry.Organization.ShouldBe("autre");
        entry.Cases.ShouldBe([theirs]);
        entry.RecordedBy.ShouldBe(Coordinator.Sub);
        (await Get($"/api/privacy/incidents/{id}", OtherOrgSupervisor, 200)).Json["organization"]!.GetValue<string>().ShouldBe("autre");
        await Get($"/api/privacy/incidents/{id}", Supervisor, 404);
        (await Post("/api/privacy/incidents", new { organization = "Autre!" }, Coordinator, 400)).ErrorFields().ShouldBe(["organization"]);
        (await IncidentEventCount()).ShouldBe(1);
    }

    /// <summary>The register is kept up to date: a revision replaces the facts, and the stream keeps what they were.</summary>
    [Fact]
    public async Task A_revision_brings_the_facts_up_to_date_and_the_stream_keeps_the_earlier_ones()
    {
        var caseId = await OpenCase();
        var id = await Record();
        var at = $"/api/privacy/incidents/{id}";
        await Post($"{at}/measures", new { description = "Referral recalled", takenOn = "2026-03-02" }, Supervisor, 201);
        App.Clock.Advance(TimeSpan.FromHours(3));
        var revision = new
        {
            kind = "unauthorized_communication", informationConcerned = "Referral reasons and regions", circumstances = "Two referrals went to the wrong member",
            occurredFrom = "2026-02-20", occurredTo = "2026-02-28", discoveredOn = "2026-03-01", personsConcerned = 2, cases = new[] { caseId },
            expectedVersion = 2
        };

        (await Post($"{at}/revisions", revision, Supervisor, 200)).Json["version"]!.GetValue<long>().ShouldBe(3);

        var entry = (await Get(at, Supervisor, 200)).Json;
        entry["occurredFrom"]!.GetValue<string>().ShouldBe("2026-02-20");
        entry["occurredTo"]!.GetValue<string>().ShouldBe("2026-02-28");
        entry["personsConcerned"]!.GetValue<int>().ShouldBe(2);
        entry["circumstances"]!.GetValue<string>().ShouldBe("Two referrals went to the wrong member");
        entry["recordedBy"]!.GetValue<string>().ShouldBe(Supervisor.Sub);
        var revised = entry["revisions"]!.AsArray().ShouldHaveSingleItem()!;
        revised["revisedBy"]!.GetValue<string>().ShouldBe(Supervisor.Sub);
        revised["revisedAt"]!.GetValue<DateTimeOffset>().ShouldBe(AppFixture.StartOfTime.AddHours(3));
        var events = await Stream(id);
        events[0].Data.ShouldBeOfType<IncidentRecorded>().Circumstances.ShouldBe("A referral was sent to the wrong member organisation");
        events[2].Data.ShouldBeOfType<IncidentRevised>().Cases.ShouldBe([caseId]);

        (await Post($"{at}/revisions", revision with { expectedVersion = 2 }, Supervisor, 409)).ShouldBeCleanProblem(409);
        (await Post($"{at}/revisions", new { revision.kind, revision.informationConcerned, revision.circumstances, revision.occurredFrom,
            discoveredOn = "2026-03-02", personsConcerned = 2 }, Supervisor, 200)).Json["version"]!.GetValue<long>().ShouldBe(4);
        (await Post($"{at}/revisions", new { revision.kind, revision.informationConcerned, revision.circumstances, revision.occurredFrom,
            discoveredOn = "2026-03-02", personsConcerned = 2 }, OtherOrgSupervisor, 404)).ShouldBeCleanProblem(404);
        (await Stream(id)).Count.ShouldBe(4);
    }

    /// <summary>A case named then transferred to another member stays named; only cases a revision adds are checked.</summary>
    [Fact]
    public async Task A_revision_keeps_a_case_named_before_it_was_transferred_and_checks_only_the_cases_it_adds()
    {
        var transferred = await OpenCase();
        var elsewhere = await OpenCase(OtherOrgWorker);
        var id = await Record(Incident([transferred]));
        await Post("/api/directory/organizations", PivotCase.Tests.Directory.Organizations.Body("autre"), Coordinator, 201);
        await Post($"/api/cases/{transferred}/consents",
            new { scope = "share_with_organization", organization = "autre", givenOn = "2026-03-02" }, Worker, 201);
        await Post($"/api/cases/{transferred}/transfer", new { toWorker = OtherOrgWorker.Sub, toOrganization = "autre" }, Worker, 200);
        object Revision(params Guid[] cases) => new
        {
            kind = "unauthorized_communication", informationConcerned = "A referral's reason", circumstances = "Sent to the wrong member",
            occurredFrom = "2026-02-27", occurredTo = "2026-02-28", discoveredOn = "2026-03-01", personsConcerned = 2, cases
        };

        (await Post($"/api/privacy/incidents/{id}/revisions", Revision(transferred, elsewhere), Supervisor, 400)).ErrorFields().ShouldBe(["cases"]);
        await Post($"/api/privacy/incidents/{id}/revisions", Revision(transferred), Supervisor, 200);

        (await Load<IncidentRegisterEntry>(id)).ShouldNotBeNull().Cases.ShouldBe([transferred]);
        (await Stream(id)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_revised_day_of_discovery_cannot_come_after_the_first_follow_up()
    {
        var id = await Record();
        await Post($"/api/privacy/incidents/{id}/measures", new { description = "Access revoked", takenOn = "2026-03-01" }, Supervisor, 201);

        (await Post($"/api/privacy/incidents/{id}/revisions", new
        {
            kind = "loss", informationConcerned = "x", circumstances = "y", occurredFrom = "2026-02-27", discoveredOn = "2026-03-02",
            personsConcerned = 1
        }, Supervisor, 400)).ErrorFields().ShouldBe(["discoveredOn"]);
        (await Stream(id)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task An_entry_takes_a_bounded_number_of_additions()
    {
        var id = await Record();
        for (var addition = 0; addition < IncidentAccess.MaxAdditions; addition++)
            await Post($"/api/privacy/incidents/{id}/measures", new { description = $"Measure {addition}", takenOn = "2026-03-02" }, Supervisor, 201);

        (await Post($"/api/privacy/incidents/{id}/measures", new { description = "One more", takenOn = "2026-03-02" }, Supervisor, 409))
            .ShouldBeCleanProblem(409);
        (await Stream(id)).Count.ShouldBe(IncidentAccess.MaxAdditions + 1);
        await Post($"/api/privacy/incidents/{id}/notices", new { recipient = "commission", sentOn = "2026-03-02" }, Supervisor, 201);
        (await Stream(id)).Count.ShouldBe(IncidentAccess.MaxAdditions + 2);
        (await Load<ConfidentialityIncident>(id)).ShouldNotBeNull().Notices.ShouldBe(1);
    }

    /// <summary>
    /// Register entries and cases are streams of the same store: neither route takes the other's id, and the case
    /// projections of the dashboards and statistics make nothing of an incident.
    /// </summary>
    [Fact]
    public async Task An_incident_is_not_a_case_and_a_case_is_not_an_incident()
    {
        var caseId = await OpenCase();
        var incidentId = await Record();

        await Get($"/api/cases/{incidentId}", Supervisor, 404);
        await Post($"/api/cases/{incidentId}/steps", new { domain = "housing", title = "Shelter", timeframe = "immediate" }, Worker, 404);
        await Get($"/api/privacy/incidents/{caseId}", Supervisor, 404);
        await Post($"/api/privacy/incidents/{caseId}/measures", new { description = "x", takenOn = "2026-03-02" }, Supervisor, 404);

        (await Stream(incidentId)).Count.ShouldBe(1);
        (await Stream(caseId)).Count.ShouldBe(1);
        await ProjectionsCaughtUp();
        (await Load<CaseloadEntry>(incidentId)).ShouldBeNull();
        (await Load<StatisticalCase>(incidentId)).ShouldBeNull();
        (await Get("/api/dashboard", Supervisor, 200)).Json["openCases"]!.GetValue<int>().ShouldBe(1);
    }
}
