using Microsoft.Extensions.DependencyInjection;
using PivotCase.Api.Privacy;
using PivotCase.Tests.Cases;
using PivotCase.Tests.Support;
using Wolverine.Tracking;

namespace PivotCase.Tests.Privacy;

/// <summary>A whole life of a case, from opening to erasure by retention, with failing requests carrying the canary.</summary>
public sealed class PrivacyLogTests(AppFixture app) : PrivacyTest(app)
{
    [Fact]
    public async Task Personal_details_never_reach_the_logs_from_opening_to_erasure()
    {
        var id = await OpenCase(body: MinorWithCanary);
        var ciphertext = (await OpeningEvent(id)).PersonalDetails!.Ciphertext;
        await PlanStep(id);
        await Get($"/api/cases/{id}", Worker, 200);
        await Get($"/api/cases/{id}/history", Supervisor, 200);
        await Get($"/api/cases/{id}/export", Worker, 200);
        await Get($"/api/cases/{id}", OtherOrgWorker, 404);
        await Get($"/api/cases/{id}/export", Coordinator, 403);
        await AccessRecords(id, 5);
        await Get($"/api/cases/{id}/access-log", Coordinator, 200);

        await Post($"/api/cases/{id}/erasure", new { reason = Bodies.Canary }, Coordinator, 400);
        await Post($"/api/cases/{id}/erasure", $$"""{ "reason": "other", "note": "{{Bodies.Canary}}" """, Coordinator, 400);
        await Post($"/api/cases/{id}/erasure", new { reason = "other" }, Worker, 403);
        await Post("/api/cases", Bodies.NewCase(new { fullName = Bodies.Canary, email = $"{Bodies.Canary}@@example" }), Worker, 400);
        await Erase(id, "survivor_request");
        await Erase(id, "survivor_request");
        await Get($"/api/cases/{id}/export", Worker, 200);

        var retained = await OpenCase(body: MinorWithCanary);
        await Post($"/api/cases/{retained}/close", new { reason = "goals_met" }, Worker, 200);
        using (App.ClockAt(AppFixture.StartOfTime + App.Host.Services.GetRequiredService<PrivacyOptions>().RetainPersonalDetails + TimeSpan.FromDays(1)))
            await App.Host.InvokeMessageAndWaitAsync(new SweepRetentionPeriod());
        (await Load<CaseKey>(retained)).ShouldBeNull();
        await ProjectionsCaughtUp();

        App.Logs.Lines.ShouldNotBeEmpty();
        foreach (var secret in new[] { Bodies.Canary, "Marie-Ange", "514-555-0199", MinorDateOfBirth, ciphertext })
            App.Logs.Lines.Where(line => line.Contains(secret, StringComparison.OrdinalIgnoreCase)).ShouldBeEmpty(secret);
    }
}
