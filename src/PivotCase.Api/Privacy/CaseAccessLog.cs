using Marten;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using Wolverine;

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
    AccessOutcome Outcome, int Status);

/// <summary>
/// Records every GET under <c>/api/cases/{id}</c>, whichever endpoint serves it, so that a new case read is logged
/// without anyone remembering to. The record goes to an in-memory Wolverine queue that inserts in batches: the read
/// pays for an enqueue, not for a database write.
/// </summary>
public sealed class CaseAccessLogging(RequestDelegate next, CoalitionCalendar calendar, ILogger<CaseAccessLogging> logger)
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

        var caller = Caller.From(context.User);
        var record = new CaseAccessRecord(Guid.CreateVersion7(at), caseId, at, caller.UserId, caller.Organization,
            caller.Roles.Order(StringComparer.Ordinal).ToList(), route, outcome, context.Response.StatusCode);
        try
        {
            await context.RequestServices.GetRequiredService<IMessageBus>().PublishAsync(record);
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "A read of case {CaseId} on {Route} could not be queued for the access log", caseId, route);
        }
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

public static class CaseAccessRecordsHandler
{
    public static void Handle(CaseAccessRecord[] records, IDocumentSession session) => session.Insert(records);
}
