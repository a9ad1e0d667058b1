using System.Text.Json.Nodes;
using PivotCase.Api.Cases;
using PivotCase.Api.Compensation;
using PivotCase.Api.Immigration;
using PivotCase.Api.Referrals;
using PivotCase.Api.Steps;
using PivotCase.Tests.Security;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Cases;

/// <summary>
/// The rules every case write shares, tried on each of them (api.md): a stale <c>expectedVersion</c> is 409, a closed
/// case refuses every write but its reopening, a consent's withdrawal and a pending referral's cancellation, and a case
/// at one of its bounds (<see cref="CaseBounds"/>) refuses one more of that kind. Each refusal appends nothing.
/// </summary>
public sealed class CaseWriteRuleTests(AppFixture app) : CaseRouteTest(app)
{
    public static TheoryData<string> CaseWrites => new(Routes.Where(r => r.Value.IsWrite && r.Value.HasCaseId).Select(r => r.Key));

    [Theory]
    [MemberData(nameof(CaseWrites))]
    public async Task A_stale_expected_version_is_409_and_appends_nothing_and_the_current_one_goes_through(string name)
    {
        var route = Routes[name];
        var ids = await ArrangeCaseFor(name);
        var caller = route.ByReceivingOrganisation ? ReceivingWorker : Worker;
        var version = (await Stream(ids.CaseId)).Count;
        var before = await App.AllEventCount();

        var stale = await Call(route with { Body = WithExpectedVersion(route.Body, version - 1) }, ids, caller);

        stale.ShouldBeCleanProblem(409);
        (await App.AllEventCount()).ShouldBe(before, name);

        var current = await Call(route with { Body = WithExpectedVersion(route.Body, version) }, ids, caller);
        current.Status.ShouldBe(route.Success, $"{name}: {current.Body}");
        current.Json["version"]!.GetValue<long>().ShouldBe((await Stream(ids.CaseId)).Count);
        (await Stream(ids.CaseId)).Count.ShouldBeGreaterThan(version, name);
    }

    /// <summary>
    /// A survivor may withdraw a consent at any time, the case closed or not (Law 25, ADR 0008). Closing a case cancels
    /// its pending referrals (CloseAndReopenTests), so the routes on a pending referral are tried on a case closed
    /// without that cancellation, as cases closed before the rule were: answers are refused, a cancellation is not.
    /// </summary>
    [Theory]
    [MemberData(nameof(CaseWrites))]
    public async Task A_closed_case_refuses_every_write_but_its_reopening_a_consents_withdrawal_and_a_referrals_cancellation(string name)
    {
        var route = Routes[name];
        var ids = await ArrangeCaseFor(name);
        if (route.NeedsReferral)
            await AppendClosingThatLeavesReferralsPending(ids.CaseId);
        else if (name != "reopen case")
            await Post($"/api/cases/{ids.CaseId}/close", new { reason = "moved" }, Worker, 200);
        var before = (await Stream(ids.CaseId)).Count;

        var response = await Call(route, ids, route.ByReceivingOrganisation ? ReceivingWorker : Worker);

        if (name is "reopen case" or "withdraw consent" or "cancel referral")
        {
            response.Status.ShouldBe(200, response.Body);
            (await Stream(ids.CaseId)).Count.ShouldBe(before + 1);
            return;
        }

        response.ShouldBeCleanProblem(409);
        response.Json["detail"]!.GetValue<string>().ShouldBe(route.NeedsReferral ? "The case is closed." : "The case is closed: reopen it first.");
        (await Stream(ids.CaseId)).Count.ShouldBe(before, name);
        (await Get($"/api/cases/{ids.CaseId}", Worker, 200)).Json["status"]!.GetValue<string>().ShouldBe("closed");
    }

    private Task AppendClosingThatLeavesReferralsPending(Guid caseId) =>
        App.AppendEventsAsync(caseId, new CaseClosed(caseId, ClosureReason.Moved, Worker.Sub, App.Clock.GetUtcNow()));

    public static TheoryData<string, string> BoundedAdditions => new()
    {
        { "record need", "1,000 needs" },
        { "give consent", "500 consents" },
        { "make referral", "1,000 referrals" },
        { "record immigration event", "2,000 immigration, IVAC and emergency-fund entries" },
        { "record compensation event", "2,000 immigration, IVAC and emergency-fund entries" },
        { "disburse emergency fund", "2,000 immigration, IVAC and emergency-fund entries" }
    };

    /// <summary>The steps' bound is tried in PlanStepTests; entries of the three kinds count together.</summary>
    [Theory]
    [MemberData(nameof(BoundedAdditions))]
    public async Task A_case_at_a_bound_refuses_one_more_of_that_kind_and_takes_other_writes(string name, string held)
    {
        await RegisterReceivingOrganisation();
        var caseId = await OpenCase();
        await App.AppendEventsAsync(caseId, Filling(name, caseId));
        var before = (await Stream(caseId)).Count;

        var refused = await Record(name, caseId, 409);

        refused.ShouldBeCleanProblem(409);
        refused.Json["detail"]!.GetValue<string>().ShouldBe($"The case already holds {held}, the most one case can hold.");
        (await Stream(caseId)).Count.ShouldBe(before);
        await PlanStep(caseId);
        (await Stream(caseId)).Count.ShouldBe(before + 1);
    }

    private static IEnumerable<object> Filling(string name, Guid caseId)
    {
        var on = DateOnly.FromDateTime(AppFixture.StartOfTime.UtcDateTime);
        var consentToShare = Guid.CreateVersion7();
        return name switch
        {
            "record need" => Enumerable.Range(0, CaseBounds.MaxNeeds).Select(_ => (object)new NeedRecorded(caseId, Guid.CreateVersion7(),
                ServiceDomain.Other, Timeframe.LongTerm, null, Worker.Sub, AppFixture.StartOfTime)),
            "give consent" => Enumerable.Range(0, CaseBounds.MaxConsents).Select(_ => (object)new ConsentGiven(caseId, Guid.CreateVersion7(),
                ConsentScope.ResearchStatistics, null, false, on, null, Worker.Sub, AppFixture.StartOfTime)),
            "make referral" => Enumerable.Range(0, CaseBounds.MaxReferrals).Select(_ => (object)new ReferralMade(caseId, Guid.CreateVersion7(),
                    Worker.Organization, Receiving, ServiceDomain.Other, null, false, consentToShare, Worker.Sub, AppFixture.StartOfTime))
                .Prepend(new ConsentGiven(caseId, consentToShare, ConsentScope.ShareWithOrganization, Receiving, false, on, null,
                    Worker.Sub, AppFixture.StartOfTime)),
            _ => Enumerable.Range(0, CaseBounds.MaxEntries).Select(index => (index % 3) switch
            {
                0 => (object)new ImmigrationEventRecorded(caseId, Guid.CreateVersion7(), ImmigrationEventKind.Other, on, null, Worker.Sub,
                    AppFixture.StartOfTime),
                1 => new CompensationEventRecorded(caseId, Guid.CreateVersion7(), CompensationEventKind.ClaimFiled, on, Worker.Sub,
                    AppFixture.StartOfTime),
                _ => new EmergencyFundDisbursed(caseId, Guid.CreateVersion7(), 10m, FundCategory.Transport, on, Worker.Sub,
                    AppFixture.StartOfTime)
            })
        };
    }

    private static string WithExpectedVersion(string? body, long version)
    {
        var json = JsonNode.Parse(body ?? "{}")!.AsObject();
        json["expectedVersion"] = version;
        return json.ToJsonString();
    }
}
