using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Idempotency;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Reliability;

/// <summary>
/// Caseworkers logging steps through faults, one client per case, all at once. Each step is sent with an
/// <c>Idempotency-Key</c> of its own and, after any failure (no answer, a 5xx, a 409 while a duplicate is in flight),
/// sent again with the same key and the same bytes until it gets a 2xx. On top of the test's fault, the clients give
/// up on the first attempt of every third step after a few milliseconds (closing its connection), as an impatient
/// client or a dropped network would: the API may have committed that attempt or not, and the retry may arrive while it
/// still runs. Without the keys, a retry of a write whose answer was lost after its commit would store the step twice.
/// </summary>
public sealed class RetryingClients(ApiProcess api)
{
    public const string Abandoned = "abandoned";
    private const int AbandonEvery = 3;

    private int _answered;
    private int _replayed;
    private readonly ConcurrentDictionary<string, int> _failures = new();

    public sealed record LoggedStep(Guid CaseId, string Title, Guid StepId);

    /// <summary>Steps answered with a 2xx so far.</summary>
    public int Answered => _answered;

    /// <summary>Answers that the API replayed from an earlier commit (header <c>Idempotent-Replayed</c>).</summary>
    public int Replayed => _replayed;

    /// <summary>Failed attempts, by kind (HTTP status, "no answer" or <see cref="Abandoned"/>).</summary>
    public IReadOnlyDictionary<string, int> Failures => _failures;

    public int FailedAttempts => _failures.Values.Sum();

    public string Describe() =>
        $"{Answered} steps answered, {Replayed} of them replayed; failed attempts: " +
        (_failures.IsEmpty ? "none" : string.Join(", ", _failures.OrderBy(kind => kind.Key).Select(kind => $"{kind.Value} × {kind.Key}")));

    public async Task<IReadOnlyList<LoggedStep>> LogStepsAsync(
        IReadOnlyList<(TestUser Worker, Guid CaseId)> cases, int stepsPerCase, CancellationToken token)
    {
        var logged = await Task.WhenAll(cases.Select(async (written, client) =>
        {
            using var http = api.Client(written.Worker);
            var steps = new List<LoggedStep>();
            for (var step = 0; step < stepsPerCase; step++)
            {
                var title = $"Client {client} step {step}";
                var answer = await SendUntilAnsweredAsync(http, $"/api/cases/{written.CaseId}/steps", Caseload.Step(title),
                    abandonFirstAttempt: step % AbandonEvery == 0, token);
                steps.Add(new LoggedStep(written.CaseId, title, answer["stepId"]!.GetValue<Guid>()));
            }

            return steps;
        }));
        return logged.SelectMany(steps => steps).ToList();
    }

    private async Task<JsonNode> SendUntilAnsweredAsync(HttpClient http, string url, object body, bool abandonFirstAttempt, CancellationToken token)
    {
        var key = Guid.NewGuid().ToString();
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } }
            };
            request.Headers.Add(IdempotencyKey.Header, key);
            using var patience = CancellationTokenSource.CreateLinkedTokenSource(token);
            if (attempt == 1 && abandonFirstAttempt) patience.CancelAfter(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 60)));
            try
            {
                using var response = await http.SendAsync(request, patience.Token);
                var text = await response.Content.ReadAsStringAsync(patience.Token);
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref _answered);
                    if (response.Headers.Contains(IdempotentAnswer.ReplayedHeader)) Interlocked.Increment(ref _replayed);
                    return JsonNode.Parse(text)!;
                }

                if ((int)response.StatusCode < 500 && response.StatusCode != HttpStatusCode.Conflict)
                    throw new Xunit.Sdk.XunitException($"POST {url} (attempt {attempt}) answered {(int)response.StatusCode}: {text}");
                // A 500 may follow a commit (a connection killed during COMMIT): it must send the client back with its key.
                if (response.StatusCode == HttpStatusCode.InternalServerError && !text.Contains("same Idempotency-Key"))
                    throw new Xunit.Sdk.XunitException($"POST {url} answered 500 without telling the client to retry with its key: {text}");
                _failures.AddOrUpdate(((int)response.StatusCode).ToString(), 1, (_, count) => count + 1);
            }
            catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException && !token.IsCancellationRequested)
            {
                _failures.AddOrUpdate(patience.IsCancellationRequested ? Abandoned : "no answer", 1, (_, count) => count + 1);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(50 * attempt, 500)), token);
        }
    }

    /// <summary>
    /// Every step the clients logged is in its case's stream exactly once, under the id its client was answered with,
    /// and no other step was planned.
    /// </summary>
    public static async Task ShouldBeStoredOnceAsync(FaultDatabase database, IReadOnlyList<LoggedStep> logged, CancellationToken token)
    {
        var stored = new List<LoggedStep>();
        await using (var connection = await database.OpenAsync(token))
        await using (var command = new NpgsqlCommand(
                         $"select stream_id, data->>'title', (data->>'stepId')::uuid from {Storage.SchemaName}.mt_events where type = 'step_planned'",
                         connection))
        await using (var reader = await command.ExecuteReaderAsync(token))
            while (await reader.ReadAsync(token))
                stored.Add(new LoggedStep(reader.GetGuid(0), reader.GetString(1), reader.GetGuid(2)));

        stored.GroupBy(step => (step.CaseId, step.Title)).Where(copies => copies.Count() > 1)
            .Select(copies => $"{copies.Key.Title} × {copies.Count()}").ShouldBeEmpty("steps stored more than once");
        stored.ShouldBe(logged, ignoreOrder: true);
    }
}
