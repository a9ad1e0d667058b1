using Microsoft.Extensions.DependencyInjection;
using PivotCase.Api.Cases;
using PivotCase.Api.Dashboards;
using PivotCase.Api.Privacy;
using PivotCase.Tests.Cases;
using PivotCase.Tests.Support;
using Wolverine.Tracking;
using Case = PivotCase.Api.Cases.Case;

namespace PivotCase.Tests.Privacy;

/// <summary>
/// POST /api/cases/{id}/personal-details: the owner's caseworker replaces the survivor's personal details; the details
/// recorded before become unreadable, and the 18th-birthday deadline follows a corrected date of birth.
/// </summary>
public sealed class CorrectPersonalDetailsTests(AppFixture app) : PrivacyTest(app)
{
    private static string Url(Guid id) => $"/api/cases/{id}/personal-details";

    private static object Details(string fullName, string? dateOfBirth = null, string phone = "514-555-0100") => new
    {
        personalDetails = new { fullName, dateOfBirth, phone, languages = new[] { "fr", "es" } }
    };

    [Fact]
    public async Task A_correction_replaces_the_details_and_the_old_ones_can_no_longer_be_read()
    {
        var id = await OpenCase(body: MinorWithCanary);
        var oldCiphertext = (await Load<CaseDetails>(id)).ShouldNotBeNull().PersonalDetails.ShouldNotBeNull().Ciphertext;
        var oldKey = (await Load<CaseKey>(id)).ShouldNotBeNull().WrappedKey;
        (await Stream(id))[0].Data.ShouldBeOfType<CaseOpened>().ComesOfAgeMonth.ShouldNotBeNull().ShouldNotBe(new DateOnly(2028, 9, 1));
        App.Clock.Advance(TimeSpan.FromDays(2));

        var response = await Post(Url(id), Details("Marie-Ange Corrected", "2010-09-20", "438-555-0123"), Worker, 200);

        response.Json["version"]!.GetValue<long>().ShouldBe(2);
        var corrected = (await Stream(id))[^1].Data.ShouldBeOfType<PersonalDetailsCorrected>();
        corrected.CorrectedBy.ShouldBe(Worker.Sub);
        corrected.CorrectedAt.ShouldBe(AppFixture.StartOfTime.AddDays(2));
        corrected.ComesOfAgeMonth.ShouldBe(new DateOnly(2028, 9, 1));
        // The month the wrong date of birth gave is no longer in clear in the opening event; replaying gives the new one.
        (await Stream(id))[0].Data.ShouldBeOfType<CaseOpened>().ComesOfAgeMonth.ShouldBeNull();
        await using (var session = App.Host.Services.GetRequiredService<Marten.IDocumentStore>().LightweightSession())
            (await session.Events.AggregateStreamAsync<CaseDetails>(id)).ShouldNotBeNull().ComesOfAgeMonth.ShouldBe(new DateOnly(2028, 9, 1));

        var read = (await Get($"/api/cases/{id}", Worker, 200)).Json;
        read["version"]!.GetValue<long>().ShouldBe(2);
        read["personalDetails"]!["fullName"]!.GetValue<string>().ShouldBe("Marie-Ange Corrected");
        read["personalDetails"]!["phone"]!.GetValue<string>().ShouldBe("438-555-0123");
        read["personalDetails"]!["dateOfBirth"]!.GetValue<string>().ShouldBe("2010-09-20");
        read["personalDetails"]!["alias"].ShouldBeNull();
        read["deadlines"]!.AsArray().Single(deadline => deadline!["kind"]!.GetValue<string>() == "eighteenth_birthday")!["on"]!
            .GetValue<string>().ShouldBe("2028-09-01");

        // A new key sealed the new details: the old ciphertext is kept in the opening event, but nothing can open it.
        var newKey = (await Load<CaseKey>(id)).ShouldNotBeNull();
        newKey.WrappedKey.ShouldNotBe(oldKey);
        var protector = App.Host.Services.GetRequiredService<PersonalDetailsProtector>();
        Should.Throw<System.Security.Cryptography.CryptographicException>(
            () => protector.Reveal(id, new EncryptedPersonalDetails(oldCiphertext), newKey));
        (await DatabaseScan.RowsWithAny(App.ConnectionString, oldKey, Bodies.Canary, "Marie-Ange Corrected", "438-555-0123")).ShouldBeEmpty();

        var history = (await Get($"/api/cases/{id}/history", Worker, 200)).Json.AsArray();
        history[^1]!["summary"]!.GetValue<string>().ShouldBe("Personal details corrected");
        history[^1]!["type"]!.GetValue<string>().ShouldBe("personal_details_corrected");
        await ProjectionsCaughtUp();
        (await Load<CaseloadEntry>(id)).ShouldNotBeNull().ComesOfAgeMonth.ShouldBe(new DateOnly(2028, 9, 1));
    }

