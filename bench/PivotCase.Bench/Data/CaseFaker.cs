using Bogus;
using PivotCase.Api.Cases;
using PivotCase.Api.Compensation;
using PivotCase.Api.Immigration;
using PivotCase.Api.Privacy;
using PivotCase.Api.Recovery;
using PivotCase.Api.Steps;

namespace PivotCase.Bench.Data;

/// <summary>How long and how busy the generated cases are.</summary>
public sealed record CaseShape(
    int MinSteps,
    int MaxSteps,
    double MeanExtraSteps,
    int MinDaysAgo,
    int MaxDaysAgo,
    bool PersonalDetails,
    bool AllowClosure,
    int MaxAssessments,
    double CompletionRate,
    double ReferralRate)
{
    /// <summary>Cases being worked now, sent through the API: 5–60 steps (mean about 20), monthly assessments, opened in the last year.</summary>
    public static readonly CaseShape Active = new(5, 60, 15, 20, 365, PersonalDetails: true, AllowClosure: false, MaxAssessments: 12,
        CompletionRate: 0.8, ReferralRate: 0.25);

    /// <summary>
    /// The coalition's history, written straight into the event store: 5–60 steps but most cases short (mean about 6;
    /// many survivors lose contact early), a baseline and perhaps one follow-up assessment, opened over the last four
    /// years, half of them closed. About 15 events a case: 100,000 cases make about 1.5 M events.
    /// </summary>
    public static readonly CaseShape History = new(5, 60, 0.8, 1, 4 * 365, PersonalDetails: false, AllowClosure: true, MaxAssessments: 2,
        CompletionRate: 0.45, ReferralRate: 0.1);

    /// <summary>The quick mode's small cases.</summary>
    public static readonly CaseShape Small = new(5, 12, 2, 20, 200, PersonalDetails: true, AllowClosure: false, MaxAssessments: 3,
        CompletionRate: 0.8, ReferralRate: 0.25);
}

/// <summary>
/// Realistic, reproducible cases (Bogus, fixed seed): access points, exploitation types, ages and regions weighted the
/// way Quebec's anti-trafficking caseloads lean, needs first, steps mostly in the needs' domains, monthly recovery
/// assessments, research consent for most, referrals under consent, immigration files for international cases.
/// </summary>
public sealed class CaseFaker
{
    public static readonly string[] DirectoryMembers =
        ["maison-refuge", "clinique-migrants", "cavac-montreal", "sante-mentale-qc", "emploi-passerelle", "aide-juridique-qc"];

    private static readonly (ServiceDomain Domain, string[] Titles)[] StepTitles =
    [
        (ServiceDomain.Safety, ["Safety plan with the survivor", "Emergency phone and safe contact set up", "Accompaniment to file a police report", "Risk assessment with the police liaison"]),
        (ServiceDomain.BasicNeeds, ["Food bank referral", "Clothing and hygiene kit", "Transit pass for appointments", "Phone plan for safe contact"]),
        (ServiceDomain.Housing, ["Emergency shelter placement", "Transitional housing application", "Social housing (HLM) application", "Lease signing and first month's rent"]),
        (ServiceDomain.Health, ["Medical check-up at the CLSC", "STI screening and follow-up", "Dental emergency appointment", "Prescription renewal"]),
        (ServiceDomain.MentalHealth, ["Trauma-informed counselling intake", "Psychologist appointment", "Support group registration", "Crisis line follow-up"]),
        (ServiceDomain.Legal, ["Meeting with legal aid lawyer", "Protection order application", "Debt bondage legal consultation", "Civil claim advice"]),
        (ServiceDomain.Court, ["Court preparation session", "Accompaniment to testimony", "Victim impact statement", "Crown prosecutor meeting"]),
        (ServiceDomain.Immigration, ["TRP application for victims of trafficking", "Work permit application", "IFHP health coverage", "Permanent residence on humanitarian grounds"]),
        (ServiceDomain.YouthProtection, ["DPJ liaison meeting", "Youth centre placement review", "Family reunification assessment"]),
        (ServiceDomain.Compensation, ["IVAC claim filed", "IVAC medical report", "IVAC decision follow-up"]),
        (ServiceDomain.Employment, ["Employment readiness workshop", "CV and job search support", "Work integration program"]),
        (ServiceDomain.Education, ["Adult education enrolment", "High school equivalency test", "Vocational training application"]),
        (ServiceDomain.Language, ["French course (francisation) registration", "Interpreter booked for appointments", "English conversation group"]),
        (ServiceDomain.Family, ["Contact with family abroad", "Child custody support", "Family mediation"]),
        (ServiceDomain.FinancialAid, ["Social assistance application", "Bank account opening", "Budgeting session", "Emergency fund request"]),
        (ServiceDomain.Spiritual, ["Meeting with a spiritual care worker", "Community faith group introduction"]),
        (ServiceDomain.Other, ["Identity documents replacement", "Driver's licence application", "Follow-up call"])
    ];

