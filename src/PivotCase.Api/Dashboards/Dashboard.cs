using PivotCase.Api.Cases;
using PivotCase.Api.Incidents;
using PivotCase.Api.Platform;
using PivotCase.Api.Recovery;
using PivotCase.Api.Referrals;
using PivotCase.Api.Steps;

namespace PivotCase.Api.Dashboards;

public sealed record WorkerLoad(string Worker, int Open);

public sealed record CrisisCase(Guid CaseId, double HoursLeft, IReadOnlyList<ServiceDomain> OpenImmediateNeeds);

public sealed record OverdueStep(Guid CaseId, Guid StepId, ServiceDomain Domain, DateOnly DueOn, int DaysOverdue);

public sealed record UpcomingDeadline(Guid CaseId, DeadlineKind Kind, DateOnly On, int DaysLeft);

public enum ReferralDirection
{
    Incoming, Outgoing
}

/// <summary>
/// <see cref="ConsentInForce"/> is false once no consent to share with the receiving organisation is in force today: the
/// referral cannot be accepted until the survivor consents again. The receiver sees it after the referrals it can answer;
/// the sender, whose work it is to ask the survivor again, sees it in its usual place.
/// </summary>
public sealed record PendingReferral(
    Guid ReferralId, Guid CaseId, ReferralDirection Direction, string Organization, ServiceDomain Domain, bool Urgent,
    DateTimeOffset ReferredAt, int AgeDays, bool ConsentInForce);

public sealed record InactiveCase(Guid CaseId, string Worker, DateTimeOffset LastActivityAt, int DaysInactive);

/// <summary>A confidentiality incident of the organisation's register that still owes a notice (ADR 0022).</summary>
public sealed record IncidentAwaitingNotice(
    Guid IncidentId, DateOnly DiscoveredOn, IReadOnlyList<NoticeRecipient> NoticesOutstanding, int DaysSinceDiscovery);

/// <summary>A recovery assessment to make: the intake one (no <see cref="LastAssessedOn"/>) or the next periodic one.</summary>
public sealed record AssessmentDue(Guid CaseId, string Worker, DateOnly? LastAssessedOn, DateOnly DueOn, int DaysLeft);

public sealed record RecoverySummary(int CasesAssessed, IReadOnlyDictionary<RecoveryDomain, double> AverageChange);

public sealed record DashboardView(
    string Organization,
    DateTimeOffset GeneratedAt,
    int OpenCases,
    IReadOnlyList<WorkerLoad> CasesByWorker,
    IReadOnlyList<CrisisCase> CrisisWindow,
    IReadOnlyList<OverdueStep> OverdueSteps,
    IReadOnlyList<UpcomingDeadline> Deadlines,
    IReadOnlyList<PendingReferral> PendingReferrals,
    IReadOnlyList<InactiveCase> InactiveCases,
    IReadOnlyList<AssessmentDue> AssessmentsDue,
    IReadOnlyList<IncidentAwaitingNotice> IncidentsAwaitingNotice,
    RecoverySummary Recovery);

/// <summary>
/// What needs a supervisor's attention now, composed from the organisation's caseload rows against the current clock:
/// time-dependent facts (hours left, overdue, inactive, days to a deadline) are never frozen in a read model. Every list
/// has a total order (ties broken by id), so the same events always give the same answer.
/// </summary>
public static class Dashboard
{
    public static readonly TimeSpan InactiveAfter = TimeSpan.FromDays(30);
    public const int DeadlineHorizonDays = 60;

    /// <summary>
    /// The 18th birthday is listed from further ahead: youth protection's follow-up ends that day, and the bridge to adult
    /// services (housing, income, health coverage) takes months to build.
    /// </summary>
    public const int ComingOfAgeHorizonDays = 180;

    /// <summary>How long a missed deadline stays listed, except a permit's expiry (see <see cref="Lists"/>).</summary>
    public const int MissedDeadlineDays = 30;

    /// <summary>The intake assessment is due this many days after the survivor was identified.</summary>
    public const int IntakeAssessmentDays = 30;

    /// <summary>Then every six months, for as long as the case is open (product.md's recovery instrument).</summary>
    public const int ReassessmentMonths = 6;

    /// <summary>An assessment is listed from this many days before it is due, so that it can be planned with the survivor.</summary>
    public const int AssessmentHorizonDays = 14;

