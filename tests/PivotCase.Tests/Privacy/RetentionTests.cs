using Microsoft.Extensions.DependencyInjection;
using PivotCase.Api.Privacy;
using PivotCase.Tests.Cases;
using PivotCase.Tests.Support;
using Wolverine.Tracking;

namespace PivotCase.Tests.Privacy;

/// <summary>
/// Privacy:RetainPersonalDetailsDays after a case is closed, the retention sweep erases its personal details; a case
/// reopened, still open or closed more recently is left alone. The clock is moved, the sweep invoked as a message.
/// </summary>
public sealed class RetentionTests(AppFixture app) : PrivacyTest(app)
{
    private TimeSpan Retention => App.Host.Services.GetRequiredService<PrivacyOptions>().RetainPersonalDetails;

    [Fact]
    public async Task The_sweep_erases_the_personal_details_of_cases_closed_longer_than_the_retention_period()
    {
        var expired = await OpenCase(body: MinorWithCanary);
        await Post($"/api/cases/{expired}/close", new { reason = "goals_met" }, Worker, 200);
        var reopened = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));
        await Post($"/api/cases/{reopened}/close", new { reason = "moved" }, Worker, 200);
        var stillOpen = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));
        var withoutDetails = await OpenCase();
        await Post($"/api/cases/{withoutDetails}/close", new { reason = "goals_met" }, Worker, 200);

        Guid recentlyClosed;
        using (App.ClockAt(AppFixture.StartOfTime.AddDays(10)))
        {
            await Post($"/api/cases/{reopened}/reopen", "{}", Worker, 200);
            recentlyClosed = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));
            await Post($"/api/cases/{recentlyClosed}/close", new { reason = "lost_contact" }, Worker, 200);
        }

        using (App.ClockAt(AppFixture.StartOfTime + Retention + TimeSpan.FromHours(1)))
        {
            await App.Host.InvokeMessageAndWaitAsync(new SweepRetentionPeriod());
            await App.Host.InvokeMessageAndWaitAsync(new SweepRetentionPeriod());
        }

        var erasures = (await Stream(expired)).Select(e => e.Data).OfType<PersonalDetailsErased>().ToList();
        erasures.ShouldHaveSingleItem().ShouldBe(new PersonalDetailsErased(expired, ErasureReason.RetentionPeriod,
            RetentionHandler.ErasedBy, AppFixture.StartOfTime + Retention + TimeSpan.FromHours(1)));
        (await Load<CaseKey>(expired)).ShouldBeNull();
        (await OpeningEvent(expired)).ComesOfAgeMonth.ShouldBeNull();
        (await Get($"/api/cases/{expired}/history", Worker, 200)).Json.AsArray()[^1]!["summary"]!.GetValue<string>()
            .ShouldBe("Personal details erased (retention_period)");

        foreach (var untouched in new[] { reopened, stillOpen, recentlyClosed, withoutDetails })
            (await Stream(untouched)).ShouldNotContain(e => e.Data is PersonalDetailsErased, untouched.ToString());
        foreach (var kept in new[] { reopened, stillOpen, recentlyClosed })
        {
            (await Load<CaseKey>(kept)).ShouldNotBeNull();
            (await Get($"/api/cases/{kept}", Worker, 200)).Body.ShouldContain(Bodies.Canary);
        }
    }

    [Fact]
    public async Task The_period_runs_from_the_last_closing()
    {
        var id = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));
        await Post($"/api/cases/{id}/close", new { reason = "goals_met" }, Worker, 200);
        using (App.ClockAt(AppFixture.StartOfTime.AddDays(100)))
        {
            await Post($"/api/cases/{id}/reopen", "{}", Worker, 200);
            await Post($"/api/cases/{id}/close", new { reason = "goals_met" }, Worker, 200);
        }

        using (App.ClockAt(AppFixture.StartOfTime + Retention + TimeSpan.FromDays(1)))
            await App.Host.InvokeMessageAndWaitAsync(new SweepRetentionPeriod());
        (await Load<CaseKey>(id)).ShouldNotBeNull();

        using (App.ClockAt(AppFixture.StartOfTime.AddDays(100) + Retention + TimeSpan.FromDays(1)))
            await App.Host.InvokeMessageAndWaitAsync(new SweepRetentionPeriod());
        (await Load<CaseKey>(id)).ShouldBeNull();
    }

    /// <summary>The sweep read the case as expired, then it was reopened before its erasure ran.</summary>
    [Fact]
    public async Task The_erasure_decides_again_on_the_case_as_it_is_now()
    {
        var id = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));
        await Post($"/api/cases/{id}/close", new { reason = "goals_met" }, Worker, 200);

        using (App.ClockAt(AppFixture.StartOfTime + Retention + TimeSpan.FromDays(1)))
        {
            await Post($"/api/cases/{id}/reopen", "{}", Worker, 200);
            await App.Host.InvokeMessageAndWaitAsync(new ErasePersonalDetailsAfterRetention(id));
        }

        (await Stream(id)).ShouldNotContain(e => e.Data is PersonalDetailsErased);
        (await Load<CaseKey>(id)).ShouldNotBeNull();
    }

    /// <summary>A write model stored before it kept the closing: not erasable until rebuilt, and left out of the batches.</summary>
    [Fact]
    public async Task A_case_whose_write_model_misses_its_closing_is_left_out_of_the_sweep_and_logged_and_the_others_are_erased()
    {
        var stale = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));
        await Post($"/api/cases/{stale}/close", new { reason = "goals_met" }, Worker, 200);
        var later = await OpenCase(body: Bodies.NewCase(Bodies.CanaryDetails));
        using (App.ClockAt(AppFixture.StartOfTime.AddDays(1)))
            await Post($"/api/cases/{later}/close", new { reason = "goals_met" }, Worker, 200);
        await WriteModelStoredWithout(stale, "closedAt");

        using (App.ClockAt(AppFixture.StartOfTime + Retention + TimeSpan.FromDays(2)))
            await App.Host.InvokeMessageAndWaitAsync(new SweepRetentionPeriod());

        (await Stream(later)).ShouldContain(e => e.Data is PersonalDetailsErased);
        (await Stream(stale)).ShouldNotContain(e => e.Data is PersonalDetailsErased);
        (await Load<CaseKey>(stale)).ShouldNotBeNull();
        App.Logs.Lines.ShouldContain(line => line.StartsWith("Warning ") && line.Contains("Closed cases past their retention period whose write model does not show the closing: 1."));
    }
}
