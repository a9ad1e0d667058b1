using System.Collections.Immutable;
using Marten.Events.Aggregation;
using PivotCase.Api.Cases;
using PivotCase.Api.Recovery;
using PivotCase.Api.Referrals;
using PivotCase.Api.Steps;

namespace PivotCase.Api.Statistics;

public sealed record StatisticalStep(
    Guid StepId, ServiceDomain Domain, Timeframe Timeframe, Guid? NeedId, bool Cancelled, DateOnly? CompletedOn,
    DateTimeOffset? CompletedAt);

/// <summary>
/// One de-identified row per case, holding only what the statistics count: the case's categories, its research
/// consents, what its steps, immediate needs and recovery assessments amount to. No personal details, no free text,
/// no organisation or worker. The columns the statistics group and filter on are duplicated out of the JSON (see
/// <see cref="Configuration"/>), so that an answer is one GROUP BY over this table, never a read of the events.
/// Facts only: whether a consent is still in force, or a case's 72 hours are over, is decided when the statistics are read.
/// </summary>
public sealed record StatisticalCase(
    Guid Id,
    DateOnly OpenedOn,
    DateTimeOffset OpenedAt,
    AccessPoint AccessPoint,
    IReadOnlyList<ExploitationType> ExploitationTypes,
    TraffickingScope Trafficking,
    AgeGroup AgeGroup,
    Gender Gender,
    string Region)
{
    public int OpenedYear => OpenedOn.Year;

    /// <summary>The exploitation types by member name, as the text[] column the statistics unnest.</summary>
    public string[] ExploitationTypeNames => ExploitationTypes.Select(type => type.ToString()).Order(StringComparer.Ordinal).ToArray();

    public ImmutableList<Consent> ResearchConsents { get; init; } = [];
    public ImmutableList<StatisticalStep> Steps { get; init; } = [];
    public ImmutableList<Guid> ImmediateNeeds { get; init; } = [];

    /// <summary>When the case was recorded: later than its opening for a case recorded after the fact.</summary>
    public DateTimeOffset RecordedAt { get; init; }

    /// <summary>
    /// Where the 72 hours run from, for the crisis window's statistics: the opening, or for a case recorded after the fact
    /// (opened on an earlier day), its recording, since its needs are typed in from then on. A row projected before
    /// <see cref="RecordedAt"/> was kept reads the opening.
    /// </summary>
    public DateTimeOffset CrisisWindowFrom => RecordedAt > OpenedAt ? RecordedAt : OpenedAt;
    public ImmutableList<RecoveryAssessment> Assessments { get; init; } = [];

    /// <summary>
    /// The last day a research consent is in force (<see cref="DateOnly.MaxValue"/> when one never expires), null when
    /// none is. A consent is never given after the day it is recorded, so on any day from then on it is in force
    /// exactly when it is not withdrawn and not yet expired: comparing this day with today is the whole test.
    /// </summary>
    public DateOnly? ResearchConsentUntil => ResearchConsents
        .Where(consent => consent.WithdrawnAt is null)
        .Select(consent => (DateOnly?)(consent.ExpiresOn ?? DateOnly.MaxValue))
        .Max();

    /// <summary>
    /// What the case adds to the table of services (<see cref="ServiceKey"/>): the cells it has steps (not cancelled)
    /// in, the domain and timeframe margins and the total. A case appears once per key, so counting rows per key
    /// counts distinct cases.
    /// </summary>
    public short[] ServiceKeys => ServiceTally().Keys.ToArray();

    /// <summary>The number of steps behind each of <see cref="ServiceKeys"/>, in the same order.</summary>
    public short[] ServiceKeySteps => ServiceTally().Values.Select(steps => (short)Math.Min(steps, short.MaxValue)).ToArray();

    public DateOnly? FirstHousingDoneOn => Steps
        .Where(step => step.Domain == ServiceDomain.Housing && step.CompletedOn is not null)
        .Min(step => step.CompletedOn);

    /// <summary>Days from the opening day to the first housing step done (never negative), when one is.</summary>
    public int? DaysToFirstHousing => FirstHousingDoneOn is { } done ? Math.Max(0, done.DayNumber - OpenedOn.DayNumber) : null;

    public int ImmediateNeedCount => ImmediateNeeds.Count;

    /// <summary>
    /// Immediate needs met by a step done within the case's first 72 hours (<see cref="CrisisWindow"/>). A step counts
    /// when it was recorded done within them, or when the day the worker says it was done is one of the case's first
    /// three days, wholly inside the window: a completion recorded late, or on a case recorded after the fact, is
    /// judged by when the step was done, not by when it was typed in.
    /// </summary>
    public int ImmediateNeedsMetInCrisisWindow => ImmediateNeeds.Count(need => Steps.Any(step =>
        step.NeedId == need && DoneInCrisisWindow(step)));

    private bool DoneInCrisisWindow(StatisticalStep step) =>
        step.CompletedAt < OpenedAt + CrisisWindow.Length
        || step.CompletedOn < OpenedOn.AddDays((int)CrisisWindow.Length.TotalDays);

    /// <summary>Latest minus baseline per domain, by the day of the assessment (<see cref="RecoveryMaths.Change"/>).</summary>
    public IReadOnlyDictionary<RecoveryDomain, int> RecoveryChange => Assessments.Count < 2
        ? new Dictionary<RecoveryDomain, int>()
        : RecoveryMaths.Change(Baseline(), Latest());

    /// <summary>
    /// <see cref="RecoveryChange"/> as a column: one entry per <see cref="RecoveryDomain"/> in declaration order, null
    /// for a domain not scored in both; the whole column null until the case is assessed twice.
    /// </summary>
    public short?[]? RecoveryChanges => Assessments.Count < 2
        ? null
        : Enum.GetValues<RecoveryDomain>().Select(domain => RecoveryChange.TryGetValue(domain, out var change) ? (short)change : (short?)null).ToArray();

    private SortedDictionary<short, int> ServiceTally()
    {
        var tally = new SortedDictionary<short, int>();
        foreach (var step in Steps.Where(step => !step.Cancelled))
        foreach (var key in ServiceKey.AllOf(step.Domain, step.Timeframe))
            tally[key] = tally.GetValueOrDefault(key) + 1;
        return tally;
    }

    private RecoveryAssessment Baseline() =>
        Assessments.OrderBy(assessment => assessment.AssessedOn).ThenBy(assessment => assessment.AssessmentId).First();

    private RecoveryAssessment Latest() =>
        Assessments.OrderBy(assessment => assessment.AssessedOn).ThenBy(assessment => assessment.AssessmentId).Last();

    public StatisticalCase UpdateStep(Guid stepId, Func<StatisticalStep, StatisticalStep> change)
    {
        var index = Steps.FindIndex(step => step.StepId == stepId);
        return index < 0 ? this : this with { Steps = Steps.SetItem(index, change(Steps[index])) };
    }
}

