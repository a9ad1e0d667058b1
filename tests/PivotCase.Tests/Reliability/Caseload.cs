using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Reliability;

/// <summary>
/// The fault tests' caseload, written and read over HTTP against API processes: two organisations with two caseworkers
/// and a supervisor each. Cases are opened ten days ago and steps are due five days ago, so that a dashboard holds no
/// time-dependent fraction (no case in its 72-hour window) and every new step shows as overdue.
/// </summary>
public static partial class Caseload
{
    public static readonly IReadOnlyList<TestUser> Workers =
    [
        TestUser.Caseworker("cathii", "worker-1"), TestUser.Caseworker("cathii", "worker-2"),
        TestUser.Caseworker("refuge", "worker-3"), TestUser.Caseworker("refuge", "worker-4")
    ];

    public static readonly IReadOnlyList<TestUser> Supervisors =
        [TestUser.Supervisor("cathii", "supervisor-1"), TestUser.Supervisor("refuge", "supervisor-2")];

    private static readonly TimeZoneInfo CoalitionZone = TimeZoneInfo.FindSystemTimeZoneById("America/Toronto");

    /// <summary>Today in the coalition's zone, as the API counts days.</summary>
    public static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTime.UtcNow, CoalitionZone));

    public sealed record WrittenCase(TestUser Worker, Guid CaseId, IReadOnlyList<Guid> OpenSteps);

    /// <summary>
    /// Each caseworker, through node <c>index % nodes</c>, opens two cases and plans steps on each, completing the
    /// first; all caseworkers at once. Returns each case with its steps still open.
    /// </summary>
    public static async Task<List<WrittenCase>> WriteAsync(IReadOnlyList<ApiProcess> nodes, int stepsPerCase, CancellationToken token)
    {
        var written = await Task.WhenAll(Workers.Select(async (worker, index) =>
        {
            using var client = nodes[index % nodes.Count].Client(worker);
            var cases = new List<WrittenCase>();
            for (var caseNumber = 0; caseNumber < 2; caseNumber++)
            {
                var caseId = await OpenCaseAsync(client, token);
                var steps = new List<Guid>();
                for (var step = 0; step < stepsPerCase; step++) steps.Add(await PlanStepAsync(client, caseId, $"Step {step}", token));
                await CompleteStepAsync(client, caseId, steps[0], token);
                cases.Add(new WrittenCase(worker, caseId, steps.Skip(1).ToList()));
            }

            return cases;
        }));
        return written.SelectMany(cases => cases).ToList();
    }

    public static HashSet<Guid> OpenSteps(IEnumerable<WrittenCase> cases, TestUser supervisor) =>
        cases.Where(written => written.Worker.Organization == supervisor.Organization).SelectMany(written => written.OpenSteps).ToHashSet();

    public static async Task<Guid> OpenCaseAsync(HttpClient worker, CancellationToken token)
    {
        var answer = await PostAsync(worker, "/api/cases",
            Bodies.NewCase(openedOn: Today.AddDays(-10).ToString("yyyy-MM-dd")), HttpStatusCode.Created, token);
        return answer["id"]!.GetValue<Guid>();
    }

    public static object Step(string title) =>
        new { domain = "housing", title, timeframe = "short_term", dueOn = Today.AddDays(-5).ToString("yyyy-MM-dd") };

    /// <summary>Plans a step (overdue from the start) and returns its id.</summary>
    public static async Task<Guid> PlanStepAsync(HttpClient worker, Guid caseId, string title, CancellationToken token)
    {
        var answer = await PostAsync(worker, $"/api/cases/{caseId}/steps", Step(title), HttpStatusCode.Created, token);
        return answer["stepId"]!.GetValue<Guid>();
    }

    public static async Task CompleteStepAsync(HttpClient worker, Guid caseId, Guid stepId, CancellationToken token) =>
        await PostAsync(worker, $"/api/cases/{caseId}/steps/{stepId}/complete", new { outcome = "Done" }, HttpStatusCode.OK, token);

    public static async Task<string> DashboardAsync(HttpClient supervisor, CancellationToken token)
    {
        using var response = await supervisor.GetAsync("/api/dashboard", token);
        var body = await response.Content.ReadAsStringAsync(token);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return body;
    }

    /// <summary>The step ids a dashboard lists as overdue.</summary>
    public static IReadOnlySet<Guid> OverdueStepIds(string dashboard) =>
        JsonNode.Parse(dashboard)!["overdueSteps"]!.AsArray().Select(step => step!["stepId"]!.GetValue<Guid>()).ToHashSet();

    /// <summary>
    /// The dashboard as each of the given nodes answers it for <paramref name="supervisor"/>, read one right after the
    /// other, with the instant each was generated blanked out (the only part that depends on when it was asked);
    /// read again in the rare case that the pair straddles midnight, when day counts change.
    /// </summary>
    public static async Task<IReadOnlyList<string>> DashboardsAsync(TestUser supervisor, IEnumerable<ApiProcess> nodes, CancellationToken token)
    {
        var clients = nodes.Select(node => node.Client(supervisor)).ToList();
        try
        {
            while (true)
            {
                var day = Today;
                var answers = new List<string>();
                foreach (var client in clients) answers.Add(GenerationInstant().Replace(await DashboardAsync(client, token), "\"generatedAt\":\"\""));
                if (Today == day) return answers;
            }
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    private static async Task<JsonNode> PostAsync(HttpClient client, string url, object body, HttpStatusCode expected, CancellationToken token)
    {
        using var response = await client.PostAsJsonAsync(url, body, token);
        var text = await response.Content.ReadAsStringAsync(token);
        response.StatusCode.ShouldBe(expected, $"POST {url}: {text}");
        return JsonNode.Parse(text)!;
    }

    [GeneratedRegex("\"generatedAt\":\"[^\"]*\"")]
    private static partial Regex GenerationInstant();
}
