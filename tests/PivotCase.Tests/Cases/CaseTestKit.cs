using Marten;
using Microsoft.Extensions.DependencyInjection;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Cases;

/// <summary>Small helpers shared by the case and privacy tests (kept out of Support/, which others own).</summary>
public static class CaseTestKit
{
    public static readonly TestUser Researcher = TestUser.Researcher();
    public static readonly TestUser Coordinator = TestUser.Coordinator();
    public static readonly TestUser OtherOrgSupervisor = TestUser.Supervisor("autre", "supervisor-9");

    /// <summary>
    /// Moves the domain clock (forwards or backwards) until disposed, then puts it back at the fixture's start of time.
    /// AppFixture.ResetAsync uses FakeTimeProvider.SetUtcNow, which refuses to go back in time, so a test that leaves the
    /// clock later than StartOfTime would break the reset of every following test.
    /// </summary>
    public static IDisposable ClockAt(this AppFixture app, DateTimeOffset at)
    {
        app.Clock.AdjustTime(at);
        return new ClockRestore(app);
    }

    private sealed class ClockRestore(AppFixture app) : IDisposable
    {
        public void Dispose() => app.Clock.AdjustTime(AppFixture.StartOfTime);
    }

    /// <summary>Every event in the store, whatever its stream: a rejected request must leave this unchanged.</summary>
    public static async Task<int> AllEventCount(this AppFixture app)
    {
        await using var session = app.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.Events.QueryAllRawEvents().CountAsync();
    }

    /// <summary>
    /// Appends events to a case as they were recorded, without the API's rules: a state no request could make today (a
    /// case at its bounds, one closed before closings cancelled its referrals), or a history written before a change.
    /// </summary>
    public static async Task AppendEventsAsync(this AppFixture app, Guid caseId, params IEnumerable<object> events)
    {
        await using var session = app.Host.Services.GetRequiredService<IDocumentStore>().LightweightSession();
        session.Events.Append(caseId, events.ToArray());
        await session.SaveChangesAsync();
    }

    /// <summary>An error answer: problem+json with status, title and detail (api.md), and no internal type name, stack
    /// trace or SQL in it.</summary>
    public static void ShouldBeCleanProblem(this ApiResponse response, int status)
    {
        response.Status.ShouldBe(status, response.Body);
        response.IsProblem.ShouldBeTrue($"Content-Type was {response.ContentType}: {response.Body}");
        response.Json["status"]!.GetValue<int>().ShouldBe(status);
        response.Json["title"].ShouldNotBeNull();
        response.Json["detail"].ShouldNotBeNull(response.Body).GetValue<string>().ShouldNotBeNullOrWhiteSpace(response.Body);
        response.ShouldNotLeakInternals();
    }

    public static void ShouldNotLeakInternals(this ApiResponse response)
    {
        response.Body.ShouldNotContain("PivotCase.", Case.Sensitive);
        response.Body.ShouldNotContain("System.", Case.Sensitive);
        response.Body.ShouldNotContain("Exception", Case.Insensitive);
        response.Body.ShouldNotContain("   at ", Case.Sensitive);
        response.Body.ShouldNotContain("Npgsql", Case.Insensitive);
        response.Body.ShouldNotContain("select ", Case.Insensitive);
        response.Body.ShouldNotContain("insert into", Case.Insensitive);
    }

    /// <summary>What a client can tell two problems apart by: status, title, type and detail.</summary>
    /// <summary>Status, title, type and detail: what tells one problem from another (and an answer that is not one).</summary>
    public static string ProblemShape(ApiResponse response) => response.IsProblem
        ? $"{response.Status} | {response.Json["title"]} | {response.Json["type"]} | {response.Json["detail"]}"
        : $"{response.Status} | not problem+json: {response.ContentType}";

    public static string[] ErrorFields(this ApiResponse response) =>
        response.Errors?.Select(pair => pair.Key).ToArray() ?? [];
}