    private readonly Faker _faker;
    private readonly DateOnly _today;
    private readonly IReadOnlyList<(string Organization, IReadOnlyList<string> Workers)> _organizations;

    public CaseFaker(int seed, DateOnly today, IReadOnlyList<(string Organization, IReadOnlyList<string> Workers)> organizations)
    {
        _faker = new Faker("fr_CA") { Random = new Randomizer(seed) };
        _today = today;
        _organizations = organizations;
    }

    public Faker Faker => _faker;

    public CasePlan Next(CaseShape shape, string? organization = null, string? worker = null)
    {
        var f = _faker;
        var (org, workers) = organization is null
            ? _organizations[f.Random.Int(0, _organizations.Count - 1)]
            : _organizations.FirstOrDefault(candidate => candidate.Organization == organization) is { Organization: not null } known
                ? known
                : (organization, [worker ?? $"{organization}-worker-1"]);
        worker ??= workers[f.Random.Int(0, workers.Count - 1)];

        var openedOn = _today.AddDays(-f.Random.Int(shape.MinDaysAgo, shape.MaxDaysAgo));
        var trafficking = f.Random.Double() < 0.35 ? TraffickingScope.International : TraffickingScope.Domestic;
        var ageGroup = f.Random.WeightedRandom(
            [AgeGroup.Under14, AgeGroup.From14To17, AgeGroup.From18To24, AgeGroup.From25To34, AgeGroup.From35To49, AgeGroup.From50Plus],
            [0.02f, 0.16f, 0.38f, 0.26f, 0.14f, 0.04f]);
        var exploitation = ExploitationTypesFor(trafficking);

        var closure = shape.AllowClosure && openedOn < _today.AddDays(-120) && f.Random.Double() < 0.55
            ? (f.Random.WeightedRandom([ClosureReason.GoalsMet, ClosureReason.Moved, ClosureReason.LostContact, ClosureReason.DeclinedServices, ClosureReason.Other],
                [0.45f, 0.15f, 0.25f, 0.1f, 0.05f]), Between(openedOn.AddDays(60), _today))
            : ((ClosureReason, DateOnly)?)null;
        var lastDay = closure?.Item2 ?? _today;

        var needs = Needs(openedOn, trafficking, ageGroup);
        var steps = Steps(shape, needs, openedOn, lastDay);

        return new CasePlan(
            org, worker,
            f.Random.WeightedRandom(
                [AccessPoint.Police, AccessPoint.Health, AccessPoint.Community, AccessPoint.YouthProtection, AccessPoint.LegalAid,
                    AccessPoint.VictimAssistance, AccessPoint.Hotline, AccessPoint.SelfReferral, AccessPoint.Other],
                [0.24f, 0.1f, 0.2f, 0.08f, 0.05f, 0.12f, 0.1f, 0.08f, 0.03f]),
            exploitation, trafficking, ageGroup,
            f.Random.WeightedRandom([Gender.Woman, Gender.Man, Gender.NonBinary, Gender.Other, Gender.Undisclosed], [0.78f, 0.15f, 0.03f, 0.01f, 0.03f]),
            f.Random.WeightedRandom(["06", "13", "16", "03", "07", "05", "15", "14", "04", "02", "08", "09", "01", "11", "12", "17", "10"],
                [0.42f, 0.1f, 0.12f, 0.07f, 0.06f, 0.04f, 0.04f, 0.03f, 0.03f, 0.02f, 0.01f, 0.01f, 0.01f, 0.01f, 0.01f, 0.01f, 0.01f]),
            openedOn,
            shape.PersonalDetails ? PersonalDetailsFor(ageGroup, openedOn) : null,
            needs, steps,
            Assessments(shape, openedOn, lastDay),
            f.Random.Double() < 0.7 ? Between(openedOn, openedOn.AddDays(14).Min(lastDay)) : null,
            Referrals(shape, org, openedOn, lastDay),
            trafficking == TraffickingScope.International ? Immigration(openedOn, lastDay) : [],
            f.Random.Double() < 0.3 ? [new CompensationPlan(CompensationEventKind.ClaimFiled, Between(openedOn, lastDay))] : [],
            closure);
    }

