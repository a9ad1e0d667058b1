using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Platform.Http;

namespace PivotCase.Api.Cases;

/// <summary>Takes back an immigration, IVAC or emergency-fund entry recorded by mistake.</summary>
public sealed record VoidEntry([property: Required] EntryVoidReason? Reason, long? ExpectedVersion = null);

/// <summary>
/// The rule the three void routes share: by the organisation that owns the case, as for recording the entry, and only an
/// entry in force of the route's kind (404 for an unknown one, one already voided, or one of another kind).
/// </summary>
public static class VoidEntryRules
{
    public static ProblemDetails Check(VoidEntry command, Case? caseFile, Guid entryId, CaseEntryKind kind, Caller caller, DateOnly today)
    {
        var denied = CaseAccess.CheckWrite(caseFile, caller, today, command.ExpectedVersion, decidesFromEntryIds: true);
        if (denied != Problems.None) return denied;

        var invalid = Problems.Invalid(new ValidationErrors().Required("reason", command.Reason));
        return invalid != Problems.None
            ? invalid
            : caseFile!.Entries.TryGetValue(entryId, out var found) && found == kind ? Problems.None : Problems.NotFound("entry in force");
    }
}
