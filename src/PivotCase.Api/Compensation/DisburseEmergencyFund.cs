using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Cases;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Platform.Http;
using Wolverine.Http;
using Wolverine.Marten;

namespace PivotCase.Api.Compensation;

public sealed record DisburseEmergencyFund(
    [property: Required] decimal? Amount,
    [property: Required] FundCategory? Category,
    [property: Required] DateOnly? On,
    long? ExpectedVersion = null);

public sealed record EmergencyFundDisbursedResponse(Guid DisbursementId, long Version) : Created;

public static class DisburseEmergencyFundEndpoint
{
    public const decimal MaximumDisbursement = 10_000m;

    public static ProblemDetails Validate(
        DisburseEmergencyFund command, Case? caseFile, ClaimsPrincipal user, CoalitionCalendar calendar)
    {
        var denied = CaseAccess.CheckWrite(caseFile, Caller.From(user), calendar.Today, command.ExpectedVersion, adds: CaseAddition.Entry);
        if (denied != Problems.None) return denied;

        return Problems.Invalid(new ValidationErrors()
            .Required("amount", command.Amount)
            .When(command.Amount is <= 0, "amount", "The amount must be positive.")
            .When(command.Amount > MaximumDisbursement, "amount", $"At most {MaximumDisbursement} CAD per disbursement.")
            .When(command.Amount is { } amount && decimal.Round(amount, 2) != amount, "amount", "At most two decimals (cents).")
            .Required("category", command.Category)
            .Required("on", command.On)
            .When(command.On > calendar.Today, "on", "The date cannot be in the future.")
            .When(command.On < caseFile!.OpenedOn, "on", "A disbursement cannot come before the case was opened."));
    }

    [WolverinePost("/api/cases/{id}/emergency-fund"), Authorize(Policy = Policies.CaseWrite)]
    [Tags("Compensation")]
    public static (EmergencyFundDisbursedResponse, Events) Post(
        DisburseEmergencyFund command, [WriteAggregate(Required = false)] Case caseFile, ClaimsPrincipal user, CoalitionCalendar calendar)
    {
        var disbursementId = Guid.CreateVersion7();
        return (new EmergencyFundDisbursedResponse(disbursementId, caseFile.Version + 1),
        [
            new EmergencyFundDisbursed(caseFile.Id, disbursementId, command.Amount!.Value, command.Category!.Value,
                command.On!.Value, Caller.From(user).UserId, calendar.Now)
        ]);
    }
}
