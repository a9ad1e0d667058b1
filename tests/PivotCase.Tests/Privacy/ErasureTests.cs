using System.Text.Json;
using System.Text.Json.Nodes;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using PivotCase.Api.Cases;
using PivotCase.Api.Dashboards;
using PivotCase.Api.Privacy;
using PivotCase.Api.Recovery;
using PivotCase.Tests.Cases;
using PivotCase.Tests.Support;
using Case = PivotCase.Api.Cases.Case;

namespace PivotCase.Tests.Privacy;

/// <summary>
/// POST /api/cases/{id}/erasure: the personal details become unrecoverable everywhere (answers, events, read models,
/// a database dump) while the de-identified case, its history and the facts statistics count stay.
/// </summary>
public sealed class ErasureTests(AppFixture app) : PrivacyTest(app)
{
    [Fact]
    public async Task Erasure_destroys_the_key_masks_the_events_and_keeps_the_de_identified_case()
    {
        var id = await OpenCase(body: MinorWithCanary);
        await Post($"/api/cases/{id}/needs", new { domain = "housing", timeframe = "immediate" }, Worker, 201);
        await PlanStep(id);
        await Post($"/api/cases/{id}/assessments", new { assessedOn = "2026-03-02", scores = new { safety = 2 } }, Worker, 201);

        var before = await Get($"/api/cases/{id}", Worker, 200);
        before.Body.ShouldContain(Bodies.Canary);
        Deadlines(before).ShouldContain("eighteenth_birthday");
        var historyBefore = (await Get($"/api/cases/{id}/history", Worker, 200)).Json.AsArray();
        var openedBefore = await OpeningEvent(id);
        var ciphertext = openedBefore.PersonalDetails.ShouldNotBeNull().Ciphertext;
        var wrappedKey = (await Load<CaseKey>(id)).ShouldNotBeNull().WrappedKey;
        await ProjectionsCaughtUp();
        (await Load<CaseloadEntry>(id)).ShouldNotBeNull().ComesOfAgeMonth.ShouldBe(ComesOfAgeMonth);

        var erasure = await Erase(id);
        // Cleared with the erasure itself, before the async projection reaches it.
        (await Load<CaseloadEntry>(id)).ShouldNotBeNull().ComesOfAgeMonth.ShouldBeNull();

        erasure.Json["id"]!.GetValue<Guid>().ShouldBe(id);
        erasure.Json["version"]!.GetValue<long>().ShouldBe(5);
        erasure.Json["reason"]!.GetValue<string>().ShouldBe("survivor_request");
        erasure.Json["erasedBy"]!.GetValue<string>().ShouldBe(Coordinator.Sub);

        var stream = await Stream(id);
        stream.Count.ShouldBe(5);
        var erased = stream[^1].Data.ShouldBeOfType<PersonalDetailsErased>();
        erased.ShouldBe(new PersonalDetailsErased(id, ErasureReason.SurvivorRequest, Coordinator.Sub, AppFixture.StartOfTime));
        var opened = await OpeningEvent(id);
        opened.PersonalDetails.ShouldBeNull();
        opened.ComesOfAgeMonth.ShouldBeNull();
        Serialized(opened).ShouldBe(Serialized(openedBefore with { PersonalDetails = null, ComesOfAgeMonth = null }));
        (await Load<CaseKey>(id)).ShouldBeNull();

        var after = await Get($"/api/cases/{id}", Worker, 200);
        after.Body.ShouldNotContain(Bodies.Canary, Shouldly.Case.Insensitive);
        after.Json["personalDetails"].ShouldBeNull();
        after.Json["personalDetailsErasedAt"].ShouldNotBeNull();
        after.Json["version"]!.GetValue<long>().ShouldBe(5);
        Deadlines(after).ShouldNotContain("eighteenth_birthday");
        foreach (var kept in new[] { "accessPoint", "exploitationTypes", "trafficking", "ageGroup", "gender", "region", "openedOn", "needs", "steps", "status" })
            after.Json[kept]!.ToJsonString().ShouldBe(before.Json[kept]!.ToJsonString(), kept);

        var history = (await Get($"/api/cases/{id}/history", Worker, 200)).Json.AsArray();
        history.Count.ShouldBe(historyBefore.Count + 1);
        history.Take(historyBefore.Count).Select(VersionAndType).ShouldBe(historyBefore.Select(VersionAndType));
        history[^1]!["summary"]!.GetValue<string>().ShouldBe("Personal details erased (survivor_request)");
        history[^1]!["by"]!.GetValue<string>().ShouldBe(Coordinator.Sub);
        (await Get($"/api/cases/{id}/recovery", Worker, 200)).Json["trajectory"]!.AsArray().Count.ShouldBe(1);

        await ProjectionsCaughtUp();
        (await Load<CaseloadEntry>(id)).ShouldNotBeNull().ComesOfAgeMonth.ShouldBeNull();
        (await Load<CaseDetails>(id)).ShouldNotBeNull().PersonalDetails.ShouldBeNull();
        (await DatabaseScan.RowsWithAny(App.ConnectionString, ciphertext, wrappedKey, Bodies.Canary)).ShouldBeEmpty();
    }

