using PivotCase.Api.Cases;

namespace PivotCase.Api.Compensation;

public enum CompensationEventKind
{
    ClaimFiled, ClaimAccepted, ClaimRefused, PaymentReceived
}

public enum FundCategory
{
    Transport, Lodging, BasicNeeds, Communication, Other
}

/// <summary>A step of the survivor's claim to IVAC, Quebec's crime victims compensation.</summary>
public sealed record CompensationEventRecorded(
    Guid CaseId, Guid EntryId, CompensationEventKind Kind, DateOnly On, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>Money paid from the coalition's emergency fund for the survivor (CAD).</summary>
public sealed record EmergencyFundDisbursed(
    Guid CaseId, Guid DisbursementId, decimal Amount, FundCategory Category, DateOnly On, string DisbursedBy,
    DateTimeOffset DisbursedAt);

/// <summary>An IVAC entry recorded by mistake no longer counts: the claim and its deadline are computed without it.</summary>
public sealed record CompensationEntryVoided(
    Guid CaseId, Guid EntryId, EntryVoidReason Reason, string VoidedBy, DateTimeOffset VoidedAt);

/// <summary>A disbursement recorded by mistake no longer counts in the case's emergency-fund total.</summary>
public sealed record DisbursementVoided(
    Guid CaseId, Guid DisbursementId, EntryVoidReason Reason, string VoidedBy, DateTimeOffset VoidedAt);
