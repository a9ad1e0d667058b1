using System.Collections.Immutable;
using PivotCase.Api.Cases;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Platform.Http;
using PivotCase.Api.Referrals;
using PivotCase.Api.Steps;
using Case = PivotCase.Api.Cases.Case;

namespace PivotCase.Tests.Unit;

/// <summary>The object-level access rule and the order in which a write is refused.</summary>
public sealed class CaseAccessTests
{
    private static readonly DateOnly Today = new(2026, 3, 2);

    private sealed record Scoped(string Organization, IReadOnlyList<Consent> Consents, IReadOnlyList<Referral> Referrals) : ICaseScope
    {
        public Scoped(string organization) : this(organization, [], []) { }
    }

    private static Consent ShareWith(string organization, bool personalDetails = false, DateOnly? expiresOn = null,
        bool withdrawn = false) =>
        new(Guid.NewGuid(), ConsentScope.ShareWithOrganization, organization, personalDetails, Today.AddDays(-10), expiresOn,
            withdrawn ? DateTimeOffset.UnixEpoch : null);

    private static Referral ReferralTo(string organization, ReferralStatus status = ReferralStatus.Accepted) =>
        new(Guid.NewGuid(), "cathii", organization, ServiceDomain.Housing, null, false, status, "worker-1",
            DateTimeOffset.UnixEpoch, null, null, null);

    private static Scoped SharedCase(Consent consent, ReferralStatus status = ReferralStatus.Accepted) =>
        new("cathii", [consent], [ReferralTo("maison", status)]);

    private static Caller CallerOf(string organization, params string[] roles) =>
        new("user-1", "User One", organization, roles.ToHashSet(StringComparer.Ordinal));

    private static Case CaseOf(string organization = "cathii", long version = 3, bool closed = false) =>
        new(Guid.NewGuid(), organization, "worker-1", closed ? CaseStatus.Closed : CaseStatus.Open,
            ImmutableDictionary<Guid, StepStatus>.Empty) { Version = version, Layout = Case.CurrentLayout };

    // ---- CanSee ---------------------------------------------------------------------------------------------

    [Fact]
    public void The_same_organisation_sees_its_case() =>
        CaseAccess.CanSee(new Scoped("cathii"), CallerOf("cathii", Roles.Caseworker), Today).ShouldBeTrue();

    [Theory]
    [InlineData("autre")]
    [InlineData("CATHII")]
    [InlineData("cathii ")]
    [InlineData("cath")]
    public void Another_organisation_does_not(string organization) =>
        CaseAccess.CanSee(new Scoped("cathii"), CallerOf(organization, Roles.Caseworker), Today).ShouldBeFalse();

    [Fact]
    public void A_caller_without_an_organisation_sees_nothing_not_even_a_case_without_one()
    {
        CaseAccess.CanSee(new Scoped("cathii"), CallerOf("", Roles.Caseworker), Today).ShouldBeFalse();
        CaseAccess.CanSee(new Scoped(""), CallerOf("", Roles.Caseworker), Today).ShouldBeFalse();
    }

    // ---- CanSeePersonalDetails ------------------------------------------------------------------------------

    [Theory]
    [InlineData(Roles.Caseworker, true)]
    [InlineData(Roles.Supervisor, true)]
    [InlineData(Roles.Researcher, false)]
    [InlineData(Roles.Coordinator, false)]
    public void Personal_details_are_for_the_owning_organisations_caseworkers_and_supervisors(string role, bool allowed) =>
        CaseAccess.CanSeePersonalDetails(new Scoped("cathii"), CallerOf("cathii", role), Today).ShouldBe(allowed);

    [Theory]
    [InlineData(Roles.Caseworker)]
    [InlineData(Roles.Supervisor)]
    public void Never_for_another_organisation(string role) =>
        CaseAccess.CanSeePersonalDetails(new Scoped("cathii"), CallerOf("autre", role), Today).ShouldBeFalse();

    [Fact]
    public void Never_for_a_caller_without_a_role() =>
        CaseAccess.CanSeePersonalDetails(new Scoped("cathii"), CallerOf("cathii"), Today).ShouldBeFalse();

    // ---- Check ----------------------------------------------------------------------------------------------

    [Fact]
    public void Check_answers_404_for_a_missing_and_for_a_hidden_case_alike()
    {
        var missing = CaseAccess.Check(null, CallerOf("cathii", Roles.Caseworker), Today);
        var hidden = CaseAccess.Check(new Scoped("autre"), CallerOf("cathii", Roles.Caseworker), Today);

        missing.Status.ShouldBe(404);
        (hidden.Status, hidden.Title, hidden.Detail).ShouldBe((missing.Status, missing.Title, missing.Detail));
        CaseAccess.Check(new Scoped("cathii"), CallerOf("cathii", Roles.Caseworker), Today).ShouldBeSameAs(Problems.None);
    }

    // ---- CheckWrite -----------------------------------------------------------------------------------------

