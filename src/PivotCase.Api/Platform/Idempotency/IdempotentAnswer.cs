using System.Text;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace PivotCase.Api.Platform.Idempotency;

/// <summary>A write request that carries a well-formed key: the record it is kept under and what was sent.</summary>
public sealed record IdempotentRequest(Guid RecordId, string Fingerprint, string Key);

/// <summary>Recording a write's answer under its key, and answering a retry from that record.</summary>
public static class IdempotentAnswer
{
    public const string ReplayedHeader = "Idempotent-Replayed";

    private const string JsonContentType = "application/json; charset=utf-8";

    /// <summary>
    /// Called by the generated code of every write endpoint after the endpoint has run and its status and Location are
    /// set, just before Marten's SaveChangesAsync: the record joins the session's unit of work, so it commits with the
    /// write or not at all. <c>Insert</c>, not <c>Store</c>: a concurrent request with the same key that got past the
    /// check fails on the primary key and its whole transaction rolls back.
    /// </summary>
    public static void Record(HttpContext context, IDocumentSession session, object? response, bool emptyBody)
    {
        if (context.Features.Get<IdempotentRequest>() is not { } request) return;
        if (response is null && !emptyBody) return; // Wolverine answers a missing body with 404

        var status = emptyBody && context.Response.StatusCode == StatusCodes.Status200OK
            ? StatusCodes.Status204NoContent
            : context.Response.StatusCode;
        if (status is < 200 or >= 300) return;

        var services = context.RequestServices;
        var now = services.GetRequiredService<CoalitionCalendar>().Now;
        var body = emptyBody
            ? string.Empty
            : JsonSerializer.Serialize(response, response!.GetType(), services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions);
        var location = context.Response.Headers.Location.FirstOrDefault();
        session.Insert(new IdempotencyRecord(request.RecordId, request.Fingerprint, status, location,
            emptyBody ? null : JsonContentType, body, now, now + services.GetRequiredService<IdempotencyOptions>().Retain,
            CaseIdOf(context.Request.Path, context.Request.RouteValues.GetValueOrDefault("id"), location)));
        services.GetRequiredService<ExitAfterCommit>().ArmFor(request.Key, session);
    }

    /// <summary>
    /// The case of a route <c>/api/cases/{id}/…</c>, or of the <c>Location</c> of a case just opened; the ids of other
    /// routes (an incident of the register) are not cases.
    /// </summary>
    public static Guid? CaseIdOf(string path, object? routeId, string? location)
    {
        // Routing matches paths whatever their case, so /API/Cases/{id} is a case route too.
        if (path.StartsWith(CasesPrefix, StringComparison.OrdinalIgnoreCase) && Guid.TryParse(routeId?.ToString(), out var caseId)) return caseId;
        return location is not null && location.StartsWith(CasesPrefix, StringComparison.Ordinal)
               && Guid.TryParse(location.AsSpan(CasesPrefix.Length), out caseId)
            ? caseId
            : null;
    }

    private const string CasesPrefix = "/api/cases/";

    public static async Task ReplayAsync(HttpContext context, IdempotencyRecord record)
    {
        var response = context.Response;
        response.StatusCode = record.Status;
        response.Headers[ReplayedHeader] = "true";
        if (record.Location is not null) response.Headers.Location = record.Location;
        if (record.ContentType is null) return;

        var body = Encoding.UTF8.GetBytes(record.Body);
        response.ContentType = record.ContentType;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted);
    }
}
