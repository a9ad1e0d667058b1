namespace PivotCase.Api.Platform.Auth;

public static class Roles
{
    public const string Caseworker = "caseworker";
    public const string Supervisor = "supervisor";
    public const string Researcher = "researcher";
    public const string Coordinator = "coordinator";

    public static readonly IReadOnlyList<string> All = [Caseworker, Supervisor, Researcher, Coordinator];
}

/// <summary>Named authorization policies; endpoints name the one they need.</summary>
public static class Policies
{
    /// <summary>Writes to a case: pivot caseworkers.</summary>
    public const string CaseWrite = "case:write";

    /// <summary>Reads of a case: caseworkers and supervisors (object-level access decides which cases).</summary>
    public const string CaseRead = "case:read";

    /// <summary>The organisation's caseload dashboard: supervisors.</summary>
    public const string Dashboard = "dashboard:read";

    /// <summary>A pivot worker's own caseload, what needs doing first: caseworkers.</summary>
    public const string Worklist = "worklist:read";

    /// <summary>Changes to the coalition directory: coordinators.</summary>
    public const string DirectoryWrite = "directory:write";

    /// <summary>Reading the coalition directory: caseworkers, supervisors and coordinators; researchers see aggregates only.</summary>
    public const string DirectoryRead = "directory:read";

    /// <summary>Erasing a case's personal details: coordinators, coalition-wide (no organisation rule applies to them).</summary>
    public const string Erasure = "privacy:erase";

    /// <summary>Reading who read a case: coordinators (any case) and supervisors (their organisation's cases).</summary>
    public const string AccessLog = "privacy:access-log";

    /// <summary>The confidentiality incident register: supervisors (their organisation's) and coordinators (every member's).</summary>
    public const string IncidentRegister = "privacy:incidents";

    /// <summary>Anonymised aggregate statistics: researchers and coordinators, who never reach a case.</summary>
    public const string StatisticsRead = "statistics:read";
}