    [Fact]
    public void Another_organisation_is_404_before_a_stale_version_and_a_closed_case()
    {
        var problem = CaseAccess.CheckWrite(CaseOf("autre", version: 3, closed: true), CallerOf("cathii", Roles.Caseworker),
            Today, expectedVersion: 1);

        problem.Status.ShouldBe(404);
        problem.Detail.ShouldNotBeNull().ShouldNotContain("3");
    }

    [Fact]
    public void A_case_whose_write_model_predates_the_current_layout_is_503_only_to_decisions_that_read_the_new_fields()
    {
        var outdated = CaseOf(version: 3) with { Layout = Case.CurrentLayout - 1 };

        CaseAccess.CheckWrite(outdated, CallerOf("cathii", Roles.Caseworker), Today, 3, decidesFromEntryIds: true).Status.ShouldBe(503);
        CaseAccess.CheckWrite(outdated, CallerOf("autre", Roles.Caseworker), Today, 3, decidesFromEntryIds: true).Status.ShouldBe(404);
        CaseAccess.CheckWrite(outdated, CallerOf("cathii", Roles.Caseworker), Today, 3).ShouldBeSameAs(Problems.None);
    }

    [Fact]
    public void A_missing_case_is_404()
    {
        CaseAccess.CheckWrite(null, CallerOf("cathii", Roles.Caseworker), Today, expectedVersion: 1).Status.ShouldBe(404);
        CaseAccess.CheckWrite(null, CallerOf("cathii", Roles.Caseworker), Today, null, allowClosed: true).Status.ShouldBe(404);
    }

    [Fact]
    public void A_stale_version_is_409_before_a_closed_case()
    {
        var problem = CaseAccess.CheckWrite(CaseOf(version: 3, closed: true), CallerOf("cathii", Roles.Caseworker),
            Today, expectedVersion: 2);

        problem.Status.ShouldBe(409);
        problem.Detail.ShouldNotBeNull().ShouldContain("version");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(0)]
    [InlineData(-1)]
    public void Any_expected_version_but_the_current_one_is_409(long expected) =>
        CaseAccess.CheckWrite(CaseOf(version: 3), CallerOf("cathii", Roles.Caseworker), Today, expected).Status.ShouldBe(409);

    [Fact]
    public void A_closed_case_is_409_when_the_version_is_right_or_not_given()
    {
        var closed = CaseOf(version: 3, closed: true);
        var caller = CallerOf("cathii", Roles.Caseworker);

        var withVersion = CaseAccess.CheckWrite(closed, caller, Today, expectedVersion: 3);
        var withoutVersion = CaseAccess.CheckWrite(closed, caller, Today, expectedVersion: null);

        withVersion.Status.ShouldBe(409);
        withVersion.Detail.ShouldNotBeNull().ShouldContain("closed");
        withoutVersion.Status.ShouldBe(409);
        withoutVersion.Detail.ShouldNotBeNull().ShouldContain("closed");
    }

    [Fact]
    public void AllowClosed_lets_a_write_through_to_a_closed_case_but_still_checks_access_and_version()
    {
        var closed = CaseOf(version: 3, closed: true);

        CaseAccess.CheckWrite(closed, CallerOf("cathii", Roles.Caseworker), Today, 3, allowClosed: true).ShouldBeSameAs(Problems.None);
        CaseAccess.CheckWrite(closed, CallerOf("cathii", Roles.Caseworker), Today, null, allowClosed: true).ShouldBeSameAs(Problems.None);
        CaseAccess.CheckWrite(closed, CallerOf("cathii", Roles.Caseworker), Today, 2, allowClosed: true).Status.ShouldBe(409);
        CaseAccess.CheckWrite(closed, CallerOf("autre", Roles.Caseworker), Today, 3, allowClosed: true).Status.ShouldBe(404);
    }

    [Fact]
    public void An_open_case_at_the_expected_version_may_be_written()
    {
        var open = CaseOf(version: 3);
        var caller = CallerOf("cathii", Roles.Caseworker);

        CaseAccess.CheckWrite(open, caller, Today, 3).ShouldBeSameAs(Problems.None);
        CaseAccess.CheckWrite(open, caller, Today, null).ShouldBeSameAs(Problems.None);
    }

    [Fact]
    public void A_caller_without_an_organisation_cannot_write_a_case_without_one() =>
        CaseAccess.CheckWrite(CaseOf(organization: ""), CallerOf("", Roles.Caseworker), Today, null).Status.ShouldBe(404);

    // ---- Partners: an accepted referral under an active consent to share ----------------------------------

    [Fact]
    public void A_partner_with_an_accepted_referral_and_an_active_consent_sees_the_case() =>
        CaseAccess.RelationOf(SharedCase(ShareWith("maison")), CallerOf("maison", Roles.Caseworker), Today)
            .ShouldBe(CaseRelation.Partner);

