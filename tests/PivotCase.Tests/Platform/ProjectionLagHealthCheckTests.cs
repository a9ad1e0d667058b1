using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PivotCase.Api.Platform;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Platform;

/// <summary>
/// The projections check of <c>/health</c>: a stopped daemon degrades the node once an event has waited longer than the
/// stall limit, however few events are behind; the node is healthy again when the daemon catches up.
/// </summary>
public sealed class ProjectionLagHealthCheckTests(AppFixture app) : IntegrationTest(app)
{
    private Task<HealthCheckResult> CheckAsync(int maxStallSeconds) =>
        new ProjectionLagHealthCheck(App.Host.Services.GetRequiredService<IDocumentStore>(),
                new ConfigurationBuilder()
                    .AddInMemoryCollection(new Dictionary<string, string?> { [ProjectionLagHealthCheck.MaxStallSetting] = $"{maxStallSeconds}" })
                    .Build())
            .CheckHealthAsync(new HealthCheckContext());

    [Fact]
    public async Task An_event_waiting_longer_than_the_stall_limit_degrades_the_node_until_the_daemon_catches_up()
    {
        (await CheckAsync(0)).Status.ShouldBe(HealthStatus.Healthy, "no event yet");

        var coordinator = App.Host.Services.GetRequiredService<IProjectionCoordinator>();
        await coordinator.PauseAsync();
        try
        {
            await OpenCase();
            await Eventually.HoldsAsync(async () =>
                    (double)(await CheckAsync(ProjectionLagHealthCheck.DefaultMaxStallSeconds)).Data["oldestUnprojectedSeconds"] >= 1.05,
                "the unprojected event to be a second old", CancellationToken.None);

            var patient = await CheckAsync(ProjectionLagHealthCheck.DefaultMaxStallSeconds);
            patient.Status.ShouldBe(HealthStatus.Healthy);
            ((long)patient.Data["eventsBehind"]).ShouldBe(1);
            ((double)patient.Data["oldestUnprojectedSeconds"]).ShouldBeGreaterThanOrEqualTo(1);

            var strict = await CheckAsync(1);
            strict.Status.ShouldBe(HealthStatus.Degraded);
            strict.Description.ShouldNotBeNull().ShouldStartWith("An event has waited");
        }
        finally
        {
            await coordinator.ResumeAsync();
        }

        await ProjectionsCaughtUp();
        var caughtUp = await CheckAsync(1);
        caughtUp.Status.ShouldBe(HealthStatus.Healthy);
        ((long)caughtUp.Data["eventsBehind"]).ShouldBe(0);
    }
}
