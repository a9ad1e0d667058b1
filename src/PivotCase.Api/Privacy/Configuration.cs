using Marten;

namespace PivotCase.Api.Privacy;

public static class Configuration
{
    public static WebApplicationBuilder AddPrivacy(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(PrivacyOptions.Section).Get<PrivacyOptions>() ?? new PrivacyOptions();
        if (string.IsNullOrWhiteSpace(options.MasterKey))
            throw new InvalidOperationException("Privacy:MasterKey (base64, 256 bits) must be configured.");
        if (!builder.Environment.IsDevelopment() && options.MasterKey == PrivacyOptions.DevelopmentMasterKey)
            throw new InvalidOperationException("The development master key cannot be used outside Development.");

        byte[] masterKey;
        try
        {
            masterKey = Convert.FromBase64String(options.MasterKey);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("Privacy:MasterKey must be base64.");
        }

        builder.Services.AddSingleton(new PersonalDetailsProtector(masterKey));
        return builder;
    }

    /// <summary>Case keys live in their own table, apart from the events they unlock.</summary>
    public static void ConfigurePrivacy(this StoreOptions options) =>
        options.Schema.For<CaseKey>().DocumentAlias("case_key");
}
