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

    /// <summary>A bounded batch per sweep, oldest closings first; the next sweep takes the rest.</summary>
    public const int MaxCasesPerSweep = 500;

    public static async Task<IReadOnlyList<ErasePersonalDetailsAfterRetention>> Handle(
        SweepRetentionPeriod _, IQuerySession session, CoalitionCalendar calendar, PrivacyOptions options,
        CancellationToken token)
    {
        var closedBefore = calendar.Now - options.RetainPersonalDetails;
        var due = await session.Query<CaseDetails>()
            .Where(details => details.Status == CaseStatus.Closed && details.ClosedAt <= closedBefore && details.PersonalDetails != null)
            .OrderBy(details => details.ClosedAt).ThenBy(details => details.Id)
            .Select(details => details.Id)
            .Take(MaxCasesPerSweep)
            .ToListAsync(token);
        return due.Select(id => new ErasePersonalDetailsAfterRetention(id)).ToList();
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
