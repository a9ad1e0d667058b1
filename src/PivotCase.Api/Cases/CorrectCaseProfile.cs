using System.Security.Claims;
using Marten;
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
/// The fields of the case's de-identified profile to change; those left out stay as they are. The day the survivor was
/// identified is not among them: the crisis window and the deadlines run from it.
/// </summary>
public sealed record CorrectCaseProfile(
    AccessPoint? AccessPoint = null,
    IReadOnlyList<ExploitationType>? ExploitationTypes = null,
    TraffickingScope? Trafficking = null,
    AgeGroup? AgeGroup = null,
    Gender? Gender = null,
    string? Region = null,
    long? ExpectedVersion = null)
{
    public CaseProfileCorrected ApplyTo(CaseDetails details, string correctedBy, DateTimeOffset correctedAt) => new(details.Id,
        AccessPoint ?? details.AccessPoint, ExploitationTypes ?? details.ExploitationTypes, Trafficking ?? details.Trafficking,
        AgeGroup ?? details.AgeGroup, Gender ?? details.Gender, Region ?? details.Region, correctedBy, correctedAt);
}

public static class CorrectCaseProfileEndpoint
{
    /// <summary>
    /// The owner's caseworkers, on an open case. The same rules as at opening, and an age group that still agrees with
    /// the date of birth when the case holds one: the age group decides the IVAC deadline (none for violence suffered in
    /// childhood) and the statistics.
    /// </summary>
    public static async Task<ProblemDetails> ValidateAsync(
        CorrectCaseProfile command, Case? caseFile, ClaimsPrincipal user, CoalitionCalendar calendar, IDocumentSession session,
        PersonalDetailsProtector protector, CancellationToken token)
    {
        var denied = CaseAccess.CheckWrite(caseFile, Caller.From(user), calendar.Today, command.ExpectedVersion);
        if (denied != Problems.None) return denied;

        var errors = new ValidationErrors()
            .When(command is { AccessPoint: null, ExploitationTypes: null, Trafficking: null, AgeGroup: null, Gender: null, Region: null },
                "profile", "Send at least one field of the profile to change.")
            .CheckExploitationTypes(command.ExploitationTypes)
            .When(command.Region is not null && !QuebecRegion.IsValid(command.Region), "region", QuebecRegion.Expected);
        if (!errors.IsEmpty) return Problems.Invalid(errors);

        // Loaded with the case already (LoadCaseDetailsWithEveryCaseWrite); missing only while it is being rebuilt.
        var details = await session.LoadAsync<CaseDetails>(caseFile!.Id, token);
        if (details is null) return Problems.UpgradeUnfinished();
        if (command.AgeGroup is not { } ageGroup || details.PersonalDetails is null) return Problems.None;
        var key = await session.LoadAsync<CaseKey>(caseFile.Id, token);
        var (_, clear) = await PersonalDetailsReading.RevealAsync(details, key, protector, session, token);
        return Problems.Invalid(errors.When(clear?.DateOfBirth is { } birth && AgeGroups.Contradict(ageGroup, birth, details.OpenedOn),
            "ageGroup", CaseProfileRules.AgeGroupContradictsBirth));
    }

    /// <summary>The whole profile as it now stands; nothing is appended when the fields sent already say so.</summary>
    [WolverinePost("/api/cases/{id}/profile"), Authorize(Policy = Policies.CaseWrite)]
    [Tags("Cases")]
    public static async Task<(CaseVersion, Events)> Post(
        CorrectCaseProfile command, [WriteAggregate(Required = false)] Case caseFile, ClaimsPrincipal user, CoalitionCalendar calendar,
        IDocumentSession session, CancellationToken token)
    {
        var details = await session.LoadAsync<CaseDetails>(caseFile.Id, token)
                      ?? throw new InvalidOperationException($"Case {caseFile.Id} has no read model.");
        var corrected = command.ApplyTo(details, Caller.From(user).UserId, calendar.Now);
        var unchanged = corrected.AccessPoint == details.AccessPoint
                        && corrected.ExploitationTypes.Order().SequenceEqual(details.ExploitationTypes.Order())
                        && corrected.Trafficking == details.Trafficking && corrected.AgeGroup == details.AgeGroup
                        && corrected.Gender == details.Gender && corrected.Region == details.Region;
        return unchanged
            ? (new CaseVersion(caseFile.Id, caseFile.Version), [])
            : (new CaseVersion(caseFile.Id, caseFile.Version + 1), [corrected]);
    }
}
