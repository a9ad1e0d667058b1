namespace PivotCase.Api.Steps;

/// <summary>A need identified with the survivor, in one domain and timeframe of the coalition's needs table.</summary>
public sealed record NeedRecorded(
    Guid CaseId, Guid NeedId, ServiceDomain Domain, Timeframe Timeframe, string? Description, string RecordedBy,
    DateTimeOffset RecordedAt);
