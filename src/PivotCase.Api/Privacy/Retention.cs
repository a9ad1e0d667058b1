using JasperFx;
using Marten;
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
    /// Every case due, oldest closings first (ids only). Not a bounded batch: a case its handler cannot erase (logged
    /// below) would stay at the head of every batch and hold back the cases behind it.
    /// </summary>
    public static async Task<IReadOnlyList<ErasePersonalDetailsAfterRetention>> Handle(
        SweepRetentionPeriod _, IQuerySession session, CoalitionCalendar calendar, PrivacyOptions options,
        CancellationToken token)
    {
        var closedBefore = calendar.Now - options.RetainPersonalDetails;
        var due = await session.Query<CaseDetails>()
            .Where(details => details.Status == CaseStatus.Closed && details.ClosedAt <= closedBefore && details.PersonalDetails != null)
            .OrderBy(details => details.ClosedAt).ThenBy(details => details.Id)
            .Select(details => details.Id)
            .ToListAsync(token);
        return due.Select(id => new ErasePersonalDetailsAfterRetention(id)).ToList();
    }

    /// <summary>
    /// Decided again on the write model, in the erasing transaction: a case reopened (or erased) since the sweep read it
    /// is left alone, and a concurrent write makes this attempt fail on the stream version and retry. A write model that
    /// says nothing of the closing the read model shows (missing, or stored before it kept <c>ClosedAt</c>) cannot be
    /// erased until the Case projection is rebuilt: said in the log, since every sweep will find that case again.
    /// </summary>
    [RetryNow(typeof(ConcurrencyException), 50, 250, 1000)]
    public static async Task Handle(
        ErasePersonalDetailsAfterRetention command, IDocumentSession session, CoalitionCalendar calendar, PrivacyOptions options,
        ILogger<ErasePersonalDetailsAfterRetention> logger, CancellationToken token)
    {
        var stream = await session.Events.FetchForWriting<Case>(command.CaseId, token);
        if (stream.Aggregate is null or { IsClosed: true, ClosedAt: null })
            logger.LogWarning("Case {CaseId} is past its retention period, but its write model does not show it closed: " +
                              "run `projections rebuild -p Case` so that its personal details can be erased", command.CaseId);
        if (stream.Aggregate is not { IsClosed: true, ClosedAt: { } closedAt, Erasure: null } caseFile) return;
        if (closedAt + options.RetainPersonalDetails > calendar.Now) return;

        stream.AppendOne(new PersonalDetailsErased(caseFile.Id, ErasureReason.RetentionPeriod, ErasedBy, calendar.Now));
        await PersonalDataErasure.ShredAndMaskAsync(session, caseFile.Id, calendar.Now, token);
    }
}