    [Theory]
    [InlineData(ReferralStatus.Pending)]
    [InlineData(ReferralStatus.Declined)]
    [InlineData(ReferralStatus.Cancelled)]
    public void A_referral_that_is_not_accepted_grants_nothing(ReferralStatus status) =>
        CaseAccess.CanSee(SharedCase(ShareWith("maison"), status), CallerOf("maison", Roles.Caseworker), Today).ShouldBeFalse();

    [Fact]
    public void Withdrawal_or_expiry_of_the_consent_ends_access_at_once()
    {
        var maison = CallerOf("maison", Roles.Caseworker);

        CaseAccess.CanSee(SharedCase(ShareWith("maison", withdrawn: true)), maison, Today).ShouldBeFalse();
        CaseAccess.CanSee(SharedCase(ShareWith("maison", expiresOn: Today.AddDays(-1))), maison, Today).ShouldBeFalse();
        CaseAccess.CanSee(SharedCase(ShareWith("maison", expiresOn: Today)), maison, Today).ShouldBeTrue();
    }

    [Fact]
    public void A_consent_to_share_with_another_organisation_does_not_count() =>
        CaseAccess.CanSee(SharedCase(ShareWith("ailleurs")), CallerOf("maison", Roles.Caseworker), Today).ShouldBeFalse();

    [Fact]
    public void Partners_see_personal_details_only_when_the_consent_includes_them()
    {
        var maison = CallerOf("maison", Roles.Caseworker);

        CaseAccess.CanSeePersonalDetails(SharedCase(ShareWith("maison")), maison, Today).ShouldBeFalse();
        CaseAccess.CanSeePersonalDetails(SharedCase(ShareWith("maison", personalDetails: true)), maison, Today).ShouldBeTrue();
    }

    [Fact]
    public void Partners_may_log_steps_but_not_make_other_writes()
    {
        var shared = CaseOf() with { Consents = [ShareWith("maison")], Referrals = [ReferralTo("maison")] };
        var maison = CallerOf("maison", Roles.Caseworker);

        CaseAccess.CheckWrite(shared, maison, Today, null, partnersMayWrite: true).ShouldBeSameAs(Problems.None);
        CaseAccess.CheckWrite(shared, maison, Today, null).Status.ShouldBe(403);
    }

    [Fact]
    public void A_write_that_would_add_past_a_cases_bound_is_409_after_the_access_version_and_closed_checks()
    {
        var worker = CallerOf("cathii", Roles.Caseworker);
        var steps = Enumerable.Range(0, CaseBounds.MaxSteps).ToImmutableDictionary(_ => Guid.NewGuid(), _ => StepStatus.Done);
        var full = CaseOf() with { Steps = steps };
        var almost = CaseOf() with { Steps = steps.Remove(steps.Keys.First()) };

        CaseAccess.CheckWrite(almost, worker, Today, 3, adds: CaseAddition.Step).ShouldBeSameAs(Problems.None);
        var refused = CaseAccess.CheckWrite(full, worker, Today, 3, adds: CaseAddition.Step);
        refused.Status.ShouldBe(409);
        refused.Detail.ShouldBe("The case already holds 5,000 steps, the most one case can hold.");
        CaseAccess.CheckWrite(full, worker, Today, 3, adds: CaseAddition.Need).ShouldBeSameAs(Problems.None);
        CaseAccess.CheckWrite(full, worker, Today, 3).ShouldBeSameAs(Problems.None);
        CaseAccess.CheckWrite(full, CallerOf("maison", Roles.Caseworker), Today, 3, adds: CaseAddition.Step).Status.ShouldBe(404);
        CaseAccess.CheckWrite(full, worker, Today, 2, adds: CaseAddition.Step).Detail.ShouldNotBe(refused.Detail);

        var needs = CaseOf() with { Needs = Enumerable.Range(0, CaseBounds.MaxNeeds).Select(_ => Guid.NewGuid()).ToImmutableHashSet() };
        CaseAccess.CheckWrite(needs, worker, Today, 3, adds: CaseAddition.Need).Status.ShouldBe(409);
        var entries = CaseOf() with
        {
            Entries = Enumerable.Range(0, CaseBounds.MaxEntries).ToImmutableDictionary(_ => Guid.NewGuid(), _ => CaseEntryKind.Immigration)
        };
        CaseAccess.CheckWrite(entries, worker, Today, 3, adds: CaseAddition.Entry).Status.ShouldBe(409);
        var referrals = CaseOf() with { Referrals = Enumerable.Range(0, CaseBounds.MaxReferrals).Select(_ => ReferralTo("maison")).ToImmutableList() };
        CaseAccess.CheckWrite(referrals, worker, Today, 3, adds: CaseAddition.Referral).Status.ShouldBe(409);
        var consents = CaseOf() with { Consents = Enumerable.Range(0, CaseBounds.MaxConsents).Select(_ => ShareWith("maison")).ToImmutableList() };
        CaseAccess.CheckWrite(consents, worker, Today, 3, adds: CaseAddition.Consent).Status.ShouldBe(409);
    }
}
