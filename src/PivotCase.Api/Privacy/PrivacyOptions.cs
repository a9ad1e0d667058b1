namespace PivotCase.Api.Privacy;

/// <summary>The <c>Privacy</c> configuration section.</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>The key shipped in appsettings.Development.json; production refuses to start with it.</summary>
    public const string DevelopmentMasterKey = "cGl2b3RjYXNlLWRldmVsb3BtZW50LW1hc3Rlci1rZXk=";

    /// <summary>Base64 of a 256-bit key that wraps every case's data key.</summary>
    public string? MasterKey { get; set; }
}
