using System.Diagnostics;
using Marten;
using Marten.Services;

namespace PivotCase.Api.Platform.Idempotency;

/// <summary>
/// A fault for the reliability tests: the API process kills itself right after a write's transaction commits and before
/// its answer is written, when the write's <c>Idempotency-Key</c> starts with <see cref="KeyPrefix"/>. It exists only
/// when <c>Reliability:FaultInjection:ExitAfterCommit</c> is true in Development; in any other environment that setting
/// stops the application at start-up.
/// </summary>
public sealed class ExitAfterCommit
{
    public const string Setting = "Reliability:FaultInjection:ExitAfterCommit";
    public const string KeyPrefix = "fault-exit-after-commit-";

    private ExitAfterCommit(bool enabled) => Enabled = enabled;

    public bool Enabled { get; }

    public static ExitAfterCommit From(IConfiguration configuration, IHostEnvironment environment)
    {
        var requested = configuration.GetValue<bool>(Setting);
        if (requested && !environment.IsDevelopment())
            throw new InvalidOperationException($"{Setting} is a test fault: it cannot be set in the {environment.EnvironmentName} environment.");
        return new ExitAfterCommit(requested);
    }

    public void ArmFor(string key, IDocumentSession session)
    {
        if (Enabled && key.StartsWith(KeyPrefix, StringComparison.Ordinal)) session.Listeners.Add(new KillProcess());
    }

    private sealed class KillProcess : DocumentSessionListenerBase
    {
        public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
        {
            Process.GetCurrentProcess().Kill();
            return Task.CompletedTask;
        }
    }
}
