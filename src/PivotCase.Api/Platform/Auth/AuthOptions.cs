namespace PivotCase.Api.Platform.Auth;

/// <summary>The <c>Auth</c> configuration section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The key shipped in appsettings.Development.json; production refuses to start with it.</summary>
    public const string DevelopmentSigningKey = "pivotcase-development-signing-key-not-for-production-use";

    public string Issuer { get; set; } = string.Empty;
    public string Audience { get; set; } = string.Empty;

    /// <summary>An OpenID Connect provider (production).</summary>
    public string? Authority { get; set; }

    /// <summary>An HS256 key of at least 32 characters (development and tests).</summary>
    public string? SigningKey { get; set; }

    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);
}
