using System.Net;
using PivotCase.Api.Compensation;
using PivotCase.Api.Directory;
using PivotCase.Api.Immigration;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Recovery;
using PivotCase.Api.Referrals;
using PivotCase.Api.Steps;
using PivotCase.Bench.Data;
using PivotCase.Bench.Infrastructure;
using PivotCase.Api.Cases;

namespace PivotCase.Bench.Phases;

/// <summary>A case a load client owns: where to post and how many steps it may still take.</summary>
public sealed class LoadCase(Guid id, int steps, int stepCap, IReadOnlyList<RecordedNeed> needs)
{
    public Guid Id { get; } = id;
    public int Steps { get; set; } = steps;
    public int StepCap { get; } = stepCap;
    public IReadOnlyList<RecordedNeed> Needs { get; } = needs;
}

/// <summary>Sends generated cases through the real API, request by request, the way a caseworker would record them.</summary>
public static class Seeder
{
    public static async Task RegisterDirectoryAsync(HttpClient http, Tokens tokens, CaseFaker faker, CancellationToken token)
    {
        var coordinator = new ApiClient(http, tokens.Create(Roles.Coordinator, "coalition", "coordinator-1"));
        foreach (var code in CaseFaker.DirectoryMembers)
        {
            var body = new RegisterOrganization(code, faker.Faker.Company.CompanyName(), faker.Faker.PickRandom<OrganizationSector>(),
                ["06", "13", "16"], ["fr", "en"], new OrganizationContact("Intake desk", "514-555-0100", $"intake@{code}.example.org"),
                [
                    new ServiceOffer(ServiceDomain.Housing, "Emergency and transitional shelter", true),
                    new ServiceOffer(ServiceDomain.Legal, "Legal aid", false),
                    new ServiceOffer(ServiceDomain.MentalHealth, "Counselling", false),
                    new ServiceOffer(ServiceDomain.Immigration, "Immigration files", false),
                    new ServiceOffer(ServiceDomain.Employment, "Work integration", false)
                ]);
            await coordinator.ExpectAsync(HttpMethod.Post, "/api/directory/organizations", body, HttpStatusCode.Created, token);
        }
    }

    /// <summary>Opens the case and records its whole plan; answers the case with its open needs. Counts requests.</summary>
    public static async Task<(LoadCase Case, int Requests)> SeedCaseAsync(
        ApiClient worker, Func<string, ApiClient> partnerOf, CasePlan plan, DateOnly today, CancellationToken token)
    {
        var requests = 0;
        async Task<System.Text.Json.JsonElement> Post(string url, object body, HttpStatusCode expected = HttpStatusCode.Created, ApiClient? as_ = null)
        {
            requests++;
            return await (as_ ?? worker).ExpectAsync(HttpMethod.Post, url, body, expected, token);
        }

        var opened = await Post("/api/cases", new OpenCase(plan.AccessPoint, plan.ExploitationTypes, plan.Trafficking, plan.AgeGroup,
            plan.Gender, plan.Region, plan.OpenedOn, plan.PersonalDetails));
        var caseId = opened.GetProperty("id").GetGuid();
        var url = $"/api/cases/{caseId}";

        if (plan.ResearchConsentOn is { } consentOn)
            await Post($"{url}/consents", new GiveConsent(ConsentScope.ResearchStatistics, consentOn));

        var needs = new List<RecordedNeed>();
        foreach (var need in plan.Needs)
            needs.Add(new RecordedNeed(
                (await Post($"{url}/needs", new RecordNeed(need.Domain, need.Timeframe, need.Description))).GetProperty("needId").GetGuid(),
                need.Domain));

        foreach (var step in plan.Steps)
        {
            var status = step.Fate == StepFate.InProgress ? PlannedStepStatus.InProgress : (PlannedStepStatus?)null;
            var stepId = (await Post($"{url}/steps", new PlanStep(step.Domain, step.Title, step.Timeframe, status, step.DueOn, step.Provider,
                step.NeedIndex is { } need ? needs[need].Id : null))).GetProperty("stepId").GetGuid();
            if (step.Fate == StepFate.Done)
                await Post($"{url}/steps/{stepId}/complete", new CompleteStep(step.Outcome, step.ClosedOn), HttpStatusCode.OK);
            else if (step.Fate == StepFate.Cancelled)
                await Post($"{url}/steps/{stepId}/cancel", new { reason = step.Outcome ?? "No longer needed" }, HttpStatusCode.OK);
        }

        foreach (var assessment in plan.Assessments)
            await Post($"{url}/assessments", new RecordAssessment(assessment.AssessedOn, assessment.Scores));

        foreach (var entry in plan.Immigration)
            await Post($"{url}/immigration", new RecordImmigrationEvent(entry.Kind, entry.On, entry.ValidUntil));

        foreach (var entry in plan.Compensation)
            await Post($"{url}/compensation", new { kind = Api.Platform.Json.NameOf(entry.Kind), on = entry.On });

        foreach (var referral in plan.Referrals)
        {
            await Post($"{url}/consents", new GiveConsent(ConsentScope.ShareWithOrganization, referral.On, referral.ToOrganization));
            var referralId = (await Post($"{url}/referrals", new MakeReferral(referral.ToOrganization, referral.Domain, referral.Reason, referral.Urgent)))
                .GetProperty("referralId").GetGuid();
            if (referral.Accepted is { } accepted)
                await Post($"{url}/referrals/{referralId}/{(accepted ? "accept" : "decline")}", new { reason = accepted ? null : "No capacity" },
                    HttpStatusCode.OK, partnerOf(referral.ToOrganization));
        }

        var stepCap = Math.Max(plan.Steps.Count + 5, 60);
        return (new LoadCase(caseId, plan.Steps.Count, stepCap, needs), requests);
    }
}