    [Fact]
    public async Task A_date_of_birth_added_later_brings_the_18th_birthday_deadline_and_one_that_contradicts_the_age_group_is_400()
    {
        var id = await OpenCase(body: new
        {
            accessPoint = "youth_protection", exploitationTypes = new[] { "sexual_exploitation" }, trafficking = "domestic",
            ageGroup = "14_17", gender = "woman", region = "06"
        });
        (await Get($"/api/cases/{id}", Worker, 200)).Json["deadlines"]!.AsArray().ShouldBeEmpty();

        var contradicting = await Post(Url(id), Details("Someone", "2001-01-01"), Worker);
        contradicting.ShouldBeCleanProblem(400);
        contradicting.ErrorFields().ShouldBe(["personalDetails.dateOfBirth"]);
        contradicting.Body.ShouldNotContain("2001-01-01");
        (await Stream(id)).Count.ShouldBe(1);
        (await Load<CaseKey>(id)).ShouldBeNull();

        await Post(Url(id), Details("Someone", "2010-07-15"), Worker, 200);
        (await Get($"/api/cases/{id}", Worker, 200)).Json["deadlines"]!.AsArray()
            .Select(deadline => deadline!["kind"]!.GetValue<string>()).ShouldBe(["eighteenth_birthday"]);
        (await Load<CaseKey>(id)).ShouldNotBeNull();
    }

