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

namespace PivotCase.Api.Privacy;

/// <summary>The survivor's personal details as they are now: the whole set, replacing the previous one.</summary>
public sealed record CorrectPersonalDetails([property: Required] PersonalDetails? PersonalDetails, long? ExpectedVersion = null);

public static class CorrectPersonalDetailsEndpoint
{
    /// <summary>
    /// The owner's caseworkers only, on an open case whose details were not erased by request (the survivor's or the
    /// coalition's decision, which a correction must not undo). Details the retention sweep erased because the case stayed
    /// closed past the retention period may be recorded again once the survivor comes back and the case is reopened: the
    /// time ran out, nobody decided against them, and a new case would split the survivor's history. The date of birth
    /// must agree with the case's age group as at opening, and a minor's date of birth cannot be left out: the whole set
    /// replaces the previous one, and without it the 18th-birthday deadline would silently go. The age group and that
    /// deadline are read from the case's read model, as the write model holds neither.
    /// </summary>
    public static async Task<ProblemDetails> ValidateAsync(
        CorrectPersonalDetails command, Case? caseFile, ClaimsPrincipal user, CoalitionCalendar calendar, IQuerySession session,
        CancellationToken token)
    {
        var denied = CaseAccess.CheckWrite(caseFile, Caller.From(user), calendar.Today, command.ExpectedVersion);
        if (denied != Problems.None) return denied;
        if (caseFile!.Erasure is { } erasure && !RetentionHandler.MadeBySweep(erasure))
            return Problems.Conflict("The survivor's personal details were erased on request: they cannot be recorded again on this case.");

        var errors = new ValidationErrors().Required("personalDetails", command.PersonalDetails);
        PersonalDetailsRules.Check(command.PersonalDetails, calendar.Today, errors);
        if (!errors.IsEmpty) return Problems.Invalid(errors);
        // Loaded with the case already (LoadCaseDetailsWithEveryCaseWrite); missing only while it is being rebuilt.
        if (await session.LoadAsync<CaseDetails>(caseFile.Id, token) is not { } details) return Problems.UpgradeUnfinished();

        var birth = command.PersonalDetails!.DateOfBirth;
        return Problems.Invalid(errors
            .When(birth is { } given && AgeGroups.Contradict(details.AgeGroup, given, details.OpenedOn),
                "personalDetails.dateOfBirth", "The date of birth does not match the case's age group on the day it was opened.")
            .When(birth is null && details.ComesOfAgeMonth is not null, "personalDetails.dateOfBirth",
                "The case's date of birth decides its 18th-birthday deadline: send it with the other details, which replace the previous ones."));
    }

    /// <summary>
    /// A new data key seals the details and replaces the case's key, in the event's transaction: the details recorded
    /// before (a wrong date of birth, an old phone number) can no longer be decrypted from the database, and the month of
    /// the 18th birthday the earlier events held in clear is cleared from them (ADR 0004).
    /// </summary>
    [WolverinePost("/api/cases/{id}/personal-details"), Authorize(Policy = Policies.CaseWrite)]
    [Tags("Privacy")]
    public static async Task<(CaseVersion, Events, IMartenOp)> Post(
        CorrectPersonalDetails command, [WriteAggregate(Required = false)] Case caseFile, ClaimsPrincipal user,
        CoalitionCalendar calendar, PersonalDetailsProtector protector, IDocumentSession session, CancellationToken token)
    {
        await PersonalDataErasure.ForgetEarlierBirthMonthsAsync(session, caseFile.Id, token);
        var now = calendar.Now;
        var (key, sealedDetails) = protector.Protect(caseFile.Id, command.PersonalDetails!, now);
        var corrected = new PersonalDetailsCorrected(caseFile.Id, sealedDetails, Caller.From(user).UserId, now)
        {
            ComesOfAgeMonth = CaseDeadlines.ComesOfAgeMonth(command.PersonalDetails!.DateOfBirth, caseFile.OpenedOn)
        };
        return (new CaseVersion(caseFile.Id, caseFile.Version + 1), [corrected], MartenOps.Store(key));
    }
}
