using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Platform.Http;

namespace PivotCase.Api.Cases;

/// <summary>Takes back an immigration, IVAC or emergency-fund entry recorded by mistake.</summary>
public sealed record VoidEntry([property: Required] EntryVoidReason? Reason, long? ExpectedVersion = null);

/// <summary>
/// The rule every void route shares (an assessment, an immigration, IVAC or emergency-fund entry): by the organisation
/// that owns the case, as for recording what is voided, with a reason, and only something still in force (404 for an
/// unknown id, one already voided, or an entry of another kind than the route's).
/// </summary>
public static class VoidRules
{
    public static ProblemDetails Check(
        Case? caseFile, Caller caller, DateOnly today, long? expectedVersion, object? reason, Func<Case, bool> inForce, string what)
    {
        var denied = CaseAccess.CheckWrite(caseFile, caller, today, expectedVersion, decidesFromEntryIds: true);
        if (denied != Problems.None) return denied;

        var invalid = Problems.Invalid(new ValidationErrors().Required("reason", reason));
        return invalid != Problems.None ? invalid : inForce(caseFile!) ? Problems.None : Problems.NotFound($"{what} in force");
    }

    public static ProblemDetails CheckEntry(VoidEntry command, Case? caseFile, Guid entryId, CaseEntryKind kind, Caller caller, DateOnly today) =>
        Check(caseFile, caller, today, command.ExpectedVersion, command.Reason,
            current => current.Entries.TryGetValue(entryId, out var found) && found == kind, "entry");
}