    [Fact]
    public async Task A_minors_date_of_birth_cannot_be_left_out_of_a_correction_an_adults_can()
    {
        var minor = await OpenCase(body: MinorWithCanary);
        var adult = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));

        var withoutBirth = await Post(Url(minor), new { personalDetails = new { phone = "438-555-0123" } }, Worker);

        withoutBirth.ShouldBeCleanProblem(400);
        withoutBirth.ErrorFields().ShouldBe(["personalDetails.dateOfBirth"]);
        (await Stream(minor)).Count.ShouldBe(1);
        (await Get($"/api/cases/{minor}", Worker, 200)).Json["personalDetails"]!["phone"]!.GetValue<string>().ShouldBe("514-555-0199");
        await Post(Url(adult), new { personalDetails = new { phone = "438-555-0123" } }, Worker, 200);
        (await Get($"/api/cases/{adult}", Worker, 200)).Json["personalDetails"]!["dateOfBirth"].ShouldBeNull();
    }

    [Fact]
    public async Task A_read_that_got_the_details_before_a_correction_and_the_key_after_it_reads_both_again()
    {
        var id = await OpenCase(body: MinorWithCanary);
        var before = (await Load<CaseDetails>(id)).ShouldNotBeNull();
        await Post(Url(id), Details("Marie-Ange Corrected", "2010-09-20"), Worker, 200);
        var newKey = (await Load<CaseKey>(id)).ShouldNotBeNull();

        await using var session = App.Host.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession();
        var (details, clear) = await PersonalDetailsReading.RevealAsync(
            before, newKey, App.Host.Services.GetRequiredService<PersonalDetailsProtector>(), session, CancellationToken.None);

        details.Version.ShouldBe(2);
        clear.ShouldNotBeNull().FullName.ShouldBe("Marie-Ange Corrected");
    }

    [Fact]
    public async Task Only_the_owners_caseworkers_correct_an_open_case_that_was_never_erased_and_with_a_fresh_version()
    {
        var id = await OpenCase(body: MinorWithCanary);
        await ShareWithPartner(id, includesPersonalDetails: true);
        var version = (await Get($"/api/cases/{id}", Worker, 200)).Json["version"]!.GetValue<long>();

        (await Post(Url(id), Details("Partner edit"), PartnerWorker)).ShouldBeCleanProblem(403);
        (await Post(Url(id), Details("Supervisor edit"), Supervisor)).ShouldBeCleanProblem(403);
        (await Post(Url(id), Details("Coordinator edit"), Coordinator)).ShouldBeCleanProblem(403);
        (await Post(Url(id), Details("Other edit"), OtherOrgWorker)).ShouldBeCleanProblem(404);
        (await Post(Url(id), new { personalDetails = new { fullName = "Stale" }, expectedVersion = version - 1 }, Worker))
            .ShouldBeCleanProblem(409);
        (await Post(Url(id), new { }, Worker)).ShouldBeCleanProblem(400);
        (await Post(Url(id), new { personalDetails = new { email = "not-an-email" } }, Worker)).ShouldBeCleanProblem(400);
        (await Stream(id)).Count.ShouldBe((int)version);

        await Post($"/api/cases/{id}/close", new { reason = "moved" }, Worker, 200);
        (await Post(Url(id), Details("Closed edit"), Worker)).ShouldBeCleanProblem(409);
        await Post($"/api/cases/{id}/reopen", new { }, Worker, 200);
        await Erase(id);
        var afterErasure = await Post(Url(id), Details("After erasure"), Worker);
        afterErasure.ShouldBeCleanProblem(409);
        (await Get($"/api/cases/{id}", Worker, 200)).Json["personalDetails"].ShouldBeNull();
        (await Load<CaseKey>(id)).ShouldBeNull();
    }

    [Fact]
    public async Task An_erasure_after_a_correction_masks_the_corrected_details_too()
    {
        var id = await OpenCase(body: MinorWithCanary);
        await Post(Url(id), Details($"{Bodies.Canary} Corrected", "2010-09-20"), Worker, 200);
        var ciphertext = (await Load<CaseDetails>(id)).ShouldNotBeNull().PersonalDetails.ShouldNotBeNull().Ciphertext;
        var wrappedKey = (await Load<CaseKey>(id)).ShouldNotBeNull().WrappedKey;

        await Erase(id);

        var corrected = (await Stream(id)).Select(e => e.Data).OfType<PersonalDetailsCorrected>().ShouldHaveSingleItem();
        corrected.PersonalDetails.ShouldBeNull();
        corrected.ComesOfAgeMonth.ShouldBeNull();
        await ProjectionsCaughtUp();
        (await Load<CaseloadEntry>(id)).ShouldNotBeNull().ComesOfAgeMonth.ShouldBeNull();
        (await DatabaseScan.RowsWithAny(App.ConnectionString, ciphertext, wrappedKey, Bodies.Canary)).ShouldBeEmpty();
        (await Get($"/api/cases/{id}", Worker, 200)).Json["deadlines"]!.AsArray()
            .Select(deadline => deadline!["kind"]!.GetValue<string>()).ShouldNotContain("eighteenth_birthday");
    }

    [Fact]
    public async Task Details_erased_at_the_end_of_the_retention_period_may_be_recorded_again_on_the_reopened_case_and_erased_again()
    {
        var id = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));
        await Post($"/api/cases/{id}/close", new { reason = "lost_contact" }, Worker, 200);
        var retention = App.Host.Services.GetRequiredService<PrivacyOptions>().RetainPersonalDetails;
        var back = AppFixture.StartOfTime + retention + TimeSpan.FromDays(30);
        using (App.ClockAt(back))
        {
            await App.Host.InvokeMessageAndWaitAsync(new SweepRetentionPeriod());
            (await Load<CaseKey>(id)).ShouldBeNull();
            await Post($"/api/cases/{id}/reopen", new { }, Worker, 200);

            await Post(Url(id), Details("Returned Survivor"), Worker, 200);

            var read = (await Get($"/api/cases/{id}", Worker, 200)).Json;
            read["personalDetails"]!["fullName"]!.GetValue<string>().ShouldBe("Returned Survivor");
            read["personalDetailsErasedAt"].ShouldBeNull();
            (await Load<Case>(id)).ShouldNotBeNull().Erasure.ShouldBeNull();
            await Post($"/api/cases/{id}/close", new { reason = "goals_met" }, Worker, 200);
        }

        using (App.ClockAt(back + retention + TimeSpan.FromDays(1)))
            await App.Host.InvokeMessageAndWaitAsync(new SweepRetentionPeriod());

        (await Stream(id)).Select(e => e.Data).OfType<PersonalDetailsErased>().Count().ShouldBe(2);
        (await Load<CaseKey>(id)).ShouldBeNull();
        (await Stream(id)).Select(e => e.Data).OfType<PersonalDetailsCorrected>().ShouldHaveSingleItem().PersonalDetails.ShouldBeNull();
        (await Get($"/api/cases/{id}", Worker, 200)).Json["personalDetails"].ShouldBeNull();
    }

    [Fact]
    public async Task An_erasure_requested_after_a_retention_erasure_is_recorded_and_keeps_details_from_being_recorded_again()
    {
        var id = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));
        await Post($"/api/cases/{id}/close", new { reason = "lost_contact" }, Worker, 200);
        var retention = App.Host.Services.GetRequiredService<PrivacyOptions>().RetainPersonalDetails;
        using (App.ClockAt(AppFixture.StartOfTime + retention + TimeSpan.FromDays(30)))
        {
            await App.Host.InvokeMessageAndWaitAsync(new SweepRetentionPeriod());
            // A coordinator's request counts as a request whatever reason it gives, the retention period's included.
            var requested = await Erase(id, "retention_period");
            requested.Json["erasedBy"]!.GetValue<string>().ShouldBe(Coordinator.Sub);
            (await Erase(id, "survivor_request")).Body.ShouldBe(requested.Body);
            (await Stream(id)).Select(e => e.Data).OfType<PersonalDetailsErased>().Select(erased => erased.ErasedBy)
                .ShouldBe([RetentionHandler.ErasedBy, Coordinator.Sub]);

            await Post($"/api/cases/{id}/reopen", new { }, Worker, 200);
            (await Post(Url(id), Details("Returned Survivor"), Worker)).ShouldBeCleanProblem(409);
        }

        (await Load<CaseKey>(id)).ShouldBeNull();
    }
}
