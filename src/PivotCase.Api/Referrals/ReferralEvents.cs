using PivotCase.Api.Steps;

namespace PivotCase.Api.Referrals;

public enum ReferralStatus
{
    Pending, Accepted, Declined, Cancelled
}

/// <summary>The pivot worker refers the survivor to another member organisation, under a consent to share with it.</summary>
public sealed record ReferralMade(
    Guid CaseId,
    Guid ReferralId,
    string FromOrganization,
    string ToOrganization,
    ServiceDomain Domain,
    string? Reason,
    bool Urgent,
    Guid ConsentId,
    string ReferredBy,
    DateTimeOffset ReferredAt);

public sealed record ReferralAccepted(Guid CaseId, Guid ReferralId, string? Reason, string AcceptedBy, DateTimeOffset AcceptedAt);

public sealed record ReferralDeclined(Guid CaseId, Guid ReferralId, string? Reason, string DeclinedBy, DateTimeOffset DeclinedAt);

public sealed record ReferralCancelled(Guid CaseId, Guid ReferralId, string? Reason, string CancelledBy, DateTimeOffset CancelledAt);
