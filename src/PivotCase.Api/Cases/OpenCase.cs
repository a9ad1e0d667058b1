using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Platform.Http;
using PivotCase.Api.Privacy;
using Wolverine.Http;
using Wolverine.Marten;

namespace PivotCase.Api.Cases;

/// <summary>
/// Opens a case from any access point. Organisation, pivot worker, status and version are never taken from the
/// body: the caller becomes the pivot worker and the case belongs to the caller's organisation.
/// </summary>
public sealed record OpenCase(
    [property: Required] AccessPoint? AccessPoint,
    [property: Required] IReadOnlyList<ExploitationType>? ExploitationTypes,
    [property: Required] TraffickingScope? Trafficking,
    [property: Required] AgeGroup? AgeGroup,
    [property: Required] Gender? Gender,
    [property: Required] string? Region,
    DateOnly? OpenedOn = null,
    PersonalDetails? PersonalDetails = null);

public sealed record CaseOpenedResponse(Guid Id, long Version) : Created
{
    [JsonIgnore]
    public override string Location => $"/api/cases/{Id}";
}

public static class OpenCaseEndpoint
{
    public static ProblemDetails Validate(OpenCase command, CoalitionCalendar calendar)
    {
        var errors = new ValidationErrors()
            .Required("accessPoint", command.AccessPoint)
            .Required("trafficking", command.Trafficking)
            .Required("ageGroup", command.AgeGroup)
            .Required("gender", command.Gender)
            .When(command.ExploitationTypes is null, "exploitationTypes", CaseProfileRules.ExploitationTypeRequired)
            .CheckExploitationTypes(command.ExploitationTypes)
            .When(!QuebecRegion.IsValid(command.Region), "region", QuebecRegion.Expected)
            .When(command.OpenedOn > calendar.Today, "openedOn", "A case cannot be opened in the future.")
            .When(command.OpenedOn < CaseDates.Earliest, "openedOn", CaseDates.TooEarly)
            .When(AgeGroupContradictsDateOfBirth(command, calendar.Today), "ageGroup", CaseProfileRules.AgeGroupContradictsBirth);
        PersonalDetailsRules.Check(command.PersonalDetails, calendar.Today, errors);
        return Problems.Invalid(errors);
    }

    /// <summary>
    /// The age group decides legal deadlines (no IVAC deadline for violence suffered in childhood, the 18th birthday) and
    /// the statistics, so a typo in either must not silently drop a deadline. Without a date of birth the group stands.
    /// </summary>
    private static bool AgeGroupContradictsDateOfBirth(OpenCase command, DateOnly today) =>
        command is { AgeGroup: { } group, PersonalDetails.DateOfBirth: { } birth }
        && AgeGroups.Contradict(group, birth, command.OpenedOn ?? today);

    [WolverinePost("/api/cases"), Authorize(Policy = Policies.CaseWrite)]
    [Tags("Cases")]
    public static (CaseOpenedResponse, IStartStream, IMartenOp) Post(
        OpenCase command, ClaimsPrincipal user, CoalitionCalendar calendar, PersonalDetailsProtector protector)
    {
        var caller = Caller.From(user);
        var caseId = Guid.CreateVersion7();
        var now = calendar.Now;
        var openedOn = command.OpenedOn ?? calendar.Today;
        var openedAt = openedOn == calendar.Today ? now : calendar.StartOf(openedOn);

        var (key, personalDetails) = command.PersonalDetails is { } details
            ? protector.Protect(caseId, details, now)
            : (null, null);

        var opened = new CaseOpened(caseId, caller.Organization, caller.UserId, command.AccessPoint!.Value,
            command.ExploitationTypes!, command.Trafficking!.Value, command.AgeGroup!.Value, command.Gender!.Value,
            command.Region!, openedOn, openedAt, personalDetails, caller.UserId, now)
        {
            ComesOfAgeMonth = CaseDeadlines.ComesOfAgeMonth(command.PersonalDetails?.DateOfBirth, openedOn)
        };

        return (new CaseOpenedResponse(caseId, 1), MartenOps.StartStream<Case>(caseId, opened),
            key is null ? MartenOps.Nothing() : MartenOps.Store(key));
    }
}
