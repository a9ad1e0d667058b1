using JasperFx.Events;
using Marten;
using Marten.Services;
using PivotCase.Api.Cases;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Idempotency;

namespace PivotCase.Api.Privacy;

/// <summary>
/// What erasing a case's personal details does to storage, inside the caller's transaction: the case's data key is
/// deleted (crypto-shredding: every copy of the ciphertext, backups included, becomes unreadable), the stored
/// <see cref="CaseOpened"/> event is rewritten without the ciphertext and the clear month of the 18th birthday, and
/// that month is cleared from the dashboard's row of the case at once rather than when the async daemon gets to the
/// erasure (which it also does): a node running without the daemon, or a projection paused after errors, would
/// otherwise keep it there.
/// </summary>
public static class PersonalDataErasure
{
    private static readonly string ClearCaseloadBirthdayMonth =
        $"update {Storage.SchemaName}.mt_doc_caseloadentry set data = jsonb_set(data, '{{comesOfAgeMonth}}', 'null'::jsonb) " +
        "where id = ? and data ->> 'comesOfAgeMonth' is not null";

    /// <summary>
    /// The masking rule, registered with Marten (so that <c>store.Advanced.ApplyEventDataMasking</c> does the same)
    /// and applied here with the same session as the erasure event, because Marten's masking commits on its own.
    /// </summary>
    public static CaseOpened Mask(CaseOpened opened) => opened with { PersonalDetails = null, ComesOfAgeMonth = null };

    public static PersonalDetailsCorrected Mask(PersonalDetailsCorrected corrected) =>
        corrected with { PersonalDetails = null, ComesOfAgeMonth = null };

    /// <summary>Records this close to their expiry, or past it and not yet swept, go at once: they would answer no retry.</summary>
    public static readonly TimeSpan ExpiringRecordMargin = TimeSpan.FromMinutes(5);

    /// <summary>
    /// One statement on the rows there at commit: a record another node's sweep, or a retry's lookup, deletes meanwhile is
    /// simply not there to update, whatever the clocks say (loading the records and updating each failed the whole
    /// erasure when one was gone by then).
    /// </summary>
    private static string ForgetFingerprints(IDocumentSession session) =>
        $"update {session.DocumentStore.Options.Schema.For(typeof(IdempotencyRecord))} " +
        "set data = jsonb_set(data, '{fingerprint}', to_jsonb(?::text)) " +
        "where data ->> 'caseId' = ?::text and expires_at > ? and data ->> 'fingerprint' <> ?";

    /// <summary>
    /// Safe to repeat: a deleted key stays deleted and a masked event masks to itself. The idempotency records of the
    /// case's earlier writes lose their fingerprints, computed over what was sent, personal details included; they stay,
    /// so that a late retry is still answered rather than run again (<see cref="IdempotencyRecord.ErasedFingerprint"/>);
    /// those about to expire go at once (<see cref="ExpiringRecordMargin"/>). The erasure's own record, inserted after this
    /// in the same session, keeps its fingerprint.
    /// </summary>
    public static async Task ShredAndMaskAsync(IDocumentSession session, Guid caseId, DateTimeOffset now, CancellationToken token)
    {
        session.Delete<CaseKey>(caseId);
        session.QueueSqlCommand(ClearCaseloadBirthdayMonth, caseId);
        var stillKept = now + ExpiringRecordMargin;
        session.DeleteWhere<IdempotencyRecord>(record => record.CaseId == caseId && record.ExpiresAt <= stillKept);
        session.QueueSqlCommand(ForgetFingerprints(session), IdempotencyRecord.ErasedFingerprint, caseId, stillKept,
            IdempotencyRecord.ErasedFingerprint);

        var events = await session.Events.FetchStreamAsync(caseId, token: token);
        Overwrite<CaseOpened>(session, events, Mask);
        Overwrite<PersonalDetailsCorrected>(session, events, Mask);
    }

    /// <summary>
    /// A correction's own event carries the month of the 18th birthday the corrected date of birth gives; the months the
    /// earlier events carry in clear (a wrong date of birth's) are cleared in the correction's transaction, as their
    /// ciphertexts are shredded by the new key. Replaying the stream still ends on the correction's month.
    /// </summary>
    public static async Task ForgetEarlierBirthMonthsAsync(IDocumentSession session, Guid caseId, CancellationToken token)
    {
        var events = await session.Events.FetchStreamAsync(caseId, token: token);
        Overwrite<CaseOpened>(session, events, opened => opened with { ComesOfAgeMonth = null });
        Overwrite<PersonalDetailsCorrected>(session, events, corrected => corrected with { ComesOfAgeMonth = null });
    }

    /// <summary>Rewrites the stored events of type <typeparamref name="T"/> that masking changes; masked ones stay as they are.</summary>
    private static void Overwrite<T>(IDocumentSession session, IEnumerable<IEvent> events, Func<T, T> mask) where T : notnull
    {
        foreach (var stored in events.OfType<Event<T>>())
        {
            var masked = mask(stored.Data);
            if (masked.Equals(stored.Data)) continue;
            stored.Data = masked;
            session.Events.OverwriteEvent(stored);
        }
    }
}

/// <summary>
/// The erasures a restore must apply again, in the application's logs, which are shipped outside the database: one line
/// as an erasure is about to commit, and one once it has, each with the case id and the reason only. The first line is
/// what a crash between the commit and the second cannot take away: a retry is then answered from the stored record, or
/// finds the case erased, and logs nothing more. A first line without a second is an erasure that may not have
/// committed; applying an erasure on request again after a restore does what was asked. The sweep's erasures (by
/// <see cref="RetentionHandler.ErasedBy"/>) are logged too but not replayed: it decides them again from the restored cases
/// (ADR 0011).
/// </summary>
public sealed class ErasureJournal(ILogger<ErasureJournal> logger) : DocumentSessionListenerBase
{
    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        foreach (var erased in session.PendingChanges.Streams().SelectMany(stream => stream.Events).Select(e => e.Data)
                     .OfType<PersonalDetailsErased>())
            logger.LogInformation("Erasing the personal details of case {CaseId} ({Reason}) by {ErasedBy}", erased.CaseId, erased.Reason,
                erased.ErasedBy);
        return Task.CompletedTask;
    }

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        foreach (var erased in commit.GetEvents().Select(e => e.Data).OfType<PersonalDetailsErased>())
            logger.LogInformation("Personal details of case {CaseId} erased ({Reason}) by {ErasedBy}", erased.CaseId, erased.Reason, erased.ErasedBy);
        return Task.CompletedTask;
    }
}
