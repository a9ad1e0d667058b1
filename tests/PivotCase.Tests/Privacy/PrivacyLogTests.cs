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
        // As stored and as System.Text.Json writes it ('+' escaped): either form in a log would be the sealed details.
        foreach (var secret in new[] { Bodies.Canary, "Marie-Ange", "514-555-0199", MinorDateOfBirth, ciphertext, ciphertext.Replace("+", "\\u002B") })
            App.Logs.Lines.Where(line => line.Contains(secret, StringComparison.OrdinalIgnoreCase)).ShouldBeEmpty(secret);
    }

    /// <summary>
    /// The tests' log captures Marten at Debug, where its default logger wrote every statement with its values: the
    /// events (sealed details, free text) of every write, and at Error those of every failed one (a 409 conflict).
    /// </summary>
    [Fact]
    public async Task Marten_logs_its_statements_without_their_values()
    {
        var title = $"ZZVALUE-{Guid.NewGuid():N}";
        var id = await OpenCase(body: MinorWithCanary);
        await Post($"/api/cases/{id}/steps", new { domain = "housing", title, timeframe = "immediate" }, Worker, 201);
        var stale = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Send(HttpMethod.Post, $"/api/cases/{id}/steps", new { domain = "housing", title, timeframe = "immediate", expectedVersion = 2 }, Bearer(Worker))));

        stale.Count(answer => answer.Status == 201).ShouldBe(1);
        App.Logs.Lines.ShouldContain(line => line.Contains("Marten executed") && line.Contains("mt_quick_append_events"));
        App.Logs.Lines.Where(line => line.Contains(title, StringComparison.Ordinal)).ShouldBeEmpty();
        App.Logs.Lines.Where(line => line.Contains("\"ciphertext\"", StringComparison.Ordinal)).ShouldBeEmpty();
    }
}