    [Fact]
    public async Task After_erasure_a_pg_dump_holds_neither_the_ciphertext_nor_the_key_nor_the_birthday_month()
    {
        var id = await OpenCase(body: MinorWithCanary);
        var ciphertext = (await OpeningEvent(id)).PersonalDetails!.Ciphertext;
        var wrappedKey = (await Load<CaseKey>(id))!.WrappedKey;
        await ProjectionsCaughtUp();

        var dumpBefore = await DatabaseScan.PgDump(App.ConnectionString);
        dumpBefore.ShouldContain(ciphertext);
        dumpBefore.ShouldContain(wrappedKey);
        dumpBefore.ShouldContain(ComesOfAgeMonth.ToString("yyyy-MM-dd"));
        dumpBefore.ShouldNotContain(Bodies.Canary, Shouldly.Case.Insensitive);

        await Erase(id);
        await ProjectionsCaughtUp();

        var dump = await DatabaseScan.PgDump(App.ConnectionString);
        dump.ShouldContain(id.ToString());
        dump.ShouldContain("personal_details_erased");
        dump.ShouldNotContain(ciphertext);
        dump.ShouldNotContain(wrappedKey);
        dump.ShouldNotContain(ComesOfAgeMonth.ToString("yyyy-MM-dd"));
        dump.ShouldNotContain(Bodies.Canary, Shouldly.Case.Insensitive);
    }

