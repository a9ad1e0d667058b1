using System.ComponentModel;
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

public sealed record PlanStep(
    [property: Required] ServiceDomain? Domain,
    [property: Required, Description(FreeText.Warning)] string? Title,
    [property: Required] Timeframe? Timeframe,
    PlannedStepStatus? Status = null,
    DateOnly? DueOn = null,
    [property: Description(FreeText.Warning)] string? Provider = null,
    Guid? NeedId = null,
    long? ExpectedVersion = null,
    [property: Description(FreeText.Warning)] string? Outcome = null,
    [property: Description("Only for a step logged as done: the day it was done (default today), for steps logged after the fact.")]
    DateOnly? CompletedOn = null);

public sealed record StepPlannedResponse(Guid StepId, long Version) : Created;

public static class PlanStepEndpoint
{
    /// <summary>
    /// A step planned with its need is held to the rules of a link made later (<see cref="StepRules.CanMeet"/>): otherwise
    /// the same facts would give a met need, a shorter crisis list and other statistics depending on the route used.
    /// </summary>
    public static async Task<ProblemDetails> ValidateAsync(
        PlanStep command, Case? caseFile, ClaimsPrincipal user, CoalitionCalendar calendar, IDocumentSession session,
        CancellationToken token)
    {
        var invalid = CheckRequest(command, caseFile, user, calendar);
        if (invalid != Problems.None || command.NeedId is not { } needId) return invalid;

        // Loaded with the case already (LoadCaseDetailsWithEveryCaseWrite); missing only while it is being rebuilt.
        if (await session.LoadAsync<CaseDetails>(caseFile!.Id, token) is not { } details) return Problems.UpgradeUnfinished();
        return StepRules.CanMeet(command.Domain!.Value, details.Needs.Find(need => need.NeedId == needId)!);
    }

    private static ProblemDetails CheckRequest(PlanStep command, Case? caseFile, ClaimsPrincipal user, CoalitionCalendar calendar)
    {
        var denied = CaseAccess.CheckWrite(caseFile, Caller.From(user), calendar.Today, command.ExpectedVersion, partnersMayWrite: true,
            adds: CaseAddition.Step);
        if (denied != Problems.None) return denied;

        var errors = new ValidationErrors()
            .Required("domain", command.Domain)
            .Required("title", command.Title)
            .MaxLength("title", command.Title, 200)
            .Required("timeframe", command.Timeframe)
            .MaxLength("provider", command.Provider, 200)
            .When(command.DueOn < caseFile!.OpenedOn, "dueOn", "A step cannot be due before the case was opened.")
            .When(command.DueOn > CaseDates.Latest(calendar.Today), "dueOn", CaseDates.TooFar)
            .When(command.NeedId is { } needId && !caseFile!.Needs.Contains(needId), "needId", "No need with this id on the case.");
        if (command.Status == PlannedStepStatus.Done)
            return Problems.Invalid(StepRules.CheckCompletion(errors, command.Outcome, command.CompletedOn, caseFile!.OpenedOn, calendar.Today));
        return Problems.Invalid(errors
            .When(command.Outcome is not null, "outcome", "Only a step logged as done has an outcome.")
            .When(command.CompletedOn is not null, "completedOn", "Only a step logged as done has a completion day."));
    }

    [WolverinePost("/api/cases/{id}/steps"), Authorize(Policy = Policies.CaseWrite)]
    [Tags("Steps")]
    public static (StepPlannedResponse, Events) Post(
        PlanStep command, [WriteAggregate(Required = false)] Case caseFile, ClaimsPrincipal user, CoalitionCalendar calendar)
    {
        var by = Caller.From(user).UserId;
        var now = calendar.Now;
        var stepId = Guid.CreateVersion7();

        var events = new Events
        {
            new StepPlanned(caseFile.Id, stepId, command.Domain!.Value, command.Title!.Trim(), command.Timeframe!.Value,
                command.DueOn, command.Provider?.Trim(), command.NeedId, by, now)
        };
        switch (command.Status)
        {
            case PlannedStepStatus.InProgress:
                events.Add(new StepStarted(caseFile.Id, stepId, by, now));
                break;
            case PlannedStepStatus.Done:
                events.Add(new StepCompleted(caseFile.Id, stepId, command.Outcome?.Trim(), command.CompletedOn ?? calendar.Today, by, now));
                break;
        }

        return (new StepPlannedResponse(stepId, caseFile.Version + events.Count), events);
    }
}
