using System.Collections.Immutable;
using PivotCase.Api.Cases;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Platform.Http;
using PivotCase.Api.Steps;
using Case = PivotCase.Api.Cases.Case;

namespace PivotCase.Tests.Unit;

/// <summary>The object-level access rule and the order in which a write is refused.</summary>
public sealed class CaseAccessTests
{
    private sealed record Scoped(string Organization) : IOrganizationScoped;

    private static Caller CallerOf(string organization, params string[] roles) =>
        new("user-1", "User One", organization, roles.ToHashSet(StringComparer.Ordinal));

    private static Case CaseOf(string organization = "cathii", long version = 3, bool closed = false) =>
        new(Guid.NewGuid(), organization, "worker-1", closed ? CaseStatus.Closed : CaseStatus.Open,
            ImmutableDictionary<Guid, StepStatus>.Empty) { Version = version };

    // ---- CanSee ---------------------------------------------------------------------------------------------

    [Fact]
    public void The_same_organisation_sees_its_case() =>
        CaseAccess.CanSee(new Scoped("cathii"), CallerOf("cathii", Roles.Caseworker)).ShouldBeTrue();

    [Theory]
    [InlineData("autre")]
    [InlineData("CATHII")]
    [InlineData("cathii ")]
    [InlineData("cath")]
    public void Another_organisation_does_not(string organization) =>
        CaseAccess.CanSee(new Scoped("cathii"), CallerOf(organization, Roles.Caseworker)).ShouldBeFalse();

    [Fact]
    public void A_caller_without_an_organisation_sees_nothing_not_even_a_case_without_one()
    {
        CaseAccess.CanSee(new Scoped("cathii"), CallerOf("", Roles.Caseworker)).ShouldBeFalse();
        CaseAccess.CanSee(new Scoped(""), CallerOf("", Roles.Caseworker)).ShouldBeFalse();
    }

    // ---- CanSeePersonalDetails ------------------------------------------------------------------------------

    [Theory]
    [InlineData(Roles.Caseworker, true)]
    [InlineData(Roles.Supervisor, true)]
    [InlineData(Roles.Researcher, false)]
    [InlineData(Roles.Coordinator, false)]
    public void Personal_details_are_for_the_owning_organisations_caseworkers_and_supervisors(string role, bool allowed) =>
        CaseAccess.CanSeePersonalDetails(new Scoped("cathii"), CallerOf("cathii", role)).ShouldBe(allowed);

    [Theory]
    [InlineData(Roles.Caseworker)]
    [InlineData(Roles.Supervisor)]
    public void Never_for_another_organisation(string role) =>
        CaseAccess.CanSeePersonalDetails(new Scoped("cathii"), CallerOf("autre", role)).ShouldBeFalse();

    [Fact]
    public void Never_for_a_caller_without_a_role() =>
        CaseAccess.CanSeePersonalDetails(new Scoped("cathii"), CallerOf("cathii")).ShouldBeFalse();

    // ---- Check ----------------------------------------------------------------------------------------------

    [Fact]
    public void Check_answers_404_for_a_missing_and_for_a_hidden_case_alike()
    {
        var missing = CaseAccess.Check(null, CallerOf("cathii", Roles.Caseworker));
        var hidden = CaseAccess.Check(new Scoped("autre"), CallerOf("cathii", Roles.Caseworker));

        missing.Status.ShouldBe(404);
        (hidden.Status, hidden.Title, hidden.Detail).ShouldBe((missing.Status, missing.Title, missing.Detail));
        CaseAccess.Check(new Scoped("cathii"), CallerOf("cathii", Roles.Caseworker)).ShouldBeSameAs(Problems.None);
    }

    // ---- CheckWrite -----------------------------------------------------------------------------------------

    [Fact]
    public void Another_organisation_is_404_before_a_stale_version_and_a_closed_case()
    {
        var problem = CaseAccess.CheckWrite(CaseOf("autre", version: 3, closed: true), CallerOf("cathii", Roles.Caseworker),
            expectedVersion: 1);

        problem.Status.ShouldBe(404);
        problem.Detail.ShouldNotBeNull().ShouldNotContain("3");
    }

    [Fact]
    public void A_missing_case_is_404()
    {
        CaseAccess.CheckWrite(null, CallerOf("cathii", Roles.Caseworker), expectedVersion: 1).Status.ShouldBe(404);
        CaseAccess.CheckWrite(null, CallerOf("cathii", Roles.Caseworker), null, allowClosed: true).Status.ShouldBe(404);
    }

    [Fact]
    public void A_stale_version_is_409_before_a_closed_case()
    {
        var problem = CaseAccess.CheckWrite(CaseOf(version: 3, closed: true), CallerOf("cathii", Roles.Caseworker),
            expectedVersion: 2);

        problem.Status.ShouldBe(409);
        problem.Detail.ShouldNotBeNull().ShouldContain("version");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(0)]
    [InlineData(-1)]
    public void Any_expected_version_but_the_current_one_is_409(long expected) =>
        CaseAccess.CheckWrite(CaseOf(version: 3), CallerOf("cathii", Roles.Caseworker), expected).Status.ShouldBe(409);

    [Fact]
    public void A_closed_case_is_409_when_the_version_is_right_or_not_given()
    {
        var closed = CaseOf(version: 3, closed: true);
        var caller = CallerOf("cathii", Roles.Caseworker);

        var withVersion = CaseAccess.CheckWrite(closed, caller, expectedVersion: 3);
        var withoutVersion = CaseAccess.CheckWrite(closed, caller, expectedVersion: null);

        withVersion.Status.ShouldBe(409);
        withVersion.Detail.ShouldNotBeNull().ShouldContain("closed");
        withoutVersion.Status.ShouldBe(409);
        withoutVersion.Detail.ShouldNotBeNull().ShouldContain("closed");
    }

    [Fact]
    public void AllowClosed_lets_a_write_through_to_a_closed_case_but_still_checks_access_and_version()
    {
        var closed = CaseOf(version: 3, closed: true);

        CaseAccess.CheckWrite(closed, CallerOf("cathii", Roles.Caseworker), 3, allowClosed: true).ShouldBeSameAs(Problems.None);
        CaseAccess.CheckWrite(closed, CallerOf("cathii", Roles.Caseworker), null, allowClosed: true).ShouldBeSameAs(Problems.None);
        CaseAccess.CheckWrite(closed, CallerOf("cathii", Roles.Caseworker), 2, allowClosed: true).Status.ShouldBe(409);
        CaseAccess.CheckWrite(closed, CallerOf("autre", Roles.Caseworker), 3, allowClosed: true).Status.ShouldBe(404);
    }

    [Fact]
    public void An_open_case_at_the_expected_version_may_be_written()
    {
        var open = CaseOf(version: 3);
        var caller = CallerOf("cathii", Roles.Caseworker);

        CaseAccess.CheckWrite(open, caller, 3).ShouldBeSameAs(Problems.None);
        CaseAccess.CheckWrite(open, caller, null).ShouldBeSameAs(Problems.None);
    }

    [Fact]
    public void A_caller_without_an_organisation_cannot_write_a_case_without_one() =>
        CaseAccess.CheckWrite(CaseOf(organization: ""), CallerOf("", Roles.Caseworker), null).Status.ShouldBe(404);
}
