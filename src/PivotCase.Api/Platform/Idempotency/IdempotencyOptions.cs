namespace PivotCase.Api.Platform.Idempotency;

/// <summary>The <c>Idempotency</c> configuration section.</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// <summary>Hours a write's answer is kept for retries under its key; 24 by default.</summary>
    public int RetainHours { get; set; } = 24;

    /// <summary>How often each API node deletes the answers kept longer than that.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan Retain => TimeSpan.FromHours(RetainHours);
}
