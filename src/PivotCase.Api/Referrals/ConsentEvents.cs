namespace PivotCase.Api.Referrals;

public enum ConsentScope
{
    ShareWithOrganization, ResearchStatistics
}

/// <summary>
/// The survivor's express consent (Law 25), recorded by the pivot worker: to share the case with one member
/// organisation (optionally including personal details), or to be counted in anonymised research statistics.
/// </summary>
public sealed record ConsentGiven(
    Guid CaseId,
    Guid ConsentId,
    ConsentScope Scope,
    string? Organization,
    bool IncludesPersonalDetails,
    DateOnly GivenOn,
    DateOnly? ExpiresOn,
    string RecordedBy,
    DateTimeOffset RecordedAt);

public sealed record ConsentWithdrawn(Guid CaseId, Guid ConsentId, string WithdrawnBy, DateTimeOffset WithdrawnAt);
