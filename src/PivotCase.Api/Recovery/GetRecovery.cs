using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Cases;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Platform.Http;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace PivotCase.Api.Recovery;

/// <summary>
/// <paramref name="Change"/>: latest minus baseline for each domain scored in both; <paramref name="Trajectory"/>:
/// every assessment, oldest first; <paramref name="MonthsInCare"/>: whole months from the case's opening day to today,
/// or to the day it was closed while it is closed.
/// </summary>
public sealed record RecoveryView(
    RecoveryAssessment? Baseline,
    RecoveryAssessment? Latest,
    IReadOnlyDictionary<RecoveryDomain, int> Change,
    IReadOnlyList<RecoveryAssessment> Trajectory,
    int MonthsInCare);

public static class GetRecoveryEndpoint
{
    /// <remarks>A case opened before this projection existed has no progress until the projection is rebuilt.</remarks>
    public static ProblemDetails Validate(
        Case? caseFile, RecoveryProgress? progress, ClaimsPrincipal user, CoalitionCalendar calendar)
    {
        var denied = CaseAccess.Check(caseFile, Caller.From(user), calendar.Today);
        return denied == Problems.None && progress is null ? Problems.NotFound() : denied;
    }

    [WolverineGet("/api/cases/{id}/recovery"), Authorize(Policy = Policies.CaseRead)]
    [Tags("Recovery")]
    public static RecoveryView Get(
        [ReadAggregate("id", Required = false)] Case caseFile, [Document("id", Required = false)] RecoveryProgress progress,
        CoalitionCalendar calendar) =>
        RecoveryMaths.Progress(progress.Assessments, progress.OpenedOn, calendar.CareEndsOn(caseFile.ClosedAt));
}