    [Fact]
    public async Task A_repeated_erasure_appends_nothing_and_answers_the_first_one()
    {
        var id = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));
        var first = await Erase(id, "survivor_request");

        App.Clock.Advance(TimeSpan.FromHours(2));
        var second = await Erase(id, "purpose_achieved");

        second.Body.ShouldBe(first.Body);
        second.Json["version"]!.GetValue<long>().ShouldBe(2);
        second.Json["reason"]!.GetValue<string>().ShouldBe("survivor_request");
        (await Stream(id)).Count(e => e.Data is PersonalDetailsErased).ShouldBe(1);
        (await Load<CaseKey>(id)).ShouldBeNull();

        // The journal a restore from backup would replay: a line before and one after the erasure's commit, ids and
        // reason only; the repeat, which erased nothing, logs neither.
        App.Logs.Lines.Where(line => line.Contains($"Erasing the personal details of case {id} (SurvivorRequest) by {Coordinator.Sub}"))
            .ShouldHaveSingleItem();
        App.Logs.Lines.Where(line => line.Contains($"Personal details of case {id} erased (SurvivorRequest) by {Coordinator.Sub}"))
            .ShouldHaveSingleItem();
    }

    [Fact]
    public async Task An_erasure_with_a_stale_expected_version_is_409_and_erases_nothing()
    {
        var id = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));
        await PlanStep(id);

        var stale = await Post($"/api/cases/{id}/erasure", new { reason = "survivor_request", expectedVersion = 1 }, Coordinator);

        stale.ShouldBeCleanProblem(409);
        (await Load<CaseKey>(id)).ShouldNotBeNull();
        (await Stream(id)).Count.ShouldBe(2);
        (await Get($"/api/cases/{id}", Worker, 200)).Json["personalDetails"].ShouldNotBeNull();

        var erased = await Post($"/api/cases/{id}/erasure", new { reason = "survivor_request", expectedVersion = 2 }, Coordinator, 200);
        erased.Json["version"]!.GetValue<long>().ShouldBe(3);
        (await Load<CaseKey>(id)).ShouldBeNull();
    }

    [Fact]
    public async Task Coordinators_erase_any_organisations_case_and_no_one_else_erases()
    {
        var id = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));

        (await Erase(id, user: Worker, expectedStatus: null)).ShouldBeCleanProblem(403);
        (await Erase(id, user: Supervisor, expectedStatus: null)).ShouldBeCleanProblem(403);
        (await Erase(id, user: Researcher, expectedStatus: null)).ShouldBeCleanProblem(403);
        (await Send(HttpMethod.Post, $"/api/cases/{id}/erasure", new { reason = "other" }, null)).Status.ShouldBe(401);
        (await Stream(id)).Count.ShouldBe(1);
        (await Load<CaseKey>(id)).ShouldNotBeNull();

        // The coordinator's organisation ("coalition") owns no case: coordinators act coalition-wide.
        await Erase(id, "other", Coordinator);
        (await Stream(id)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task An_unknown_case_is_404_and_the_reason_must_be_one_of_the_list()
    {
        (await Erase(Guid.NewGuid(), expectedStatus: null)).ShouldBeCleanProblem(404);

        var id = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));
        (await Post($"/api/cases/{id}/erasure", new { }, Coordinator)).ShouldBeCleanProblem(400);
        var unknownReason = await Erase(id, Bodies.Canary, expectedStatus: null);
        unknownReason.ShouldBeCleanProblem(400);
        unknownReason.Body.ShouldNotContain(Bodies.Canary, Shouldly.Case.Insensitive);

        (await Stream(id)).Count.ShouldBe(1);
        (await Load<CaseKey>(id)).ShouldNotBeNull();
    }

    [Fact]
    public async Task A_case_without_personal_details_can_be_erased_too()
    {
        var id = await OpenCase();

        (await Erase(id, "purpose_achieved")).Json["version"]!.GetValue<long>().ShouldBe(2);

        (await Get($"/api/cases/{id}/history", Worker, 200)).Json.AsArray()[^1]!["summary"]!.GetValue<string>()
            .ShouldBe("Personal details erased (purpose_achieved)");
    }

    [Fact]
    public async Task The_case_goes_on_after_erasure_and_the_erasure_version_is_the_one_to_expect()
    {
        var id = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));
        var version = (await Erase(id)).Json["version"]!.GetValue<long>();

        await PlanStep(id, new { domain = "housing", title = "Shelter", timeframe = "immediate", expectedVersion = version });
        await Post($"/api/cases/{id}/close", new { reason = "goals_met", expectedVersion = version + 1 }, Worker, 200);
        (await Get($"/api/cases/{id}", Worker, 200)).Json["personalDetails"].ShouldBeNull();
    }

    [Fact]
    public async Task Rebuilding_the_projections_from_the_masked_events_gives_the_same_answers()
    {
        var id = await OpenCase(body: MinorWithCanary);
        await PlanStep(id);
        await Erase(id);
        await ProjectionsCaughtUp();
        var caseBefore = (await Get($"/api/cases/{id}", Worker, 200)).Body;
        var entryBefore = Serialized(await Load<CaseloadEntry>(id));

        var store = App.Host.Services.GetRequiredService<IDocumentStore>();
        var coordinator = App.Host.Services.GetRequiredService<IProjectionCoordinator>();
        await coordinator.PauseAsync();
        try
        {
            foreach (var readModel in new[] { typeof(CaseloadEntry), typeof(CaseDetails), typeof(RecoveryProgress), typeof(Case) })
                await store.Advanced.Clean.DeleteDocumentsByTypeAsync(readModel);
            using var daemon = await store.BuildProjectionDaemonAsync();
            await daemon.RebuildProjectionAsync<CaseloadEntry>(CancellationToken.None);
            await daemon.RebuildProjectionAsync<CaseDetails>(CancellationToken.None);
            await daemon.RebuildProjectionAsync<RecoveryProgress>(CancellationToken.None);
            await daemon.RebuildProjectionAsync<Case>(CancellationToken.None);
        }
        finally
        {
            await coordinator.ResumeAsync();
        }

        (await Get($"/api/cases/{id}", Worker, 200)).Body.ShouldBe(caseBefore);
        Serialized(await Load<CaseloadEntry>(id)).ShouldBe(entryBefore);
    }

    /// <summary>The same rule is registered with Marten, so its own masking API (e.g. run by an operator) agrees.</summary>
    [Fact]
    public async Task Martens_masking_applies_the_same_rule()
    {
        var id = await OpenCase(body: MinorWithCanary);
        var opened = await OpeningEvent(id);

        await App.Host.Services.GetRequiredService<IDocumentStore>().Advanced
            .ApplyEventDataMasking(masking => masking.IncludeStream(id));

        Serialized(await OpeningEvent(id)).ShouldBe(Serialized(opened with { PersonalDetails = null, ComesOfAgeMonth = null }));
    }

    private static List<string> Deadlines(ApiResponse response) =>
        response.Json["deadlines"]!.AsArray().Select(deadline => deadline!["kind"]!.GetValue<string>()).ToList();

    /// <summary>Records holding lists compare by reference; their JSON compares by value.</summary>
    private static string Serialized<T>(T value) => JsonSerializer.Serialize(value);

    private static string VersionAndType(JsonNode? entry) => $"{entry!["version"]} {entry["type"]}";
}
