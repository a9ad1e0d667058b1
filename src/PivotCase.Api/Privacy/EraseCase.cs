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

/// <summary>Only a reason from the list: a note in free text could itself carry the personal data being erased.</summary>
public sealed record EraseCase([property: Required] ErasureReason? Reason, long? ExpectedVersion = null);

/// <summary>The erasure as recorded; a repeated request answers the first erasure again.</summary>
public sealed record ErasureAnswer(Guid Id, long Version, ErasureReason Reason, string ErasedBy, DateTimeOffset ErasedAt);

public static class EraseCaseEndpoint
{
    /// <summary>Coordinators act coalition-wide: any existing case, whichever organisation owns it.</summary>
    public static ProblemDetails Validate(EraseCase command, Case? caseFile) => caseFile is null
        ? Problems.NotFound()
        : command.ExpectedVersion is { } expected && expected != caseFile.Version
            ? Problems.StaleVersion(expected, caseFile.Version)
            : Problems.Invalid(new ValidationErrors().Required("reason", command.Reason));

    /// <summary>
    /// One transaction: the erasure event, the deletion of the case's key and the masking of its opening event. Idempotent:
    /// a repeated request appends nothing, masks again (a no-op) and answers 200 with the first erasure. One exception: a
    /// request after the retention sweep's erasure is recorded, as the survivor's or the coalition's decision, which keeps
    /// details from being recorded again on the case (the sweep's erasure alone does not).
    /// </summary>
    [WolverinePost("/api/cases/{id}/erasure"), Authorize(Policy = Policies.Erasure)]
    [Tags("Privacy")]
    public static async Task<(ErasureAnswer, Events)> Post(
        EraseCase command, [WriteAggregate(Required = false)] Case caseFile, IDocumentSession session, ClaimsPrincipal user,
        CoalitionCalendar calendar, CancellationToken token)
    {
        await PersonalDataErasure.ShredAndMaskAsync(session, caseFile.Id, calendar.Now, token);
        if (caseFile.Erasure is { } done && !RetentionHandler.MadeBySweep(done))
            return (new ErasureAnswer(caseFile.Id, caseFile.Version, done.Reason, done.ErasedBy, done.ErasedAt), []);

        var erased = new PersonalDetailsErased(caseFile.Id, command.Reason!.Value, Caller.From(user).UserId, calendar.Now);
        return (new ErasureAnswer(caseFile.Id, caseFile.Version + 1, erased.Reason, erased.ErasedBy, erased.ErasedAt), [erased]);
    }
}
