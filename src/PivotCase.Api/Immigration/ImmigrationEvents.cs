using PivotCase.Api.Cases;

namespace PivotCase.Api.Immigration;

public enum ImmigrationEventKind
{
    TrpApplied, TrpIssued, TrpRefused, TrpRenewed, WorkPermitIssued, HealthCoverageStarted, PermanentResidenceApplied,
    RemovalOrder, Other
}

/// <summary>An entry recorded by mistake no longer counts: the file, its deadlines and the dashboard are computed without it.</summary>
public sealed record ImmigrationEntryVoided(
    Guid CaseId, Guid EntryId, EntryVoidReason Reason, string VoidedBy, DateTimeOffset VoidedAt);

/// <summary>
/// A step of an international survivor's immigration file: the Temporary Resident Permit for victims of trafficking
/// (issued for at least 12 months since February 2025, renewable), work permit, IFHP health coverage, removal order.
/// </summary>
public sealed record ImmigrationEventRecorded(
    Guid CaseId, Guid EntryId, ImmigrationEventKind Kind, DateOnly On, DateOnly? ValidUntil, string RecordedBy,
    DateTimeOffset RecordedAt)
{
    public static bool CarriesValidity(ImmigrationEventKind kind) =>
        kind is ImmigrationEventKind.TrpIssued or ImmigrationEventKind.TrpRenewed or ImmigrationEventKind.WorkPermitIssued;
}
