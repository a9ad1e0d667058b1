using JasperFx;
using Marten;
using Marten.Linq.MatchesSql;
using PivotCase.Api.Cases;
using PivotCase.Api.Platform;
using Wolverine;
using Wolverine.Attributes;

namespace PivotCase.Api.Privacy;

/// <summary>Look for closed cases whose retention period is over, and erase each one's personal details.</summary>
public sealed record SweepRetentionPeriod;

public sealed record ErasePersonalDetailsAfterRetention(Guid CaseId);

public static class RetentionHandler
{
    public const string ErasedBy = "system:retention";

    /// <summary>
    /// Whether the sweep made this erasure, as the end of the retention period, rather than a coordinator on request
    /// (whatever reason a coordinator gave, <c>retention_period</c> included): only the sweep's may have details recorded
    /// again, and only the sweep's are decided again after a restore (ADR 0011).
    /// </summary>
    public static bool MadeBySweep(PersonalDetailsErased erasure) => erasure.ErasedBy == ErasedBy;

    /// <summary>A bounded batch per sweep, oldest closings first; the next sweep takes the rest.</summary>
    public const int MaxCasesPerSweep = 500;

    /// <summary>
    /// The write model shows the closing and no erasure, as its handler requires: a case whose stored write model does
    /// not (missing, or stored before <c>Case</c> kept <c>ClosedAt</c>) would stay at the head of every batch and hold
    /// the others back, so it is left out, counted and logged instead.
    /// </summary>
    private const string WriteModelShowsTheClosing =
        $"exists (select 1 from {Storage.SchemaName}.mt_doc_case c where c.id = d.id and c.data ->> 'closedAt' is not null " +
        "and jsonb_typeof(c.data -> 'erasure') is distinct from 'object')";

    private const string WriteModelMissesTheClosing = $"not {WriteModelShowsTheClosing}";

    public static async Task<IReadOnlyList<ErasePersonalDetailsAfterRetention>> Handle(
        SweepRetentionPeriod _, IQuerySession session, CoalitionCalendar calendar, PrivacyOptions options,
        ILogger<SweepRetentionPeriod> logger, CancellationToken token)
    {
        var closedBefore = calendar.Now - options.RetainPersonalDetails;
        var due = session.Query<CaseDetails>()
            .Where(details => details.Status == CaseStatus.Closed && details.ClosedAt <= closedBefore && details.PersonalDetails != null);
        var erasable = await due.Where(details => details.MatchesSql(WriteModelShowsTheClosing))
            .OrderBy(details => details.ClosedAt).ThenBy(details => details.Id)
            .Select(details => details.Id)
            .Take(MaxCasesPerSweep)
            .ToListAsync(token);
        var stuck = await due.Where(details => details.MatchesSql(WriteModelMissesTheClosing)).CountAsync(token);
        if (stuck > 0)
            logger.LogWarning("Closed cases past their retention period whose write model does not show the closing: {Count}. " +
                              "Run `projections rebuild -p Case` so that their personal details can be erased", stuck);
        return erasable.Select(id => new ErasePersonalDetailsAfterRetention(id)).ToList();
    }

    /// <summary>
    /// Decided again on the write model, in the erasing transaction: a case reopened (or erased) since the sweep read it
    /// is left alone, and a concurrent write makes this attempt fail on the stream version and retry.
    /// </summary>
    [RetryNow(typeof(ConcurrencyException), 50, 250, 1000)]
    public static async Task Handle(
        ErasePersonalDetailsAfterRetention command, IDocumentSession session, CoalitionCalendar calendar, PrivacyOptions options,
        CancellationToken token)
    {
        var stream = await session.Events.FetchForWriting<Case>(command.CaseId, token);
        if (stream.Aggregate is not { IsClosed: true, ClosedAt: { } closedAt, Erasure: null } caseFile) return;
        if (closedAt + options.RetainPersonalDetails > calendar.Now) return;

        stream.AppendOne(new PersonalDetailsErased(caseFile.Id, ErasureReason.RetentionPeriod, ErasedBy, calendar.Now));
        await PersonalDataErasure.ShredAndMaskAsync(session, caseFile.Id, calendar.Now, token);
    }
}
