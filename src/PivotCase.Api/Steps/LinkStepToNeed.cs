using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Cases;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Platform.Http;
using Wolverine.Http;
using Wolverine.Marten;

namespace PivotCase.Api.Steps;

public sealed record LinkStepToNeed([property: Required] Guid? NeedId, long? ExpectedVersion = null);

/// <summary>
/// Ties a step planned without its need to that need of the same domain, so that the need is met when the step is done
/// (at once when it already is): the crisis window, the dashboard and the statistics of needs met within 72 hours then
/// count it. By the organisation that owns the case, which recorded the need. A link is final: a step meets one need.
/// </summary>
public static class LinkStepToNeedEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(
        LinkStepToNeed command, Case? caseFile, Guid stepId, ClaimsPrincipal user, CoalitionCalendar calendar, IDocumentSession session,
        CancellationToken token)
    {
        var denied = CaseAccess.CheckWrite(caseFile, Caller.From(user), calendar.Today, command.ExpectedVersion);
        if (denied != Problems.None) return denied;

        var invalid = Problems.Invalid(new ValidationErrors()
            .Required("needId", command.NeedId)
            .When(command.NeedId is { } needId && !caseFile!.Needs.Contains(needId), "needId", "No need with this id on the case."));
        if (invalid != Problems.None) return invalid;
        if (!caseFile!.Steps.TryGetValue(stepId, out var status)) return Problems.NotFound("step");
        if (status == StepStatus.Cancelled) return Problems.Conflict("The step is cancelled: it meets no need.");

        // Loaded with the case already (LoadCaseDetailsWithEveryCaseWrite); missing only while it is being rebuilt. The
        // append still checks the stream version the case was read at, so a concurrent write cannot slip in between.
        if (await session.LoadAsync<CaseDetails>(caseFile.Id, token) is not { } details) return Problems.UpgradeUnfinished();
        var step = details.Steps.Find(candidate => candidate.StepId == stepId)!;
        var need = details.Needs.Find(candidate => candidate.NeedId == command.NeedId)!;
        return step.NeedId is not null
            ? Problems.Conflict("The step is already linked to a need.")
            : StepRules.CanMeet(step.Domain, need);
    }

    [WolverinePost("/api/cases/{id}/steps/{stepId}/need"), Authorize(Policy = Policies.CaseWrite)]
    [Tags("Steps")]
    public static (CaseVersion, Events) Post(
        LinkStepToNeed command, [WriteAggregate(Required = false)] Case caseFile, Guid stepId, ClaimsPrincipal user,
        CoalitionCalendar calendar) =>
        (new CaseVersion(caseFile.Id, caseFile.Version + 1),
        [
            new StepLinkedToNeed(caseFile.Id, stepId, command.NeedId!.Value, caseFile.Steps[stepId] == StepStatus.Done,
                Caller.From(user).UserId, calendar.Now)
        ]);
}
