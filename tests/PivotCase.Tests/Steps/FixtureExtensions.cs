using Marten;
using Microsoft.Extensions.DependencyInjection;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Steps;

/// <summary>Helpers of the step and security tests that the shared fixture does not offer.</summary>
public static class FixtureExtensions
{
    /// <summary>
    /// The per-test reset of <see cref="IntegrationTest"/>, made safe for tests that move the clock forward:
    /// <see cref="AppFixture.ResetAsync"/> sets the clock back with FakeTimeProvider.SetUtcNow, which refuses to go
    /// back in time, so a test that advanced the clock would make every later test of the collection fail in its
    /// set-up. AdjustTime may go backwards; it is called first, then the fixture's own reset runs unchanged.
    /// </summary>
    public static Task RewindClockAndResetAsync(this IntegrationTest test, AppFixture app)
    {
        app.Clock.AdjustTime(AppFixture.StartOfTime);
        return test.InitializeAsync();
    }

    /// <summary>Leaves the clock where the fixture expects it, so that tests of other classes can still reset it.</summary>
    public static Task RewindClockAndDisposeAsync(this IntegrationTest test, AppFixture app)
    {
        app.Clock.AdjustTime(AppFixture.StartOfTime);
        return test.DisposeAsync();
    }
}