/// <summary>
/// Asynchronous, like the dashboards: statistics may lag a write by a moment and never slow a caseworker down.
/// </summary>
public sealed partial class StatisticalCaseProjection : SingleStreamProjection<StatisticalCase, Guid>
{
    public static StatisticalCase Create(CaseOpened opened) =>
        new(opened.CaseId, opened.OpenedOn, opened.OpenedAt, opened.AccessPoint, opened.ExploitationTypes, opened.Trafficking,
            opened.AgeGroup, opened.Gender, opened.Region)
        {
            RecordedAt = opened.RecordedAt
        };

    public static StatisticalCase Apply(ConsentGiven given, StatisticalCase current) => given.Scope == ConsentScope.ResearchStatistics
        ? current with { ResearchConsents = ConsentLedger.Apply(current.ResearchConsents, given) }
        : current;

    public static StatisticalCase Apply(ConsentWithdrawn withdrawn, StatisticalCase current) =>
        current with { ResearchConsents = ConsentLedger.Apply(current.ResearchConsents, withdrawn) };

    /// <summary>
    /// Only the immediate needs recorded within the case's first 72 hours are counted for the crisis window's share: one
    /// recorded later (a new crisis months on) could never be met within them, and would only lower the share. For a case
    /// recorded after the fact, the 72 hours run from its recording, when its needs were typed in.
    /// </summary>
    public static StatisticalCase Apply(NeedRecorded recorded, StatisticalCase current) =>
        recorded.Timeframe == Timeframe.Immediate && recorded.RecordedAt < current.CrisisWindowFrom + CrisisWindow.Length
            ? current with { ImmediateNeeds = current.ImmediateNeeds.Add(recorded.NeedId) }
            : current;

    public static StatisticalCase Apply(StepPlanned planned, StatisticalCase current) => current with
    {
        Steps = current.Steps.Add(new StatisticalStep(planned.StepId, planned.Domain, planned.Timeframe, planned.NeedId,
            Cancelled: false, CompletedOn: null, CompletedAt: null))
    };

    public static StatisticalCase Apply(StepCompleted completed, StatisticalCase current) =>
        current.UpdateStep(completed.StepId, step => step with { CompletedOn = completed.CompletedOn, CompletedAt = completed.CompletedAt });

    public static StatisticalCase Apply(StepCancelled cancelled, StatisticalCase current) =>
        current.UpdateStep(cancelled.StepId, step => step with { Cancelled = true });

    public static StatisticalCase Apply(AssessmentRecorded recorded, StatisticalCase current) =>
        current with { Assessments = AssessmentLedger.Apply(current.Assessments, recorded) };

    public static StatisticalCase Apply(StepLinkedToNeed linked, StatisticalCase current) =>
        current.UpdateStep(linked.StepId, step => step with { NeedId = linked.NeedId });

    public static StatisticalCase Apply(CaseProfileCorrected corrected, StatisticalCase current) => current with
    {
        AccessPoint = corrected.AccessPoint,
        ExploitationTypes = corrected.ExploitationTypes,
        Trafficking = corrected.Trafficking,
        AgeGroup = corrected.AgeGroup,
        Gender = corrected.Gender,
        Region = corrected.Region
    };

    public static StatisticalCase Apply(AssessmentVoided voided, StatisticalCase current) =>
        current with { Assessments = AssessmentLedger.Apply(current.Assessments, voided) };
}
