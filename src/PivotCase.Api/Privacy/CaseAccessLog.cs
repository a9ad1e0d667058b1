using System.Threading.Channels;
using Marten;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;

namespace PivotCase.Api.Privacy;

public enum AccessOutcome
{
    Read, Denied
}

/// <summary>
/// One request for a case's details by an authenticated member: who, from which organisation and with which roles,
/// when, which route, and whether it was answered or refused. Kept apart from the case's events, so reading never
/// changes the case version. Holds no survivor data.
/// </summary>
public sealed record CaseAccessRecord(
    Guid Id, Guid CaseId, DateTimeOffset At, string By, string Organization, IReadOnlyList<string> Roles, string Route,
    AccessOutcome Outcome, int Status)
{
    public static CaseAccessRecord Of(Guid caseId, Caller caller, DateTimeOffset at, string route, AccessOutcome outcome, int status) =>
        new(Guid.CreateVersion7(at), caseId, at, caller.UserId, caller.Organization,
            caller.Roles.Order(StringComparer.Ordinal).ToList(), route, outcome, status);
}

/// <summary>
/// Records every GET under <c>/api/cases/{id}</c>, whichever endpoint serves it, so that a new case read is logged
/// without anyone remembering to. The record goes to <see cref="CaseAccessLogWriter"/>, which inserts in batches: the
/// read pays for an enqueue, not for a database write.
/// </summary>
public sealed class CaseAccessLogging(RequestDelegate next, CoalitionCalendar calendar, CaseAccessLogWriter writer)
{
    public const string CaseRoute = "api/cases/{id}";

    public async Task InvokeAsync(HttpContext context)
    {
        var at = calendar.Now;
        await next(context);

        if (!HttpMethods.IsGet(context.Request.Method) || context.User.Identity?.IsAuthenticated != true) return;
        if (RouteOf(context) is not { } route) return;
        if (!Guid.TryParse(context.Request.RouteValues["id"]?.ToString(), out var caseId)) return;
        if (OutcomeOf(context.Response.StatusCode) is not { } outcome) return;

        writer.Record(CaseAccessRecord.Of(caseId, Caller.From(context.User), at, route, outcome, context.Response.StatusCode));
    }

    private static string? RouteOf(HttpContext context)
    {
        var pattern = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText?.TrimStart('/');
        return pattern is not null && (pattern == CaseRoute || pattern.StartsWith(CaseRoute + "/", StringComparison.Ordinal))
            ? "/" + pattern
            : null;
    }

    /// <summary>Refusals are kept too (someone tried); other failures (bad input, errors) say nothing about access.</summary>
    private static AccessOutcome? OutcomeOf(int status) => status switch
    {
        >= 200 and < 300 or StatusCodes.Status304NotModified => AccessOutcome.Read,
        StatusCodes.Status403Forbidden or StatusCodes.Status404NotFound => AccessOutcome.Denied,
        _ => null
    };
}

/// <summary>
/// Inserts the access records in batches (up to <see cref="BatchSize"/>, or what came within <see cref="BatchWindow"/>
/// of the first), off the request path. When the host stops (SIGTERM, a deployment), the web server stops first and
/// lets the requests in flight finish; then this writer takes no more records and inserts every one it holds before
/// the process exits. A failed insert is retried with the same records (an upsert by their ids, so a commit whose
/// acknowledgement was lost is not written twice) until it succeeds, or, once stopping, three times. A process killed
/// outright (SIGKILL, out of memory) still loses what it holds: at most the last quarter of a second (ADR 0014).
/// </summary>
public sealed class CaseAccessLogWriter(IDocumentStore store, ILogger<CaseAccessLogWriter> logger) : IHostedService
{
    public const int BatchSize = 500;
    public static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(250);
    private const int AttemptsWhileStopping = 3;

    private readonly Channel<CaseAccessRecord> _queue =
        Channel.CreateUnbounded<CaseAccessRecord>(new UnboundedChannelOptions { SingleReader = true });
    private Task _writing = Task.CompletedTask;
    private volatile bool _stopping;

    public void Record(CaseAccessRecord record)
    {
        if (!_queue.Writer.TryWrite(record))
            logger.LogError("A read of case {CaseId} on {Route} came after the access log stopped and is not recorded",
                record.CaseId, record.Route);
    }

    /// <summary>
    /// A list answered to another organisation than the owner's (a partner's case list, a receiver's incoming referrals)
    /// shows each listed case's profile: each is a read of that case, as a read under <c>/api/cases/{id}</c> would be.
    /// </summary>
    public void RecordListed(IEnumerable<Guid> caseIds, Caller caller, DateTimeOffset at, string route)
    {
        foreach (var caseId in caseIds.Distinct()) Record(CaseAccessRecord.Of(caseId, caller, at, route, AccessOutcome.Read, StatusCodes.Status200OK));
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _writing = Task.Run(WriteAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        _queue.Writer.TryComplete();
        await _writing.WaitAsync(cancellationToken);
    }

    private async Task WriteAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<CaseAccessRecord>(BatchSize);
        while (await reader.WaitToReadAsync())
        {
            using (var window = new CancellationTokenSource(BatchWindow))
            {
                while (batch.Count < BatchSize)
                {
                    if (reader.TryRead(out var record))
                    {
                        batch.Add(record);
                        continue;
                    }

                    try
                    {
                        if (!await reader.WaitToReadAsync(window.Token)) break;
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }
            }

            await InsertAsync(batch);
            batch.Clear();
        }
    }

    private async Task InsertAsync(IReadOnlyList<CaseAccessRecord> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var session = store.LightweightSession();
                session.Store(batch.ToArray());
                await session.SaveChangesAsync();
                return;
            }
            catch (Exception exception) when (!_stopping || attempt < AttemptsWhileStopping)
            {
                logger.LogWarning(exception, "{Count} access records could not be written (attempt {Attempt}); retrying", batch.Count, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5_000, 250 * attempt)));
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "{Count} access records could not be written before the process stopped", batch.Count);
                return;
            }
        }
    }
}
