namespace PivotCase.Api.Privacy;

/// <summary>The <c>Privacy</c> configuration section.</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>The key shipped in appsettings.Development.json; production refuses to start with it.</summary>
    public const string DevelopmentMasterKey = "cGl2b3RjYXNlLWRldmVsb3BtZW50LW1hc3Rlci1rZXk=";

    /// <summary>Base64 of a 256-bit key that wraps every case's data key.</summary>
    public string? MasterKey { get; set; }

    /// <summary>
    /// Days after a case is closed (and not reopened) before its personal details are erased automatically. Two years by
    /// default, so that a survivor who comes back soon after closing finds the case whole; the coalition's retention
    /// schedule decides the real figure.
    /// </summary>
    public int RetainPersonalDetailsDays { get; set; } = 730;

    public const int LongestRetentionDays = 36_500;

    /// <summary>How often each API node looks for closed cases past the retention period.</summary>
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan RetainPersonalDetails => TimeSpan.FromDays(RetainPersonalDetailsDays);
}
