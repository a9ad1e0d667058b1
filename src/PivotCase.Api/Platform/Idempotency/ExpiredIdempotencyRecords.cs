using Marten;

namespace PivotCase.Api.Platform.Idempotency;

/// <summary>Delete the answers kept past their expiry; the middleware already ignores them.</summary>
public sealed record SweepExpiredIdempotencyRecords;

public static class ExpiredIdempotencyRecordsHandler
{
    public static void Handle(SweepExpiredIdempotencyRecords _, IDocumentSession session, CoalitionCalendar calendar)
    {
        var now = calendar.Now;
        session.DeleteWhere<IdempotencyRecord>(record => record.ExpiresAt <= now);
    }
}
