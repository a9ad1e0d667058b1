using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using PivotCase.Api.Cases;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Platform.Http;
using PivotCase.Api.Recovery;
using Wolverine.Http;
using Wolverine.Http.Marten;

namespace PivotCase.Api.Privacy;

/// <summary>
/// The case's whole record in one structured document (Law 25 portability): the case with its personal details in
/// clear (its consents and referrals included), the history and recovery progress.
/// </summary>
public sealed record CaseExport(
    string Format,
    DateTimeOffset ExportedAt,
    CaseView Case,
    IReadOnlyList<HistoryEntry> History,
    RecoveryView? Recovery)
{
    public const string CurrentFormat = "pivotcase-export/1";
}

public static class ExportCaseEndpoint
{
    /// <summary>The owning organisation only: partners hold a referral, not the record; coordinators never read cases.</summary>
    public static ProblemDetails Validate(CaseDetails? details, ClaimsPrincipal user, CoalitionCalendar calendar) =>
        details is not null && CaseAccess.RelationOf(details, Caller.From(user), calendar.Today) == CaseRelation.Owner
            ? Problems.None
            : Problems.NotFound();

    [WolverineGet("/api/cases/{id}/export"), Authorize(Policy = Policies.CaseRead)]
    [Tags("Privacy")]
    public static async Task<CaseExport> Get(
        [Document("id", Required = false)] CaseDetails details, ClaimsPrincipal user, IQuerySession session,
        PersonalDetailsProtector protector, CoalitionCalendar calendar, HttpContext context, CancellationToken token)
    {
        PersonalDetails? personalDetails = null;
        if (details.PersonalDetails is not null)
            (details, personalDetails) = await PersonalDetailsReading.RevealAsync(
                details, await session.LoadAsync<CaseKey>(details.Id, token), protector, session, token);
        var events = await session.Events.FetchStreamAsync(details.Id, token: token);
        var progress = await session.LoadAsync<RecoveryProgress>(details.Id, token);

        context.Response.Headers[HeaderNames.ContentDisposition] =
            new ContentDispositionHeaderValue("attachment") { FileName = $"case-{details.Id}.json" }.ToString();
        return new CaseExport(CaseExport.CurrentFormat, calendar.Now, CaseView.Of(details, personalDetails, Caller.From(user), calendar),
            events.Select(CaseHistory.Describe).ToList(),
            progress is null ? null : RecoveryMaths.Progress(progress.Assessments, progress.OpenedOn, calendar.CareEndsOn(details.ClosedAt)));
    }
}
