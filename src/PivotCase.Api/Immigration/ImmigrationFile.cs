using System.Collections.Immutable;

namespace PivotCase.Api.Immigration;

public sealed record ImmigrationEntry(Guid EntryId, ImmigrationEventKind Kind, DateOnly On, DateOnly? ValidUntil);

/// <summary>
/// Where a survivor's immigration file stands, by the dates of its events rather than the order they were recorded in:
/// a caseworker may record an old permit after its renewal. The status is the latest event's kind, a permit's validity
/// that of its latest issue or renewal (none when that one carries no date), health coverage runs since its first start.
/// </summary>
public sealed record ImmigrationFile(
    ImmigrationEventKind? Status,
    DateOnly? TrpValidUntil,
    DateOnly? WorkPermitValidUntil,
    DateOnly? HealthCoverageSince,
    DateOnly? RemovalOrderOn,
    ImmutableList<ImmigrationEntry> Entries)
{
    public static readonly ImmigrationFile Empty = new(null, null, null, null, null, []);

    public ImmigrationFile Record(ImmigrationEventRecorded recorded) =>
        // A stable sort: events of the same day stay in the order they were recorded, the later one last.
        From(Entries.Add(new ImmigrationEntry(recorded.EntryId, recorded.Kind, recorded.On, recorded.ValidUntil))
            .OrderBy(entry => entry.On).ToImmutableList());

    public ImmigrationFile Void(ImmigrationEntryVoided voided) => From(Entries.RemoveAll(entry => entry.EntryId == voided.EntryId));

    private static ImmigrationFile From(ImmutableList<ImmigrationEntry> entries) => entries.IsEmpty
        ? Empty
        : new ImmigrationFile(
            entries[^1].Kind,
            Latest(entries, ImmigrationEventKind.TrpIssued, ImmigrationEventKind.TrpRenewed)?.ValidUntil,
            Latest(entries, ImmigrationEventKind.WorkPermitIssued)?.ValidUntil,
            entries.FirstOrDefault(entry => entry.Kind == ImmigrationEventKind.HealthCoverageStarted)?.On,
            Latest(entries, ImmigrationEventKind.RemovalOrder)?.On,
            entries);

    private static ImmigrationEntry? Latest(ImmutableList<ImmigrationEntry> entries, params ImmigrationEventKind[] kinds) =>
        entries.LastOrDefault(entry => kinds.Contains(entry.Kind));
}