    private IReadOnlyList<ExploitationType> ExploitationTypesFor(TraffickingScope trafficking)
    {
        var f = _faker;
        var first = trafficking == TraffickingScope.International
            ? f.Random.WeightedRandom([ExploitationType.SexualExploitation, ExploitationType.ForcedLabour, ExploitationType.DomesticServitude, ExploitationType.ForcedMarriage],
                [0.45f, 0.35f, 0.12f, 0.08f])
            : f.Random.WeightedRandom([ExploitationType.SexualExploitation, ExploitationType.ForcedCriminality, ExploitationType.ForcedLabour, ExploitationType.Other],
                [0.8f, 0.1f, 0.06f, 0.04f]);
        if (f.Random.Double() >= 0.15) return [first];
        var second = f.PickRandom(Enum.GetValues<ExploitationType>().Where(type => type != first));
        return [first, second];
    }

    private List<NeedPlan> Needs(DateOnly openedOn, TraffickingScope trafficking, AgeGroup ageGroup)
    {
        var f = _faker;
        var domains = new List<ServiceDomain> { ServiceDomain.Safety };
        if (f.Random.Double() < 0.6) domains.Add(ServiceDomain.Housing);
        if (f.Random.Double() < 0.5) domains.Add(ServiceDomain.MentalHealth);
        if (trafficking == TraffickingScope.International) domains.Add(ServiceDomain.Immigration);
        if (ageGroup is AgeGroup.Under14 or AgeGroup.From14To17) domains.Add(ServiceDomain.YouthProtection);
        if (f.Random.Double() < 0.3) domains.Add(f.PickRandom(ServiceDomain.Health, ServiceDomain.Legal, ServiceDomain.FinancialAid, ServiceDomain.Employment));
        var count = f.Random.Int(1, Math.Min(4, domains.Count));
        return domains.Take(count)
            .Select((domain, index) => new NeedPlan(domain, index == 0 || domain == ServiceDomain.Housing ? Timeframe.Immediate : f.PickRandom<Timeframe>(),
                f.Random.Double() < 0.3 ? f.PickRandom("Identified at intake", "Raised by the survivor", "Reported by the referring partner") : null,
                openedOn))
            .ToList();
    }

