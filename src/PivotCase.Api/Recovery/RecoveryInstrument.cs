namespace PivotCase.Api.Recovery;

public enum RecoveryDomain
{
    Safety, Housing, BasicNeeds, PhysicalHealth, MentalHealth, LegalProtection, ImmigrationStatus, Income,
    EmploymentEducation, SocialSupport
}

/// <summary>
/// The recovery instrument, in the spirit of the Self-Sufficiency Matrix: each domain scored from 1 (in crisis),
/// 2 (vulnerable), 3 (safe, stable), 4 (building capacity) to 5 (thriving, empowered). Scores only compare within one
/// instrument version, so every assessment records the version it was scored with.
/// </summary>
public static class RecoveryInstrument
{
    public const string CurrentVersion = "pivotcase-ssm-1";

    public const int LowestScore = 1;
    public const int HighestScore = 5;

    public static readonly IReadOnlySet<string> KnownVersions = new HashSet<string>(StringComparer.Ordinal) { CurrentVersion };

    public static bool IsValidScore(int score) => score is >= LowestScore and <= HighestScore;
}
