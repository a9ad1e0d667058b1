using PivotCase.Api.Platform.Auth;

namespace PivotCase.Tests.Support;

/// <summary>A person holding a token: who they are, their organisation and roles.</summary>
public sealed record TestUser(string Sub, string Organization, params string[] Roles)
{
    public static TestUser Caseworker(string organization = "cathii", string sub = "worker-1") =>
        new(sub, organization, Api.Platform.Auth.Roles.Caseworker);

    public static TestUser Supervisor(string organization = "cathii", string sub = "supervisor-1") =>
        new(sub, organization, Api.Platform.Auth.Roles.Supervisor);

    public static TestUser Researcher(string organization = "univ") => new("researcher-1", organization, Api.Platform.Auth.Roles.Researcher);

    public static TestUser Coordinator(string organization = "coalition") =>
        new("coordinator-1", organization, Api.Platform.Auth.Roles.Coordinator);

    public string TokenFrom(AuthOptions auth, DateTimeOffset now) =>
        DevelopmentTokens.Create(auth, Sub, $"Name of {Sub}", Organization, Roles, now, TimeSpan.FromHours(1));
}