    private List<StepPlan> Steps(CaseShape shape, IReadOnlyList<NeedPlan> needs, DateOnly openedOn, DateOnly lastDay)
    {
        var f = _faker;
        // Mostly the shape's mean, but one case in twenty is a long one (the 60-step end of the range).
        var mean = f.Random.Double() < 0.05 ? Math.Max(15, shape.MeanExtraSteps) : shape.MeanExtraSteps;
        var extra = (int)Math.Floor(-mean * Math.Log(1 - f.Random.Double()));
        var count = Math.Clamp(shape.MinSteps + extra, shape.MinSteps, shape.MaxSteps);
        var steps = new List<StepPlan>(count);
        for (var index = 0; index < count; index++)
        {
            int? needIndex = needs.Count > 0 && f.Random.Double() < 0.35 ? f.Random.Int(0, needs.Count - 1) : null;
            var domain = needIndex is { } n ? needs[n].Domain : f.PickRandom(StepTitles).Domain;
            var title = f.PickRandom(StepTitles.First(entry => entry.Domain == domain).Titles);
            var plannedOn = Between(openedOn, lastDay);
            var timeframe = plannedOn.DayNumber - openedOn.DayNumber < 7 ? Timeframe.Immediate
                : f.Random.Bool(0.6f) ? Timeframe.ShortTerm : Timeframe.LongTerm;
            DateOnly? dueOn = f.Random.Double() < 0.8 ? plannedOn.AddDays(f.Random.Int(2, timeframe == Timeframe.LongTerm ? 180 : 45)) : null;
            var age = lastDay.DayNumber - plannedOn.DayNumber;
            var fate = f.Random.Double() switch
            {
                < 0.08 => StepFate.Cancelled,
                var roll when roll < 0.08 + Math.Min(shape.CompletionRate, age / 60.0) => StepFate.Done,
                < 0.9 => StepFate.Planned,
                _ => StepFate.InProgress
            };
            DateOnly? closedOn = fate is StepFate.Done or StepFate.Cancelled ? Between(plannedOn, lastDay) : null;
            var outcome = fate == StepFate.Done && f.Random.Double() < 0.5
                ? f.PickRandom("Completed as planned", "Survivor attended", "Placed with partner", "Application submitted", "Accepted")
                : fate == StepFate.Cancelled ? f.PickRandom("No longer needed", "Survivor declined", "Service unavailable") : null;
            steps.Add(new StepPlan(domain, title, timeframe, plannedOn, dueOn,
                f.Random.Double() < 0.3 ? f.PickRandom(DirectoryMembers) : null, needIndex, fate, closedOn, outcome));
        }

        return steps.OrderBy(step => step.PlannedOn).ToList();
    }

    private List<AssessmentPlan> Assessments(CaseShape shape, DateOnly openedOn, DateOnly lastDay)
    {
        var f = _faker;
        var plans = new List<AssessmentPlan>();
        if (f.Random.Double() < (shape.MaxAssessments <= 2 ? 0.5 : 0.25)) return plans;
        var baseline = Enum.GetValues<RecoveryDomain>().ToDictionary(domain => domain, _ => f.Random.Int(1, 3));
        var scored = f.Random.ListItems(Enum.GetValues<RecoveryDomain>().ToList(), f.Random.Int(4, 10));
        for (var day = openedOn.AddDays(f.Random.Int(1, 10)); day <= lastDay && plans.Count < shape.MaxAssessments; day = day.AddDays(f.Random.Int(25, 40)))
        {
            var months = plans.Count;
            plans.Add(new AssessmentPlan(day, scored.ToDictionary(domain => domain,
                domain => Math.Clamp(baseline[domain] + months / 3 + f.Random.Int(-1, 1), 1, 5))));
        }

        return plans;
    }

    private List<ReferralPlan> Referrals(CaseShape shape, string organization, DateOnly openedOn, DateOnly lastDay)
    {
        var f = _faker;
        if (f.Random.Double() >= shape.ReferralRate) return [];
        return Enumerable.Range(0, f.Random.Int(1, 2))
            .Select(_ => f.PickRandom(DirectoryMembers.Where(member => member != organization)))
            .Distinct()
            .Select(to => new ReferralPlan(to, f.PickRandom(ServiceDomain.Housing, ServiceDomain.Legal, ServiceDomain.MentalHealth, ServiceDomain.Immigration, ServiceDomain.Employment),
                f.Random.Double() < 0.5 ? "Specialised follow-up" : null, f.Random.Double() < 0.2, Between(openedOn, lastDay),
                f.Random.Double() switch { < 0.6 => true, < 0.8 => false, _ => null }))
            .ToList();
    }

