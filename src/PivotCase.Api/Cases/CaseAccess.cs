using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Platform.Http;

namespace PivotCase.Api.Cases;

/// <summary>Anything that belongs to one organisation's caseload: the write model and the read models of a case.</summary>
public interface IOrganizationScoped
{
    string Organization { get; }
}

/// <summary>
/// The single object-level access rule for cases. A case the caller may not see is answered exactly like a case
/// that does not exist (404), so that its existence is not disclosed.
/// </summary>
public static class CaseAccess
{
    public static bool CanSee(IOrganizationScoped scoped, Caller caller) =>
        caller.Organization.Length > 0 && string.Equals(scoped.Organization, caller.Organization, StringComparison.Ordinal);

    /// <summary>Personal details are decrypted only for the owning organisation's caseworkers and supervisors.</summary>
    public static bool CanSeePersonalDetails(IOrganizationScoped scoped, Caller caller) =>
        CanSee(scoped, caller) && (caller.IsInRole(Roles.Caseworker) || caller.IsInRole(Roles.Supervisor));

    public static ProblemDetails Check(IOrganizationScoped? scoped, Caller caller) =>
        scoped is not null && CanSee(scoped, caller) ? Problems.None : Problems.NotFound();

    /// <summary>Access first (404), then the version the client expects (409), then the case being open (409).</summary>
    public static ProblemDetails CheckWrite(Case? current, Caller caller, long? expectedVersion, bool allowClosed = false)
    {
        var access = Check(current, caller);
        if (access != Problems.None) return access;
        if (expectedVersion is { } expected && expected != current!.Version)
            return Problems.StaleVersion(expected, current.Version);
        if (!allowClosed && current!.IsClosed)
            return Problems.Conflict("The case is closed: reopen it first.");
        return Problems.None;
    }
}
