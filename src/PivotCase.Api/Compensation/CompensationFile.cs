using System.Collections.Immutable;

namespace PivotCase.Api.Compensation;

public sealed record CompensationEntry(Guid EntryId, CompensationEventKind Kind, DateOnly On);

/// <summary>
/// The IVAC claim, by the dates of its events rather than the order they were recorded in (as <c>ImmigrationFile</c>):
/// its state is the latest event's kind, and it was filed on the earliest <c>claim_filed</c> day.
/// </summary>
public sealed record CompensationClaim(CompensationEventKind? Status, DateOnly? FiledOn, ImmutableList<CompensationEntry> Entries)
{
    public static readonly CompensationClaim Empty = new(null, null, []);

    public CompensationClaim Record(CompensationEventRecorded recorded) =>
        // A stable sort: events of the same day stay in the order they were recorded, the later one last.
        From(Entries.Add(new CompensationEntry(recorded.EntryId, recorded.Kind, recorded.On)).OrderBy(entry => entry.On).ToImmutableList());

    public CompensationClaim Void(CompensationEntryVoided voided) =>
        From(Entries.RemoveAll(entry => entry.EntryId == voided.EntryId));

    private static CompensationClaim From(ImmutableList<CompensationEntry> entries) => entries.IsEmpty
        ? Empty
        : new CompensationClaim(entries[^1].Kind, entries.FirstOrDefault(entry => entry.Kind == CompensationEventKind.ClaimFiled)?.On, entries);
}

public sealed record Disbursement(Guid DisbursementId, decimal Amount, FundCategory Category, DateOnly On);

public sealed record EmergencyFund(decimal Total, ImmutableList<Disbursement> Disbursements)
{
    public static readonly EmergencyFund Empty = new(0m, []);

    public EmergencyFund Record(EmergencyFundDisbursed disbursed) => new(Total + disbursed.Amount,
        Disbursements.Add(new Disbursement(disbursed.DisbursementId, disbursed.Amount, disbursed.Category, disbursed.On)));

    public EmergencyFund Void(DisbursementVoided voided) =>
        Disbursements.Find(disbursement => disbursement.DisbursementId == voided.DisbursementId) is { } mistaken
            ? new EmergencyFund(Total - mistaken.Amount, Disbursements.Remove(mistaken))
            : this;
}