    /// <param name="incidents">The organisation's incidents that still owe a notice: none on a caseworker's worklist.</param>
    public static DashboardView Compose(
        string organization, IReadOnlyCollection<CaseloadEntry> entries, DateTimeOffset now, DateOnly today,
        IReadOnlyCollection<IncidentRegisterEntry>? incidents = null)
    {
        var owned = entries.Where(entry => entry.Organization == organization).ToList();
        var open = owned.Where(entry => entry.Status == CaseStatus.Open).ToList();

        return new DashboardView(
            organization,
            now,
            open.Count,
            open.GroupBy(entry => entry.PivotWorker)
                .Select(group => new WorkerLoad(group.Key, group.Count()))
                .OrderByDescending(load => load.Open).ThenBy(load => load.Worker, StringComparer.Ordinal)
                .ToList(),
            open.Select(entry => (entry, window: CrisisWindow.For(entry.OpenedAt, [], now)))
                .Where(pair => pair.window.InWindow)
                .Select(pair => new CrisisCase(pair.entry.Id, pair.window.HoursLeft,
                    pair.entry.OpenImmediateNeeds.Select(need => need.Domain).Distinct().ToList()))
                .OrderBy(crisis => crisis.HoursLeft).ThenBy(crisis => crisis.CaseId)
                .ToList(),
            open.SelectMany(entry => entry.OpenSteps
                    .Where(step => step.DueOn < today)
                    .Select(step => new OverdueStep(entry.Id, step.StepId, step.Domain, step.DueOn!.Value,
                        today.DayNumber - step.DueOn!.Value.DayNumber)))
                .OrderByDescending(step => step.DaysOverdue).ThenBy(step => step.CaseId).ThenBy(step => step.StepId)
                .ToList(),
            open.SelectMany(entry => entry.Deadlines()
                    .Where(deadline => Lists(deadline, today))
                    .Select(deadline => new UpcomingDeadline(entry.Id, deadline.Kind, deadline.On, deadline.On.DayNumber - today.DayNumber)))
                .OrderBy(deadline => deadline.On).ThenBy(deadline => deadline.CaseId).ThenBy(deadline => deadline.Kind)
                .ToList(),
            PendingReferrals(organization, entries, now, today),
            open.Where(entry => now - entry.LastStepAt >= InactiveAfter)
                .Select(entry => new InactiveCase(entry.Id, entry.PivotWorker, entry.LastStepAt, (int)(now - entry.LastStepAt).TotalDays))
                .OrderByDescending(inactive => inactive.DaysInactive).ThenBy(inactive => inactive.CaseId)
                .ToList(),
            open.Select(entry => AssessmentDueFor(entry, today))
                .Where(due => due.DaysLeft <= AssessmentHorizonDays)
                .OrderBy(due => due.DueOn).ThenBy(due => due.CaseId)
                .ToList(),
            (incidents ?? [])
                .Where(incident => incident.NoticesOutstanding.Count > 0)
                .Select(incident => new IncidentAwaitingNotice(incident.Id, incident.DiscoveredOn, incident.NoticesOutstanding,
                    today.DayNumber - incident.DiscoveredOn.DayNumber))
                .OrderBy(incident => incident.DiscoveredOn).ThenBy(incident => incident.IncidentId)
                .ToList(),
            RecoveryOf(owned));
    }

    /// <summary>
    /// From <see cref="DeadlineHorizonDays"/> ahead (<see cref="ComingOfAgeHorizonDays"/> for the 18th birthday). A missed deadline stays for <see cref="MissedDeadlineDays"/>, but an
    /// expired TRP or work permit stays as long as no renewal is recorded: the survivor is then without status or without
    /// the right to work, which is more urgent than any deadline still to come.
    /// </summary>
    private static bool Lists(Deadline deadline, DateOnly today)
    {
        var daysLeft = deadline.On.DayNumber - today.DayNumber;
        return daysLeft <= (deadline.Kind == DeadlineKind.EighteenthBirthday ? ComingOfAgeHorizonDays : DeadlineHorizonDays)
               && (daysLeft >= -MissedDeadlineDays || deadline.Kind is DeadlineKind.TrpExpiry or DeadlineKind.WorkPermitExpiry);
    }

    private static AssessmentDue AssessmentDueFor(CaseloadEntry entry, DateOnly today)
    {
        DateOnly? last = entry.Assessments.Count == 0 ? null : entry.Assessments.Max(assessment => assessment.AssessedOn);
        var dueOn = last?.AddMonths(ReassessmentMonths) ?? entry.OpenedOn.AddDays(IntakeAssessmentDays);
        return new AssessmentDue(entry.Id, entry.PivotWorker, last, dueOn, dueOn.DayNumber - today.DayNumber);
    }

    private static List<PendingReferral> PendingReferrals(
        string organization, IEnumerable<CaseloadEntry> entries, DateTimeOffset now, DateOnly today) =>
        entries.SelectMany(entry => entry.Referrals
                .Where(referral => referral.Status == ReferralStatus.Pending
                                   && (referral.ToOrganization == organization || entry.Organization == organization))
                .Select(referral =>
                {
                    var incoming = referral.ToOrganization == organization;
                    return new PendingReferral(referral.ReferralId, entry.Id,
                        incoming ? ReferralDirection.Incoming : ReferralDirection.Outgoing,
                        incoming ? referral.FromOrganization : referral.ToOrganization, referral.Domain, referral.Urgent,
                        referral.ReferredAt, (int)(now - referral.ReferredAt).TotalDays,
                        ConsentLedger.ActiveShareWith(entry.Consents, referral.ToOrganization, today) is not null);
                }))
            .OrderByDescending(referral => referral.ConsentInForce || referral.Direction == ReferralDirection.Outgoing)
            .ThenByDescending(referral => referral.Urgent)
            .ThenBy(referral => referral.ReferredAt).ThenBy(referral => referral.ReferralId)
            .ToList();

    /// <summary>Average change per domain over the cases with at least two assessments (latest − baseline).</summary>
    private static RecoverySummary RecoveryOf(IEnumerable<CaseloadEntry> owned)
    {
        var changes = owned.Where(entry => entry.Assessments.Count >= 2)
            .Select(entry =>
            {
                var ordered = entry.Assessments.OrderBy(assessment => assessment.AssessedOn).ToList();
                return RecoveryMaths.Change(ordered[0], ordered[^1]);
            })
            .ToList();
        var average = Enum.GetValues<RecoveryDomain>()
            .Select(domain => (domain, values: changes.Where(change => change.ContainsKey(domain)).Select(change => change[domain]).ToList()))
            .Where(pair => pair.values.Count > 0)
            .ToDictionary(pair => pair.domain, pair => Rounding.Publish(pair.values.Average(), 2));
        return new RecoverySummary(changes.Count, average);
    }
}
