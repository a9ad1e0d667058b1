using System.Collections.Immutable;

namespace PivotCase.Api.Referrals;

public sealed record Consent(
    Guid ConsentId,
    ConsentScope Scope,
    string? Organization,
    bool IncludesPersonalDetails,
    DateOnly GivenOn,
    DateOnly? ExpiresOn,
    DateTimeOffset? WithdrawnAt)
{
    public bool IsActiveOn(DateOnly today) => WithdrawnAt is null && GivenOn <= today && !(ExpiresOn < today);

    public bool SharesWith(string organization, DateOnly today) =>
        Scope == ConsentScope.ShareWithOrganization && Organization == organization && IsActiveOn(today);
}

/// <summary>How consent events change a case's consents; shared by the write model and the read model.</summary>
public static class ConsentLedger
{
    public static ImmutableList<Consent> Apply(ImmutableList<Consent> consents, ConsentGiven given) =>
        consents.Add(new Consent(given.ConsentId, given.Scope, given.Organization, given.IncludesPersonalDetails,
            given.GivenOn, given.ExpiresOn, WithdrawnAt: null));

    public static ImmutableList<Consent> Apply(ImmutableList<Consent> consents, ConsentWithdrawn withdrawn) =>
        consents.Select(consent => consent.ConsentId == withdrawn.ConsentId ? consent with { WithdrawnAt = withdrawn.WithdrawnAt } : consent)
            .ToImmutableList();

    /// <summary>
    /// For each organisation the survivor consented to share with, and whose consents not withdrawn all carry an expiry,
    /// the last of those days: after it the organisation loses its access (ADR 0008) unless a new consent is recorded.
    /// The owning organisation is left out: a case transferred under a consent stays its new owner's whatever the consent.
    /// </summary>
    public static IEnumerable<DateOnly> ShareExpiries(IEnumerable<Consent> consents, string owner) =>
        consents.Where(consent => consent.Scope == ConsentScope.ShareWithOrganization && consent.WithdrawnAt is null
                                  && consent.Organization != owner)
            .GroupBy(consent => consent.Organization)
            .Where(organization => organization.All(consent => consent.ExpiresOn is not null))
            .Select(organization => organization.Max(consent => consent.ExpiresOn!.Value));

    public static Consent? ActiveShareWith(IEnumerable<Consent> consents, string organization, DateOnly today) =>
        consents.Where(consent => consent.SharesWith(organization, today))
            .OrderByDescending(consent => consent.IncludesPersonalDetails)
            .FirstOrDefault();
}
