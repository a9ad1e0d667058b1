using JasperFx.CommandLine;

namespace PivotCase.Api.Platform.Auth;

public sealed class TokenInput
{
    [Description("Role: caseworker, supervisor, researcher or coordinator (several after one flag: --role caseworker supervisor)")]
    public List<string> RoleFlag { get; set; } = [Roles.Caseworker];

    [Description("Organisation code, for example cathii")]
    public string OrgFlag { get; set; } = "cathii";

    [Description("User id (the sub claim)")]
    public string SubFlag { get; set; } = "worker-1";

    [Description("Display name")]
    public string NameFlag { get; set; } = "Development User";

    [Description("Lifetime in hours")]
    public int HoursFlag { get; set; } = 8;
}

[Description("Prints a development JWT signed with Auth:SigningKey", Name = "token")]
public sealed class TokenCommand : JasperFxCommand<TokenInput>
{
    public override bool Execute(TokenInput input)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile("appsettings.Development.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        var options = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();

        var unknownRoles = input.RoleFlag.Except(Roles.All).ToList();
        if (unknownRoles.Count > 0)
        {
            Console.Error.WriteLine($"Unknown role(s): {string.Join(", ", unknownRoles)}. Use {string.Join(", ", Roles.All)}.");
            return false;
        }

        Console.WriteLine(DevelopmentTokens.Create(options, input.SubFlag, input.NameFlag, input.OrgFlag,
            input.RoleFlag, DateTimeOffset.UtcNow, TimeSpan.FromHours(input.HoursFlag)));
        return true;
    }
}
