using PivotCase.Api.Referrals;

namespace PivotCase.Tests.Unit;

public sealed class ShareExpiriesTests
{
    private static Consent Share(string organization, string? expiresOn, bool withdrawn = false) =>
        new(Guid.NewGuid(), ConsentScope.ShareWithOrganization, organization, false, new DateOnly(2026, 3, 2),
            expiresOn is null ? null : DateOnly.Parse(expiresOn), withdrawn ? DateTimeOffset.UnixEpoch : null);

    [Fact]
    public void Each_partner_loses_access_on_the_last_expiry_of_its_consents_never_with_one_without_expiry_and_the_owner_never()
    {
        var expiries = ConsentLedger.ShareExpiries([
            Share("maison", "2026-04-01"), Share("maison", "2026-05-01"), Share("maison", "2026-09-01", withdrawn: true),
            Share("refuge", "2026-04-15"), Share("refuge", null),
            Share("abri", "2026-06-30"),
            Share("cathii", "2026-04-20"),
            new Consent(Guid.NewGuid(), ConsentScope.ResearchStatistics, null, false, new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 10), null)
        ], owner: "cathii");

        expiries.Order().ShouldBe([new DateOnly(2026, 5, 1), new DateOnly(2026, 6, 30)]);
    }
}
