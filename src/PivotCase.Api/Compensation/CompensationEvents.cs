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
