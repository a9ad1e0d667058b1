using System.Security.Claims;
using JasperFx;
using Marten;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Platform.Http;

namespace PivotCase.Api.Platform.Idempotency;

/// <summary>
/// Before a write endpoint runs (after authentication and authorization, so the user is known and allowed): a request
/// with an <c>Idempotency-Key</c> that was already answered for this user gets that answer again, and neither the
/// endpoint, its validation nor its access checks run; the same key with another request gets 422. Otherwise the
/// endpoint runs and <see cref="IdempotentAnswer.Record"/> keeps its answer in the write's own transaction. A duplicate
/// that raced the first one past this check either fails at commit (primary key of the record, or the case stream's
/// version) or is refused by the state the first one left; either way it is answered from the record the first one
/// committed.
/// </summary>
public sealed class IdempotentWriteMiddleware(
    RequestDelegate next, IDocumentStore store, CoalitionCalendar calendar, FingerprintKey fingerprints)
{
    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problems)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<IdempotentWrite>() is null
            || !context.Request.Headers.TryGetValue(IdempotencyKey.Header, out var keys)
            || context.User.FindFirstValue(Caller.UserIdClaim) is not { Length: > 0 } userId)
        {
            await next(context);
            return;
        }

        if (keys.Count != 1 || !IdempotencyKey.IsWellFormed(keys[0]))
        {
            await WriteProblemAsync(context, problems, Problems.Invalid(new Dictionary<string, string[]>
            {
                [IdempotencyKey.Header] = [IdempotencyKey.Syntax]
            }));
            return;
        }

        var request = new IdempotentRequest(IdempotencyKey.RecordId(userId, keys[0]!), await FingerprintAsync(context.Request), keys[0]!);
        if (await FindAsync(request.RecordId, context.RequestAborted) is { } earlier)
        {
            await AnswerFromAsync(context, problems, earlier, request);
            return;
        }

        context.Features.Set(request);
        var body = context.Response.Body;
        await using var answer = new MemoryStream();
        context.Response.Body = answer;
        try
        {
            await RunAsync(context, problems, request);
        }
        finally
        {
            context.Response.Body = body;
        }

        if (answer.Length > 0 && context.Response.ContentLength is null) context.Response.ContentLength = answer.Length;
        answer.Position = 0;
        await answer.CopyToAsync(body, context.RequestAborted);
    }

    /// <summary>
    /// Runs the write with its answer held in memory, so that the answer can still be replaced by the record of a
    /// duplicate that won: either at commit, or, when this request read the case only after that duplicate had committed,
    /// after the endpoint refused it for the state the duplicate created (a step already done, a case already closed).
    /// The duplicate's events and record commit together, so whenever its state is visible its record is too.
    /// </summary>
    private async Task RunAsync(HttpContext context, IProblemDetailsService problems, IdempotentRequest request)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (exception is ConcurrencyException or DocumentAlreadyExistsException && !context.Response.HasStarted)
        {
            // Both failures come after the conflicting transaction ended, so a winner with this key has committed by now.
            var winner = await FindAsync(request.RecordId, context.RequestAborted);
            var lostOnTheKey = exception is DocumentAlreadyExistsException { DocType: var type } && type == typeof(IdempotencyRecord);
            if (winner is null && !lostOnTheKey) throw;

            context.Response.Clear();
            if (winner is null) await WriteProblemAsync(context, problems, BeingProcessed);
            else await AnswerFromAsync(context, problems, winner, request);
            return;
        }

        if (context.Response.StatusCode is >= 400 and < 500 && await FindAsync(request.RecordId, context.RequestAborted) is { } committed)
        {
            context.Response.Clear();
            await AnswerFromAsync(context, problems, committed, request);
        }
    }

    private static async Task AnswerFromAsync(HttpContext context, IProblemDetailsService problems, IdempotencyRecord record, IdempotentRequest request)
    {
        if (record.Fingerprint == request.Fingerprint || record.Fingerprint == IdempotencyRecord.ErasedFingerprint)
            await IdempotentAnswer.ReplayAsync(context, record);
        else await WriteProblemAsync(context, problems, ReusedForAnotherRequest);
    }

    /// <summary>The record under this id, unless it has expired: an expired one is deleted, so the key starts afresh.</summary>
    private async Task<IdempotencyRecord?> FindAsync(Guid recordId, CancellationToken token)
    {
        IdempotencyRecord? record;
        await using (var query = store.QuerySession())
            record = await query.LoadAsync<IdempotencyRecord>(recordId, token);

        var now = calendar.Now;
        if (record is null || !record.IsExpiredAt(now)) return record;

        await using var session = store.LightweightSession();
        session.DeleteWhere<IdempotencyRecord>(expired => expired.Id == recordId && expired.ExpiresAt <= now);
        await session.SaveChangesAsync(token);
        return null;
    }

    /// <summary>Bodies are at most 256 KB (checked before this runs), so reading one into memory is bounded.</summary>
    private async Task<string> FingerprintAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        return fingerprints.Of(request.Method, request.GetEncodedPathAndQuery(), body.GetBuffer().AsSpan(0, (int)body.Length));
    }

    private static Task WriteProblemAsync(HttpContext context, IProblemDetailsService problems, ProblemDetails problem)
    {
        context.Response.StatusCode = problem.Status!.Value;
        return problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }).AsTask();
    }

    private static ProblemDetails ReusedForAnotherRequest => new()
    {
        Status = StatusCodes.Status422UnprocessableEntity,
        Title = "Idempotency-Key reused with another request",
        Detail = "This Idempotency-Key was used for a request with another method, path or body. Use a new key for a new request."
    };

    private static ProblemDetails BeingProcessed => Problems.Conflict("A request with this Idempotency-Key is being processed: retry it later.");
}
