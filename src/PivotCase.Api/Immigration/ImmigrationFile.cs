using System.Collections.Immutable;

namespace PivotCase.Api.Immigration;

public sealed record ImmigrationEntry(Guid EntryId, ImmigrationEventKind Kind, DateOnly On, DateOnly? ValidUntil);

/// <summary>Where a survivor's immigration file stands: the latest event and the permits currently held.</summary>
public sealed record ImmigrationFile(
    ImmigrationEventKind? Status,
    DateOnly? TrpValidUntil,
    DateOnly? WorkPermitValidUntil,
    DateOnly? HealthCoverageSince,
    DateOnly? RemovalOrderOn,
    ImmutableList<ImmigrationEntry> Entries)
{
    public static readonly ImmigrationFile Empty = new(null, null, null, null, null, []);

    public ImmigrationFile Record(ImmigrationEventRecorded recorded)
    {
        var entries = Entries.Add(new ImmigrationEntry(recorded.EntryId, recorded.Kind, recorded.On, recorded.ValidUntil))
            .Sort((left, right) => left.On.CompareTo(right.On));
        var latest = entries[^1];
        return this with
        {
            Entries = entries,
            Status = latest.Kind,
            TrpValidUntil = recorded.Kind is ImmigrationEventKind.TrpIssued or ImmigrationEventKind.TrpRenewed
                ? recorded.ValidUntil
                : TrpValidUntil,
            WorkPermitValidUntil = recorded.Kind == ImmigrationEventKind.WorkPermitIssued ? recorded.ValidUntil : WorkPermitValidUntil,
            HealthCoverageSince = recorded.Kind == ImmigrationEventKind.HealthCoverageStarted
                ? HealthCoverageSince ?? recorded.On
                : HealthCoverageSince,
            RemovalOrderOn = recorded.Kind == ImmigrationEventKind.RemovalOrder ? recorded.On : RemovalOrderOn
        };
    }
}
