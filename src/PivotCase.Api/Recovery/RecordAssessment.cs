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

namespace PivotCase.Api.Recovery;

/// <summary>
/// <paramref name="Scores"/>: a score from 1 to 5 for each assessed domain. An unknown domain or a score that is not a
/// whole number is refused by the JSON reader with a 400 naming the field (<c>scores.&lt;domain&gt;</c>).
/// </summary>
public sealed record RecordAssessment(
    [property: Required] DateOnly? AssessedOn,
    [property: Required] IReadOnlyDictionary<RecoveryDomain, int>? Scores,
    string? InstrumentVersion = null,
    long? ExpectedVersion = null);

public sealed record AssessmentRecordedResponse(Guid AssessmentId, long Version) : Created;

/// <summary>
/// One assessment per day and case: a second one dated the same day is refused (409) rather than silently standing
/// beside the first, since baseline and latest are chosen by day.
/// </summary>
public static class RecordAssessmentEndpoint
{
    public static ProblemDetails Validate(RecordAssessment command, Case? caseFile, ClaimsPrincipal user, CoalitionCalendar calendar)
    {
        var denied = CaseAccess.CheckWrite(caseFile, Caller.From(user), calendar.Today, command.ExpectedVersion, decidesFromEntryIds: true);
        if (denied != Problems.None) return denied;

        var errors = new ValidationErrors()
            .Required("assessedOn", command.AssessedOn)
            .When(command.AssessedOn > calendar.Today, "assessedOn", "An assessment cannot be dated in the future.")
            .When(command.AssessedOn < caseFile!.OpenedOn, "assessedOn",
                $"An assessment cannot precede the opening of the case ({caseFile.OpenedOn:yyyy-MM-dd}).")
            .When(command.Scores is null or { Count: 0 }, "scores", "Score at least one recovery domain.")
            .When(command.InstrumentVersion is { } version && !RecoveryInstrument.KnownVersions.Contains(version),
                "instrumentVersion", $"Known instrument versions: {string.Join(", ", RecoveryInstrument.KnownVersions)}.");
        foreach (var (domain, score) in command.Scores ?? new Dictionary<RecoveryDomain, int>())
            errors.When(!RecoveryInstrument.IsValidScore(score), $"scores.{Json.NameOf(domain)}",
                $"A score is a whole number from {RecoveryInstrument.LowestScore} (in crisis) to {RecoveryInstrument.HighestScore} (thriving).");
        if (!errors.IsEmpty) return Problems.Invalid(errors);

        return caseFile.AssessedDays.Contains(command.AssessedOn!.Value)
            ? Problems.Conflict($"An assessment already exists for {command.AssessedOn:yyyy-MM-dd}.")
            : Problems.None;
    }

    [WolverinePost("/api/cases/{id}/assessments"), Authorize(Policy = Policies.CaseWrite)]
    [Tags("Recovery")]
    public static (AssessmentRecordedResponse, Events) Post(
        RecordAssessment command, [WriteAggregate(Required = false)] Case caseFile, ClaimsPrincipal user, CoalitionCalendar calendar)
    {
        var assessmentId = Guid.CreateVersion7();
        return (new AssessmentRecordedResponse(assessmentId, caseFile.Version + 1),
        [
            new AssessmentRecorded(caseFile.Id, assessmentId, command.AssessedOn!.Value, command.Scores!,
                command.InstrumentVersion ?? RecoveryInstrument.CurrentVersion, Caller.From(user).UserId, calendar.Now)
        ]);
    }
}
