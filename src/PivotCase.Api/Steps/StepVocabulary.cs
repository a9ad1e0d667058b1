namespace PivotCase.Api.Steps;

public enum ServiceDomain
{
    Safety, BasicNeeds, Housing, Health, MentalHealth, Legal, Court, Immigration, YouthProtection,
    Compensation, Employment, Education, Language, Family, FinancialAid, Spiritual, Other
}

public enum Timeframe
{
    Immediate, ShortTerm, LongTerm
}

/// <summary>The status a step may be planned with.</summary>
public enum PlannedStepStatus
{
    Planned, InProgress, Done
}

public enum StepStatus
{
    Planned, InProgress, Done, Cancelled
}
