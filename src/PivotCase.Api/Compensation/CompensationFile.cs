using System.Collections.Immutable;

namespace PivotCase.Api.Compensation;

public sealed record CompensationEntry(Guid EntryId, CompensationEventKind Kind, DateOnly On);

/// <summary>The IVAC claim: its latest state and when it was filed.</summary>
public sealed record CompensationClaim(CompensationEventKind? Status, DateOnly? FiledOn, ImmutableList<CompensationEntry> Entries)
{
    public static readonly CompensationClaim Empty = new(null, null, []);

    public CompensationClaim Record(CompensationEventRecorded recorded)
    {
        var entries = Entries.Add(new CompensationEntry(recorded.EntryId, recorded.Kind, recorded.On))
            .Sort((left, right) => left.On.CompareTo(right.On));
        return new CompensationClaim(entries[^1].Kind,
            recorded.Kind == CompensationEventKind.ClaimFiled ? FiledOn ?? recorded.On : FiledOn, entries);
    }
}

public sealed record Disbursement(Guid DisbursementId, decimal Amount, FundCategory Category, DateOnly On);

public sealed record EmergencyFund(decimal Total, ImmutableList<Disbursement> Disbursements)
{
    public static readonly EmergencyFund Empty = new(0m, []);

    public EmergencyFund Record(EmergencyFundDisbursed disbursed) => new(Total + disbursed.Amount,
        Disbursements.Add(new Disbursement(disbursed.DisbursementId, disbursed.Amount, disbursed.Category, disbursed.On)));
}
