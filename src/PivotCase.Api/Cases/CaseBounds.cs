using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using PivotCase.Api.Platform.Http;

namespace PivotCase.Api.Cases;

/// <summary>What a write adds to a case that nothing removes (a cancelled step stays), but a void (the entries).</summary>
public enum CaseAddition
{
    Step,
    Need,
    Consent,
    Referral,
    Entry
}

/// <summary>
/// The most a case holds of each <see cref="CaseAddition"/>: far above what years of work add (5,000 steps is more than
/// one a day for thirteen years), so that a client caught in a loop, or a partner misusing its access, cannot grow a
/// case without end. Every write and every read of the case handles its documents whole, so each step added makes
/// every later one slower, and the owner's lists longer. Once reached, a write that would add one more is a 409.
/// </summary>
public static class CaseBounds
{
    public const int MaxSteps = 5_000;
    public const int MaxNeeds = 1_000;
    public const int MaxConsents = 500;
    public const int MaxReferrals = 1_000;

    /// <summary>Immigration, IVAC and emergency-fund entries in force, together.</summary>
    public const int MaxEntries = 2_000;

    public static ProblemDetails Check(Case caseFile, CaseAddition addition)
    {
        var (held, most, what) = addition switch
        {
            CaseAddition.Step => (caseFile.Steps.Count, MaxSteps, "steps"),
            CaseAddition.Need => (caseFile.Needs.Count, MaxNeeds, "needs"),
            CaseAddition.Consent => (caseFile.Consents.Count, MaxConsents, "consents"),
            CaseAddition.Referral => (caseFile.Referrals.Count, MaxReferrals, "referrals"),
            _ => (caseFile.Entries.Count, MaxEntries, "immigration, IVAC and emergency-fund entries")
        };
        return held < most
            ? Problems.None
            : Problems.Conflict(string.Create(CultureInfo.InvariantCulture,
                $"The case already holds {most:N0} {what}, the most one case can hold."));
    }
}