    private List<ImmigrationPlan> Immigration(DateOnly openedOn, DateOnly lastDay)
    {
        var f = _faker;
        var applied = Between(openedOn, openedOn.AddDays(20).Min(lastDay));
        var plans = new List<ImmigrationPlan> { new(ImmigrationEventKind.TrpApplied, applied, null) };
        var issued = applied.AddDays(f.Random.Int(20, 90));
        if (issued <= lastDay)
        {
            plans.Add(new ImmigrationPlan(ImmigrationEventKind.TrpIssued, issued, issued.AddMonths(12)));
            if (f.Random.Double() < 0.7) plans.Add(new ImmigrationPlan(ImmigrationEventKind.HealthCoverageStarted, Between(issued, lastDay), null));
            if (f.Random.Double() < 0.4) plans.Add(new ImmigrationPlan(ImmigrationEventKind.WorkPermitIssued, Between(issued, lastDay), null));
        }

        return plans;
    }

    private PersonalDetails PersonalDetailsFor(AgeGroup ageGroup, DateOnly openedOn)
    {
        var f = _faker;
        var (minAge, maxAge) = ageGroup switch
        {
            AgeGroup.Under14 => (10, 13), AgeGroup.From14To17 => (14, 17), AgeGroup.From18To24 => (18, 24),
            AgeGroup.From25To34 => (25, 34), AgeGroup.From35To49 => (35, 49), _ => (50, 70)
        };
        var birth = openedOn.AddYears(-f.Random.Int(minAge, maxAge)).AddDays(-f.Random.Int(1, 360));
        return new PersonalDetails(f.Name.FullName(), f.Random.Double() < 0.3 ? f.Name.FirstName() : null, birth,
            f.Random.Double() < 0.7 ? f.Phone.PhoneNumber("514-555-####") : null,
            f.Random.Double() < 0.3 ? f.Internet.Email() : null,
            f.Random.Double() < 0.5 ? ["fr"] : f.Random.Bool() ? ["fr", "en"] : ["es", "fr"], null);
    }

    private DateOnly Between(DateOnly from, DateOnly to) =>
        to <= from ? from : DateOnly.FromDayNumber(_faker.Random.Int(from.DayNumber, to.DayNumber));

    /// <summary>A step body for the load phases (POST /api/cases/{id}/steps), in the domain of its need when it has one.</summary>
    public PlanStep NextStep(DateOnly today, RecordedNeed? need = null)
    {
        var f = _faker;
        var (domain, titles) = need is null ? f.PickRandom(StepTitles) : StepTitles.First(entry => entry.Domain == need.Domain);
        var status = f.Random.Double() switch { < 0.75 => PlannedStepStatus.Planned, < 0.9 => PlannedStepStatus.Done, _ => PlannedStepStatus.InProgress };
        return new PlanStep(domain, f.PickRandom(titles), f.PickRandom<Timeframe>(),
            status == PlannedStepStatus.Planned ? null : status,
            f.Random.Double() < 0.8 ? today.AddDays(f.Random.Int(2, 60)) : null,
            f.Random.Double() < 0.3 ? f.PickRandom(DirectoryMembers) : null, need?.Id);
    }
}

/// <summary>A need recorded on a case, which a step of its domain may be planned for.</summary>
public sealed record RecordedNeed(Guid Id, ServiceDomain Domain);

internal static class DateOnlyExtensions
{
    public static DateOnly Min(this DateOnly left, DateOnly right) => left < right ? left : right;
}
