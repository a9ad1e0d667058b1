using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Cases;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using Wolverine.Http;
using Wolverine.Marten;

namespace PivotCase.Api.Recovery;

public sealed record VoidAssessment([property: Required] AssessmentVoidReason? Reason, long? ExpectedVersion = null);

/// <summary>
/// Takes back an assessment recorded by mistake (on the wrong case, the wrong day, with the wrong scores, twice): the
/// baseline, the latest and the change are computed again without it, and its day can be assessed again. By the
/// organisation that owns the case, as for recording one.
/// </summary>
public static class VoidAssessmentEndpoint
{
    public static ProblemDetails Validate(
        VoidAssessment command, Case? caseFile, Guid assessmentId, ClaimsPrincipal user, CoalitionCalendar calendar) =>
        VoidRules.Check(caseFile, Caller.From(user), calendar.Today, command.ExpectedVersion, command.Reason,
            current => current.Assessments.ContainsKey(assessmentId), "assessment");

    [WolverinePost("/api/cases/{id}/assessments/{assessmentId}/void"), Authorize(Policy = Policies.CaseWrite)]
    [Tags("Recovery")]
    public static (CaseVersion, Events) Post(
        VoidAssessment command, [WriteAggregate(Required = false)] Case caseFile, Guid assessmentId, ClaimsPrincipal user,
        CoalitionCalendar calendar) =>
        (new CaseVersion(caseFile.Id, caseFile.Version + 1),
            [new AssessmentVoided(caseFile.Id, assessmentId, caseFile.Assessments[assessmentId], command.Reason!.Value,
                Caller.From(user).UserId, calendar.Now)]);
}
